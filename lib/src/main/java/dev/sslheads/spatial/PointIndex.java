package dev.sslheads.spatial;

import java.util.Arrays;

/**
 * A uniform bucket grid over 2-D points for the radius and k-nearest-neighbour queries of
 * non-Delaunay graphs (about two points per bucket), each query excluding the point itself as
 * scikit-learn's {@code NearestNeighbors.radius_neighbors()} / {@code kneighbors()} do without
 * arguments. Hand-written because it is small and the queries need nothing more. The index keeps
 * the coordinate arrays it is given (they must not change afterwards).
 */
public final class PointIndex {
    private final double[] x;
    private final double[] y;
    private final double minX;
    private final double minY;
    private final double size;
    private final int cols;
    private final int rows;
    private final int[] start;
    private final int[] points;

    /** An index over the points {@code (x[i], y[i])}; both arrays (n) of equal length. */
    public PointIndex(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length, got " + x.length + " and " + y.length);
        }
        this.x = x;
        this.y = y;
        int n = x.length;
        double lx = Double.POSITIVE_INFINITY;
        double ly = Double.POSITIVE_INFINITY;
        double hx = Double.NEGATIVE_INFINITY;
        double hy = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            lx = Math.min(lx, x[i]);
            ly = Math.min(ly, y[i]);
            hx = Math.max(hx, x[i]);
            hy = Math.max(hy, y[i]);
        }
        minX = lx;
        minY = ly;
        double extent = Math.max(Math.max(hx - lx, hy - ly), 1e-12);
        double area = Math.max((hx - lx) * (hy - ly), extent * extent / n);
        size = Math.max(Math.sqrt(2 * area / Math.max(n, 1)), extent / 4096);
        cols = (int) Math.floor((hx - lx) / size) + 1;
        rows = (int) Math.floor((hy - ly) / size) + 1;
        start = new int[cols * rows + 1];
        int[] bucket = new int[n];
        for (int i = 0; i < n; i++) {
            bucket[i] = bucket(i);
            start[bucket[i] + 1]++;
        }
        for (int b = 0; b < cols * rows; b++) {
            start[b + 1] += start[b];
        }
        points = new int[n];
        int[] fill = Arrays.copyOf(start, cols * rows);
        for (int i = 0; i < n; i++) {
            points[fill[bucket[i]]++] = i;
        }
    }

    private int column(double v) {
        return Math.min(cols - 1, (int) Math.floor((v - minX) / size));
    }

    private int row(double v) {
        return Math.min(rows - 1, (int) Math.floor((v - minY) / size));
    }

    private int bucket(int i) {
        return row(y[i]) * cols + column(x[i]);
    }

    /** The other points within distance {@code r} (inclusive) of point {@code i}, by index. */
    int[] withinRadius(int i, double r) {
        int reach = (int) Math.ceil(r / size);
        int c0 = column(x[i]);
        int r0 = row(y[i]);
        IntList out = new IntList();
        for (int rr = Math.max(0, r0 - reach); rr <= Math.min(rows - 1, r0 + reach); rr++) {
            for (int cc = Math.max(0, c0 - reach); cc <= Math.min(cols - 1, c0 + reach); cc++) {
                int b = rr * cols + cc;
                for (int k = start[b]; k < start[b + 1]; k++) {
                    int j = points[k];
                    if (j != i && distance(i, j) <= r) {
                        out.add(j);
                    }
                }
            }
        }
        int[] result = out.toArray();
        Arrays.sort(result);
        return result;
    }

    /**
     * The {@code k} points nearest to point {@code i} (itself excluded), nearest first; ties by lower index.
     *
     * @throws IllegalArgumentException unless {@code 0 <= i < n} and {@code 1 <= k < n}
     */
    public int[] nearest(int i, int k) {
        if (i < 0 || i >= x.length || k < 1 || k >= x.length) {
            throw new IllegalArgumentException("nearest needs 0 <= i < n and 1 <= k < n (n=" + x.length + "), got i=" + i
                    + ", k=" + k);
        }
        int c0 = column(x[i]);
        int r0 = row(y[i]);
        int[] best = new int[k];
        double[] bestDistance = new double[k];
        Arrays.fill(bestDistance, Double.POSITIVE_INFINITY);
        Arrays.fill(best, Integer.MAX_VALUE);
        int found = 0;
        for (int ring = 0; ; ring++) {
            for (int rr = r0 - ring; rr <= r0 + ring; rr++) {
                for (int cc = c0 - ring; cc <= c0 + ring; cc++) {
                    if (Math.max(Math.abs(rr - r0), Math.abs(cc - c0)) != ring || rr < 0 || cc < 0 || rr >= rows || cc >= cols) {
                        continue;
                    }
                    int b = rr * cols + cc;
                    for (int p = start[b]; p < start[b + 1]; p++) {
                        int j = points[p];
                        if (j == i) {
                            continue;
                        }
                        double d = distance(i, j);
                        if (d < bestDistance[k - 1] || (d == bestDistance[k - 1] && j < best[k - 1])) {
                            int at = k - 1;
                            while (at > 0 && (bestDistance[at - 1] > d || (bestDistance[at - 1] == d && best[at - 1] > j))) {
                                bestDistance[at] = bestDistance[at - 1];
                                best[at] = best[at - 1];
                                at--;
                            }
                            bestDistance[at] = d;
                            best[at] = j;
                            found++;
                        }
                    }
                }
            }
            boolean covered = r0 - ring <= 0 && c0 - ring <= 0 && r0 + ring >= rows - 1 && c0 + ring >= cols - 1;
            if ((found >= k && bestDistance[k - 1] < ring * size) || covered) {
                return best;
            }
        }
    }

    double distance(int i, int j) {
        double dx = x[i] - x[j];
        double dy = y[i] - y[j];
        return Math.sqrt(dx * dx + dy * dy);
    }

    /** A growable int array. */
    private static final class IntList {
        private int[] values = new int[16];
        private int size;

        void add(int v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
