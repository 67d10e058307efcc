package dev.sslheads.spatial;

import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import java.util.Arrays;

/**
 * Directed edges with a connectivity and a distance value sharing one structure, the way novae's
 * scipy code keeps {@code Adj} and {@code Dst} on the same indices until {@code eliminate_zeros}.
 * Rows are filled in order; each row's entries are kept sorted by column.
 */
final class EdgeTable {
    final int n;
    final long[] indptr;
    final int[] cols;
    final double[] adj;
    final double[] dst;

    EdgeTable(int n, long[] indptr, int[] cols, double[] adj, double[] dst) {
        this.n = n;
        this.indptr = indptr;
        this.cols = cols;
        this.adj = adj;
        this.dst = dst;
    }

    /** An edge table from per-row neighbour lists ({@code rows[i]} columns, {@code dists[i]} distances); adj = 1. */
    static EdgeTable of(int n, int[][] rows, double[][] dists) {
        long[] ptr = new long[n + 1];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = ptr[i] + rows[i].length;
        }
        int nnz = Math.toIntExact(ptr[n]);
        int[] cols = new int[nnz];
        double[] adj = new double[nnz];
        double[] dst = new double[nnz];
        for (int i = 0; i < n; i++) {
            Integer[] order = new Integer[rows[i].length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            int[] row = rows[i];
            Arrays.sort(order, (a, b) -> Integer.compare(row[a], row[b]));
            for (int k = 0; k < order.length; k++) {
                int at = (int) ptr[i] + k;
                cols[at] = row[order[k]];
                adj[at] = 1.0;
                dst[at] = dists[i][order[k]];
            }
        }
        return new EdgeTable(n, ptr, cols, adj, dst);
    }

    /**
     * scipy's {@code Adj.setdiag(a)} and {@code Dst.setdiag(0)}: a diagonal entry is inserted in every
     * row (explicit zeros included, as scipy 1.10 does) or overwritten where one exists.
     */
    EdgeTable withDiagonal(double adjacency) {
        long[] ptr = new long[n + 1];
        int extra = 0;
        for (int i = 0; i < n; i++) {
            extra += find(i, i) < 0 ? 1 : 0;
        }
        int nnz = cols.length + extra;
        int[] c = new int[nnz];
        double[] a = new double[nnz];
        double[] d = new double[nnz];
        int at = 0;
        for (int i = 0; i < n; i++) {
            boolean placed = false;
            for (long k = indptr[i]; k < indptr[i + 1]; k++) {
                int col = cols[(int) k];
                if (!placed && col >= i) {
                    if (col > i) {
                        c[at] = i;
                        a[at] = adjacency;
                        d[at++] = 0;
                    }
                    placed = true;
                }
                c[at] = col;
                a[at] = col == i ? adjacency : adj[(int) k];
                d[at++] = col == i ? 0 : dst[(int) k];
            }
            if (!placed) {
                c[at] = i;
                a[at] = adjacency;
                d[at++] = 0;
            }
            ptr[i + 1] = at;
        }
        return new EdgeTable(n, ptr, c, a, d);
    }

    private long find(int row, int col) {
        int lo = (int) indptr[row];
        int hi = (int) indptr[row + 1];
        int k = Arrays.binarySearch(cols, lo, hi, col);
        return k >= 0 ? k : -1;
    }

    /** The connectivity on the diagonal of each row (0 where absent). */
    double[] adjacencyDiagonal() {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long k = find(i, i);
            out[i] = k < 0 ? 0 : adj[(int) k];
        }
        return out;
    }

    /** The two matrices with zeros eliminated ({@code eliminate_zeros}). */
    SlideGraph toGraph() {
        return new SlideGraph(compress(adj), compress(dst));
    }

    private SparseMatrix compress(double[] values) {
        long[] ptr = new long[n + 1];
        int count = 0;
        for (double v : values) {
            count += v != 0 ? 1 : 0;
        }
        int[] c = new int[count];
        double[] v = new double[count];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (long k = indptr[i]; k < indptr[i + 1]; k++) {
                if (values[(int) k] != 0) {
                    c[at] = cols[(int) k];
                    v[at++] = values[(int) k];
                }
            }
            ptr[i + 1] = at;
        }
        return new SparseMatrix(SparseMatrix.Format.CSR, n, n, ptr, c, DenseArray.of(v, v.length));
    }
}
