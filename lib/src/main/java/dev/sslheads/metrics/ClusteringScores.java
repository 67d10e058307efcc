package dev.sslheads.metrics;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import tech.tablesaw.api.StringColumn;

/**
 * External clustering scores with the exact definitions of scikit-learn (checked against 1.2.1):
 * {@link #normalizedMutualInfo} is {@code sklearn.metrics.normalized_mutual_info_score} with its
 * default {@code average_method="arithmetic"}, and {@link #adjustedRandIndex} is
 * {@code sklearn.metrics.adjusted_rand_score}. Only the partitions matter: label values are compared
 * for equality, never for order or magnitude.
 *
 * <p>Why hand-written: each score is a short formula over the contingency table, and no maintained
 * permissively licensed JVM library gives sklearn-identical values. Smile's
 * {@code NormalizedMutualInformation.sum} / {@code AdjustedRandIndex} come closest, but Smile 3+ is
 * GPL-3 (or commercial), wants dense non-negative labels, and does not share sklearn's special cases
 * (e.g. two single-cluster labelings give 0/0 there, 1.0 in sklearn). Commons Math and Tablesaw have
 * neither score. The arithmetic below follows sklearn's operation order, so the values agree with it
 * to within a few ulps (the golden test asks for 1e-12).
 */
public final class ClusteringScores {
    private static final double EPS = Math.ulp(1.0); // np.finfo(np.float64).eps

    private ClusteringScores() {}

    /**
     * Normalized mutual information, {@code MI / ((H_true + H_pred) / 2)} in nats, as sklearn's
     * {@code normalized_mutual_info_score(labelsTrue, labelsPred)}: 1.0 when both labelings have a
     * single cluster, 0.0 when the MI is 0; MI terms below machine epsilon are dropped and the MI is
     * clipped at 0.
     *
     * @throws IllegalArgumentException on null, empty or different-length labelings
     */
    public static double normalizedMutualInfo(int[] labelsTrue, int[] labelsPred) {
        Contingency c = Contingency.of(labelsTrue, labelsPred);
        if (c.rowSums.length == 1 && c.colSums.length == 1) {
            return 1.0;
        }
        double mi = mutualInfo(c);
        if (mi == 0.0) {
            return 0.0;
        }
        double hTrue = entropy(c.rowSums, c.n);
        double hPred = entropy(c.colSums, c.n);
        return mi / ((hTrue + hPred) / 2.0);
    }

    /**
     * Adjusted Rand index from the pair confusion matrix, as sklearn's
     * {@code adjusted_rand_score(labelsTrue, labelsPred)}: 1.0 when no pair is split differently by the
     * two labelings, otherwise {@code 2 (tp tn - fn fp) / ((tp + fn)(fn + tn) + (tp + fp)(fp + tn))}
     * (may be negative).
     *
     * @throws IllegalArgumentException on null, empty or different-length labelings
     */
    public static double adjustedRandIndex(int[] labelsTrue, int[] labelsPred) {
        Contingency c = Contingency.of(labelsTrue, labelsPred);
        long n = c.n;
        long sumSquares = 0;
        for (long v : c.values) {
            sumSquares += v * v;
        }
        long sumRowSquares = 0;
        for (long v : c.rowSums) {
            sumRowSquares += v * v;
        }
        long sumColSquares = 0;
        for (long v : c.colSums) {
            sumColSquares += v * v;
        }
        long tp = sumSquares - n;
        long fp = sumColSquares - sumSquares; // C[0, 1]
        long fn = sumRowSquares - sumSquares; // C[1, 0]
        long tn = n * n - fp - fn - sumSquares;
        if (fn == 0 && fp == 0) {
            return 1.0;
        }
        // sklearn converts to Python ints (exact) before the final float division.
        BigInteger bTp = BigInteger.valueOf(tp);
        BigInteger bTn = BigInteger.valueOf(tn);
        BigInteger bFp = BigInteger.valueOf(fp);
        BigInteger bFn = BigInteger.valueOf(fn);
        BigInteger numerator = bTp.multiply(bTn).subtract(bFn.multiply(bFp));
        BigInteger denominator = bTp.add(bFn).multiply(bFn.add(bTn))
                .add(bTp.add(bFp).multiply(bFp.add(bTn)));
        return 2.0 * numerator.doubleValue() / denominator.doubleValue();
    }

    /** {@link #normalizedMutualInfo(int[], int[])} on string labels; null is an error. */
    public static double normalizedMutualInfo(String[] labelsTrue, String[] labelsPred) {
        checkPair(labelsTrue == null ? null : labelsTrue.length, labelsPred == null ? null : labelsPred.length);
        return normalizedMutualInfo(encode(labelsTrue, "labelsTrue"), encode(labelsPred, "labelsPred"));
    }

    /** {@link #adjustedRandIndex(int[], int[])} on string labels; null is an error. */
    public static double adjustedRandIndex(String[] labelsTrue, String[] labelsPred) {
        checkPair(labelsTrue == null ? null : labelsTrue.length, labelsPred == null ? null : labelsPred.length);
        return adjustedRandIndex(encode(labelsTrue, "labelsTrue"), encode(labelsPred, "labelsPred"));
    }

    /**
     * {@link #normalizedMutualInfo(int[], int[])} on Tablesaw string columns; missing values (including
     * {@code ""}, Tablesaw's missing-string marker) are an error.
     */
    public static double normalizedMutualInfo(StringColumn labelsTrue, StringColumn labelsPred) {
        checkPair(labelsTrue == null ? null : labelsTrue.size(), labelsPred == null ? null : labelsPred.size());
        return normalizedMutualInfo(encode(labelsTrue, "labelsTrue"), encode(labelsPred, "labelsPred"));
    }

