package dev.sslheads.spatial;

import java.util.Arrays;

/**
 * One slide's graph exactly as novae's {@code _spatial_neighbor} builds it (spec §1.1 steps 4-5):
 * generic Delaunay, radius ball or kNN edges, or a Visium grid; then, for generic graphs, the
 * radius pruning ({@code [lo, hi]}, inclusive) and the percentile pruning. The percentile is numpy's
 * linear one over the stored distance values at that point, which (as scipy 1.10 stores them)
 * include an explicit 0 on every diagonal and a 0 for each radius-pruned edge; edges at the
 * threshold stay. Two cells at distance 0 keep their connectivity edge but lose their distance
 * edge (novae's eliminate-zeros).
 */
public final class SlideGraphBuilder {
    private SlideGraphBuilder() {}

    /**
     * @param x cell x coordinates (n)
     * @param y cell y coordinates (n)
     * @param where the slide's name for messages
     * @throws IllegalArgumentException for non-finite coordinates, too few points for the graph asked
     */
    public static SlideGraph build(double[] x, double[] y, NeighborSettings settings, String where) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(where + ": x and y must have the same length, got " + x.length + " and " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException(where + ": spatial coordinates must be finite, got (" + x[i] + ", " + y[i]
                        + ") for cell " + i);
            }
        }
        return settings.grid() ? grid(x, y, settings, where) : generic(x, y, settings, where);
    }

    private static SlideGraph generic(double[] x, double[] y, NeighborSettings s, String where) {
        int n = x.length;
        int[][] rows;
        if (s.delaunay()) {
            rows = DelaunayNeighbors.of(x, y, where);
        } else {
            PointIndex index = new PointIndex(x, y);
            rows = new int[n][];
            for (int i = 0; i < n; i++) {
                rows[i] = s.radius() != null ? index.withinRadius(i, s.radius()[1]) : nearest(index, i, s.nNeighs(), n, where);
            }
        }
        EdgeTable edges = EdgeTable.of(n, rows, distances(x, y, rows));
        double[] diagonal = edges.adjacencyDiagonal();
        edges = edges.withDiagonal(s.setDiag() ? 1.0 : 0.0);
        if (!s.setDiag()) {
            restoreDiagonal(edges, diagonal);
        }
        if (s.radius() != null) {
            double[] keptDiagonal = edges.adjacencyDiagonal();
            for (int k = 0; k < edges.dst.length; k++) {
                if (edges.dst[k] < s.radius()[0] || edges.dst[k] > s.radius()[1]) {
                    edges.dst[k] = 0;
                    edges.adj[k] = 0;
                }
            }
            restoreDiagonal(edges, keptDiagonal);
        }
        if (s.percentile() != null) {
            double threshold = percentile(edges.dst, s.percentile());
            for (int k = 0; k < edges.dst.length; k++) {
                if (edges.dst[k] > threshold) {
                    edges.dst[k] = 0;
                    edges.adj[k] = 0;
                }
            }
        }
        return edges.toGraph();
    }

    private static SlideGraph grid(double[] x, double[] y, NeighborSettings s, String where) {
        int n = x.length;
        PointIndex index = new PointIndex(x, y);
        int[][] nearest = new int[n][];
        double[] all = new double[n * s.nNeighs()];
        for (int i = 0; i < n; i++) {
            nearest[i] = nearest(index, i, s.nNeighs(), n, where);
            for (int k = 0; k < s.nNeighs(); k++) {
                all[i * s.nNeighs() + k] = index.distance(i, nearest[i][k]);
            }
        }
        double cutoff = median(all) * 1.3;
        int[][] rows = new int[n][];
        for (int i = 0; i < n; i++) {
            final int cell = i;
            rows[i] = Arrays.stream(nearest[i]).filter(j -> index.distance(cell, j) < cutoff).toArray();
        }
        if (s.nRings() == 1) {
            EdgeTable edges = EdgeTable.of(n, rows, distances(x, y, rows)).withDiagonal(s.setDiag() ? 1.0 : 0.0);
            return edges.toGraph();
        }
        return RingGraph.of(n, rows, s.nRings(), s.setDiag());
    }

    private static int[] nearest(PointIndex index, int i, int k, int n, String where) {
        if (k >= n) {
            throw new IllegalArgumentException(where + ": n_neighs must be smaller than the number of cells (" + n + "), got " + k);
        }
        return index.nearest(i, k);
    }

    private static double[][] distances(double[] x, double[] y, int[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int k = 0; k < rows[i].length; k++) {
                double dx = x[i] - x[rows[i][k]];
                double dy = y[i] - y[rows[i][k]];
                out[i][k] = Math.sqrt(dx * dx + dy * dy);
            }
        }
        return out;
    }

    private static void restoreDiagonal(EdgeTable edges, double[] diagonal) {
        for (int i = 0; i < edges.n; i++) {
            for (long k = edges.indptr[i]; k < edges.indptr[i + 1]; k++) {
                if (edges.cols[(int) k] == i) {
                    edges.adj[(int) k] = diagonal[i];
                }
            }
        }
    }

    /** numpy's {@code percentile(values, q)} with linear interpolation. */
    static double percentile(double[] values, double q) {
        if (values.length == 0) {
            throw new IllegalArgumentException("percentile of an empty graph: no distances to take it over");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double rank = q / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    private static double median(double[] values) {
        return percentile(values, 50);
    }
}
