package dev.sslheads.preprocessing;

import java.util.Arrays;

/**
 * scanpy's {@code normalize_total} without {@code exclude_highly_expressed}, in place on float32
 * values laid out in rows (dense or CSR, given by their row starts).
 *
 * <p>Arithmetic: each total is a float64 sum of the row's float32 values, stored as float32. That is
 * scanpy's CSR kernel exactly; for dense input scanpy sums in float32 (numpy's pairwise sum), which
 * gives the same float32 total whenever the values are integer counts with totals below 2^24 and
 * differs by a few float32 ulps at most otherwise. The rest is scanpy's float32 arithmetic:
 * {@code factor = total / target} in float32 (a zero factor becomes 1, so empty cells stay as they
 * are) and every value becomes {@code value / factor} in float32.
 */
final class TotalCountNormalization {
    private TotalCountNormalization() {}

    /**
     * Scales every row of {@code data} to the target total, in place.
     *
     * @param rows (nObs + 1) row starts into {@code data}
     * @param targetSum the total to scale to, or {@code null} for the median of the positive totals
     * @throws IllegalArgumentException before anything is written, if {@code targetSum} is not a
     *     positive float32 value, or if it is {@code null} and no cell has a positive total
     */
    static NormalizedTotals apply(float[] data, long[] rows, Double targetSum) {
        Float requested = targetSum == null ? null : checkedTarget(targetSum);
        float[] totals = totals(data, rows);
        float target = requested == null ? medianOfPositive(totals) : requested;
        for (int i = 0; i < totals.length; i++) {
            float factor = totals[i] / target;
            if (factor == 0f) {
                factor = 1f;
            }
            for (int k = (int) rows[i]; k < rows[i + 1]; k++) {
                data[k] = data[k] / factor;
            }
        }
        return new NormalizedTotals(totals, target);
    }

    private static float checkedTarget(double targetSum) {
        float target = (float) targetSum;
        if (!(target > 0f) || Float.isInfinite(target)) {
            throw new IllegalArgumentException("targetSum: expected a finite value > 0 that float32 holds, got "
                    + targetSum);
        }
        return target;
    }

    private static float[] totals(float[] data, long[] rows) {
        float[] totals = new float[rows.length - 1];
        for (int i = 0; i < totals.length; i++) {
            double sum = 0.0;
            for (int k = (int) rows[i]; k < rows[i + 1]; k++) {
                sum += data[k];
            }
            totals[i] = (float) sum;
        }
        return totals;
    }

    /** numpy's {@code np.median(totals[totals > 0])} in float32: the mean of the middle two when even. */
    private static float medianOfPositive(float[] totals) {
        float[] positive = new float[totals.length];
        int n = 0;
        for (float t : totals) {
            if (t > 0f) {
                positive[n++] = t;
            }
        }
        if (n == 0) {
            throw new IllegalArgumentException("targetSum: the default (the median of the positive cell totals) is"
                    + " undefined because no cell has a positive total (scanpy would fill the matrix with NaN);"
                    + " pass a targetSum");
        }
        Arrays.sort(positive, 0, n);
        return n % 2 == 1 ? positive[n / 2] : (positive[n / 2 - 1] + positive[n / 2]) / 2f;
    }
}
