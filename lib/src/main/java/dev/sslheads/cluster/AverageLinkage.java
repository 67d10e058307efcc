package dev.sslheads.cluster;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Average linkage (UPGMA) on cosine distance, reproducing
 * {@code sklearn.cluster.AgglomerativeClustering(n_clusters=None, distance_threshold=0,
 * compute_full_tree=True, metric="cosine", linkage="average")}, i.e. scipy's
 * {@code linkage(X, "average", "cosine")}: merge order, child ids and heights.
 *
 * <p>As in scipy: the (K, O) rows are converted to double; the cosine distance {@code 1 - cos} is
 * computed with the summation order of scipy's {@code pdist} (two interleaved partial sums, the odd
 * element last) and clipped like it; merges come from the nearest-neighbour-chain algorithm,
 * are stably sorted by height, and are relabelled with a union-find so that node K+i is created by
 * sorted merge i.
 */
public final class AverageLinkage {
    private AverageLinkage() {}

    /** Clusters the K rows of {@code x} (K, O), any numeric type on any device (copied to the host). */
    public static Dendrogram fit(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("x must be a 2-D array (K, O), got shape " + shape);
        }
        try (NDArray values = x.toType(DataType.FLOAT64, true)) {
            return fit(values.toDoubleArray(), Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)));
        }
    }

    /** Clusters the K rows of {@code x} (K, O). */
    public static Dendrogram fit(float[][] x) {
        int k = x.length;
        int o = k == 0 ? 0 : x[0].length;
        double[] values = new double[k * o];
        for (int i = 0; i < k; i++) {
            if (x[i].length != o) {
                throw new IllegalArgumentException("x must be a (K, O) matrix: row 0 has " + o + " columns, row "
                        + i + " has " + x[i].length);
            }
            for (int j = 0; j < o; j++) {
                values[i * o + j] = x[i][j];
            }
        }
        return fit(values, k, o);
    }

    private static Dendrogram fit(double[] x, int k, int o) {
        if (k < 2) {
            throw new IllegalArgumentException("x must have K >= 2 rows to build a tree, got K=" + k);
        }
        if ((long) k * (k - 1) / 2 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("x has too many rows for a condensed distance matrix in one Java array:"
                    + " K must be <= 65536, got K=" + k);
        }
        double[] norms = new double[k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < o; j++) {
                if (!Double.isFinite(x[i * o + j])) {
                    throw new IllegalArgumentException("x must contain only finite values, got " + x[i * o + j]
                            + " at row " + i + ", column " + j);
                }
            }
            norms[i] = Math.sqrt(dot(x, i * o, i * o, o));
            if (norms[i] == 0) {
                throw new IllegalArgumentException("x row " + i + " has zero norm: the cosine distance is undefined"
                        + " for zero vectors (scikit-learn rejects them too)");
            }
        }
        return nnChain(cosineDistances(x, norms, k, o), k);
    }

    /**
     * The condensed (K(K-1)/2) cosine distance matrix. Row i is computed against all later rows at once
     * from a column-major copy (a vectorisable loop over j), keeping scipy's per-pair summation order.
     */
    private static double[] cosineDistances(double[] x, double[] norms, int k, int o) {
        double[][] columns = new double[o][k];
        for (int i = 0; i < k; i++) {
            for (int t = 0; t < o; t++) {
                columns[t][i] = x[i * o + t];
            }
        }
        double[] d = new double[(int) ((long) k * (k - 1) / 2)];
        IntStream.range(0, k - 1).parallel().forEach(i -> {
            double[] even = new double[k];
            double[] odd = new double[k];
            int t = 0;
            for (; t + 1 < o; t += 2) {
                double u0 = x[i * o + t];
                double u1 = x[i * o + t + 1];
                double[] c0 = columns[t];
                double[] c1 = columns[t + 1];
                for (int j = i + 1; j < k; j++) {
                    even[j] += u0 * c0[j];
                    odd[j] += u1 * c1[j];
                }
            }
            double[] last = t < o ? columns[t] : null;
            double uLast = t < o ? x[i * o + t] : 0;
            int at = rowStart(k, i);
            for (int j = i + 1; j < k; j++) {
                double dot = even[j] + odd[j];
                if (last != null) {
                    dot += uLast * last[j];
                }
                double cos = dot / (norms[i] * norms[j]);
                if (Math.abs(cos) > 1) {
                    cos = Math.copySign(1.0, cos);
                }
                d[at + j] = 1 - cos;
            }
        });
        return d;
    }

    /** The dot product of rows at offsets a and b, summed like scipy's pdist: even and odd lanes, then the tail. */
    private static double dot(double[] x, int a, int b, int o) {
        double s0 = 0;
        double s1 = 0;
        int t = 0;
        for (; t + 1 < o; t += 2) {
            s0 += x[a + t] * x[b + t];
            s1 += x[a + t + 1] * x[b + t + 1];
        }
        double s = s0 + s1;
        if (t < o) {
            s += x[a + t] * x[b + t];
        }
        return s;
    }

    /** Condensed index of (i, j), i < j, is rowStart(k, i) + j. */
    private static int rowStart(int k, int i) {
        return (int) ((long) k * i - (long) i * (i + 1) / 2 - i - 1);
    }

    private static int index(int k, int i, int j) {
        return i < j ? rowStart(k, i) + j : rowStart(k, j) + i;
    }

    /** scipy's {@code nn_chain} for average linkage, then its stable sort and union-find relabelling. */
    private static Dendrogram nnChain(double[] d, int k) {
        int[] size = new int[k];
        Arrays.fill(size, 1);
        int[] active = IntStream.range(0, k).toArray(); // ascending ids of live clusters
        int nActive = k;
        int[] chain = new int[k];
        int chainLength = 0;
        int[] mergeX = new int[k - 1];
        int[] mergeY = new int[k - 1];
        double[] height = new double[k - 1];
        for (int step = 0; step < k - 1; step++) {
            if (chainLength == 0) {
                chain[chainLength++] = active[0];
            }
            int x;
            int y = 0;
            double min;
            while (true) {
                x = chain[chainLength - 1];
                if (chainLength > 1) { // prefer the previous chain element to avoid cycles
                    y = chain[chainLength - 2];
                    min = d[index(k, x, y)];
                } else {
                    min = Double.POSITIVE_INFINITY;
                }
                int a = 0;
                for (int i; a < nActive && (i = active[a]) < x; a++) { // column x of rows i < x
                    double dist = d[rowStart(k, i) + x];
                    if (dist < min) {
                        min = dist;
                        y = i;
                    }
                }
                int rowX = rowStart(k, x);
                for (a++; a < nActive; a++) { // row x, i > x
                    double dist = d[rowX + active[a]];
                    if (dist < min) {
                        min = dist;
                        y = active[a];
                    }
                }
                if (chainLength > 1 && y == chain[chainLength - 2]) {
                    break;
                }
                chain[chainLength++] = y;
            }
            chainLength -= 2;
            if (x > y) {
                int t = x;
                x = y;
                y = t;
            }
            int nx = size[x];
            int ny = size[y];
            mergeX[step] = x;
            mergeY[step] = y;
            height[step] = min;
            size[x] = 0;
            size[y] = nx + ny;
            int drop = Arrays.binarySearch(active, 0, nActive, x);
            System.arraycopy(active, drop + 1, active, drop, nActive - drop - 1);
            nActive--;
            for (int a = 0; a < nActive; a++) {
                int i = active[a];
                if (i != y) {
                    int iy = index(k, i, y);
                    d[iy] = (nx * d[index(k, i, x)] + ny * d[iy]) / (nx + ny);
                }
            }
        }
        return relabel(mergeX, mergeY, height, k);
    }

    /** Stable sort by height, then union-find ids: the smaller root first, node K+i made by merge i. */
    private static Dendrogram relabel(int[] mergeX, int[] mergeY, double[] height, int k) {
        Integer[] order = IntStream.range(0, k - 1).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> height[i]));
        int[] parent = IntStream.range(0, 2 * k - 1).toArray();
        int[][] children = new int[k - 1][];
        double[] distances = new double[k - 1];
        for (int i = 0; i < k - 1; i++) {
            int a = find(parent, mergeX[order[i]]);
            int b = find(parent, mergeY[order[i]]);
            children[i] = new int[] {Math.min(a, b), Math.max(a, b)};
            distances[i] = height[order[i]];
            parent[a] = k + i;
            parent[b] = k + i;
        }
        return new Dendrogram(children, distances);
    }

    private static int find(int[] parent, int x) {
        int root = x;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[x] != root) {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }
}