    /**
     * {@link #adjustedRandIndex(int[], int[])} on Tablesaw string columns; missing values (including
     * {@code ""}, Tablesaw's missing-string marker) are an error.
     */
    public static double adjustedRandIndex(StringColumn labelsTrue, StringColumn labelsPred) {
        checkPair(labelsTrue == null ? null : labelsTrue.size(), labelsPred == null ? null : labelsPred.size());
        return adjustedRandIndex(encode(labelsTrue, "labelsTrue"), encode(labelsPred, "labelsPred"));
    }

    // sklearn mutual_info_score with a precomputed contingency table.
    private static double mutualInfo(Contingency c) {
        if (c.rowSums.length == 1 || c.colSums.length == 1) {
            return 0.0;
        }
        double total = c.n;
        double logTotal = Math.log(total);
        double logOuterOffset = Math.log(total) + Math.log(total); // log(pi.sum()) + log(pj.sum())
        double sum = 0.0;
        for (int k = 0; k < c.values.length; k++) {
            long nz = c.values[k];
            double p = nz / total;
            long outer = c.rowSums[c.rows[k]] * c.colSums[c.cols[k]];
            double logOuter = -Math.log((double) outer) + logOuterOffset;
            double term = p * (Math.log((double) nz) - logTotal) + p * logOuter;
            if (Math.abs(term) >= EPS) {
                sum += term;
            }
        }
        return Math.max(sum, 0.0);
    }

    // sklearn entropy(labels) from the cluster sizes.
    private static double entropy(long[] sizes, long n) {
        if (sizes.length == 1) {
            return 0.0;
        }
        double total = n;
        double logTotal = Math.log(total);
        double sum = 0.0;
        for (long s : sizes) {
            sum += (s / total) * (Math.log((double) s) - logTotal);
        }
        return -sum;
    }

    private static void checkPair(Integer lengthTrue, Integer lengthPred) {
        if (lengthTrue == null) {
            throw new IllegalArgumentException("labelsTrue is null");
        }
        if (lengthPred == null) {
            throw new IllegalArgumentException("labelsPred is null");
        }
        if (lengthTrue.intValue() != lengthPred.intValue()) {
            throw new IllegalArgumentException("labelsTrue and labelsPred differ in length: "
                    + lengthTrue + " vs " + lengthPred);
        }
        if (lengthTrue == 0) {
            throw new IllegalArgumentException("labelsTrue and labelsPred are empty");
        }
    }

    private static int[] encode(String[] labels, String what) {
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                throw new IllegalArgumentException(what + " has a missing (null) label at row " + i);
            }
            out[i] = ids.computeIfAbsent(labels[i], k -> ids.size());
        }
        return out;
    }

    private static int[] encode(StringColumn labels, String what) {
        Map<String, Integer> ids = new HashMap<>();
        int[] out = new int[labels.size()];
        for (int i = 0; i < out.length; i++) {
            String value = labels.get(i);
            // Tablesaw's missing string is ""; after setMissing(i) isMissing(i) can still say false (0.44.4).
            if (labels.isMissing(i) || value == null || value.isEmpty()) {
                throw new IllegalArgumentException(what + " (column '" + labels.name()
                        + "') has a missing label at row " + i);
            }
            out[i] = ids.computeIfAbsent(value, k -> ids.size());
        }
        return out;
    }

    /**
     * Sparse contingency table with rows / columns in sorted label order and the non-zero cells in
     * row-major order, as scipy's {@code sp.find} returns them for sklearn's CSR table.
     */
    private record Contingency(long n, long[] rowSums, long[] colSums, int[] rows, int[] cols, long[] values) {
        static Contingency of(int[] labelsTrue, int[] labelsPred) {
            checkPair(labelsTrue == null ? null : labelsTrue.length, labelsPred == null ? null : labelsPred.length);
            int n = labelsTrue.length;
            int[] rowOf = denseRanks(labelsTrue);
            int[] colOf = denseRanks(labelsPred);
            int nRows = 0;
            int nCols = 0;
            for (int i = 0; i < n; i++) {
                nRows = Math.max(nRows, rowOf[i] + 1);
                nCols = Math.max(nCols, colOf[i] + 1);
            }
            long[] rowSums = new long[nRows];
            long[] colSums = new long[nCols];
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                rowSums[rowOf[i]]++;
                colSums[colOf[i]]++;
                keys[i] = (long) rowOf[i] * nCols + colOf[i];
            }
            java.util.Arrays.sort(keys);
            int cells = 0;
            for (int i = 0; i < n; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    cells++;
                }
            }
            int[] rows = new int[cells];
            int[] cols = new int[cells];
            long[] values = new long[cells];
            int k = -1;
            for (int i = 0; i < n; i++) {
                if (i == 0 || keys[i] != keys[i - 1]) {
                    k++;
                    rows[k] = (int) (keys[i] / nCols);
                    cols[k] = (int) (keys[i] % nCols);
                }
                values[k]++;
            }
            return new Contingency(n, rowSums, colSums, rows, cols, values);
        }

        // np.unique(labels, return_inverse=True)[1]
        private static int[] denseRanks(int[] labels) {
            int[] sorted = labels.clone();
            java.util.Arrays.sort(sorted);
            int distinct = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (i == 0 || sorted[i] != sorted[i - 1]) {
                    sorted[distinct++] = sorted[i];
                }
            }
            int[] out = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                out[i] = java.util.Arrays.binarySearch(sorted, 0, distinct, labels[i]);
            }
            return out;
        }
    }
}
