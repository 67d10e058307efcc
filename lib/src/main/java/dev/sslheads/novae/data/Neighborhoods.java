package dev.sslheads.novae.data;

import dev.sslheads.anndata.SparseMatrix;
import java.util.Arrays;

/**
 * Every cell's local subgraph and view candidates (spec §3.3) from the {@code spatial_distances}
 * adjacency A, by novae's walk definition, which holds for directed (kNN, grid) graphs too.
 *
 * <p>With {@code W_k(i)} the cells reached from i by walks of exactly k stored edges
 * ({@code W_0 = {i}}): local(1) = {i} ∪ W_1 (novae's {@code A + I}); local(h) = W_(h-1) ∪ W_h for
 * h ≥ 2 (rows of {@code (A + I) A^(h-1)}: on a symmetric graph every cell within h hops, the cell itself
 * only when it has a neighbour). view(1) = W_1 without i; view(h) = local(h) minus local(h-1) for h ≥ 2
 * (on a symmetric graph: cells at exactly h hops). A cell is valid when its view set is not empty.
 * Entries stored with value 0 are not edges (novae's graphs never store them). Sets are sorted ascending
 * (novae keeps scipy's product order, which no result depends on).
 */
public final class Neighborhoods {
    private final int[][] local;
    private final int[][] view;

    private Neighborhoods(int[][] local, int[][] view) {
        this.local = local;
        this.view = view;
    }

    /**
     * @param adjacency square CSR {@code (n, n)}
     * @param hopsLocal novae's {@code n_hops_local}, ≥ 1
     * @param hopsView novae's {@code n_hops_view}, ≥ 1
     */
    public static Neighborhoods of(SparseMatrix adjacency, int hopsLocal, int hopsView) {
        if (hopsLocal < 1 || hopsView < 1) {
            throw new IllegalArgumentException("n_hops_local and n_hops_view must be >= 1, got " + hopsLocal + " and " + hopsView);
        }
        if (adjacency.format() != SparseMatrix.Format.CSR || adjacency.rows() != adjacency.cols()) {
            throw new IllegalArgumentException("obsp['spatial_distances'] must be a square CSR matrix, got " + adjacency);
        }
        Walks walks = new Walks(adjacency);
        int n = adjacency.rows();
        int[][] local = new int[n][];
        int[][] view = new int[n][];
        for (int i = 0; i < n; i++) {
            local[i] = walks.local(i, hopsLocal);
            view[i] = hopsView == 1 ? walks.withoutSelf(i) : walks.difference(walks.local(i, hopsView), walks.local(i, hopsView - 1));
        }
        return new Neighborhoods(local, view);
    }

    public int size() {
        return local.length;
    }

    /** The nodes of cell i's subgraph, ascending (may be empty for an isolated cell). */
    public int[] local(int cell) {
        return local[cell];
    }

    /** The cells a view of cell i is drawn from, ascending. */
    public int[] view(int cell) {
        return view[cell];
    }

    /** novae's {@code neighborhood_valid}: at least one view candidate. */
    public boolean[] valid() {
        boolean[] valid = new boolean[view.length];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = view[i].length > 0;
        }
        return valid;
    }

    /** Exact-length walk sets over the stored non-zero entries, with a reusable marker. */
    private static final class Walks {
        private final long[] indptr;
        private final int[] indices;
        private final boolean[] edge;
        private final int[] mark;
        private int stamp;

        Walks(SparseMatrix adjacency) {
            this.indptr = adjacency.indptr();
            this.indices = adjacency.indices();
            this.edge = new boolean[indices.length];
            for (int k = 0; k < indices.length; k++) {
                edge[k] = adjacency.values().getDouble(k) != 0;
            }
            this.mark = new int[adjacency.rows()];
        }

        int[] local(int cell, int hops) {
            int[] previous = {cell};
            int[] current = step(previous);
            if (hops == 1) {
                return union(previous, current);
            }
            for (int k = 2; k <= hops; k++) {
                previous = current;
                current = step(previous);
            }
            return union(previous, current);
        }

        int[] withoutSelf(int cell) {
            return Arrays.stream(step(new int[] {cell})).filter(j -> j != cell).toArray();
        }

        /** The cells one stored edge away from any cell of {@code from}, ascending. */
        private int[] step(int[] from) {
            stamp++;
            int[] out = new int[16];
            int count = 0;
            for (int u : from) {
                for (long k = indptr[u]; k < indptr[u + 1]; k++) {
                    int v = indices[(int) k];
                    if (edge[(int) k] && mark[v] != stamp) {
                        mark[v] = stamp;
                        if (count == out.length) {
                            out = Arrays.copyOf(out, 2 * count);
                        }
                        out[count++] = v;
                    }
                }
            }
            int[] result = Arrays.copyOf(out, count);
            Arrays.sort(result);
            return result;
        }

        private static int[] union(int[] a, int[] b) {
            return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
        }

        int[] difference(int[] a, int[] removed) {
            stamp++;
            for (int v : removed) {
                mark[v] = stamp;
            }
            return Arrays.stream(a).filter(v -> mark[v] != stamp).toArray();
        }
    }
}
