package dev.sslheads.spatial;

import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * novae's multi-ring grid graph ({@code _build_grid} with {@code n_rings > 1}): every cell reached
 * from cell i by at most {@code nRings} directed kNN hops, with the hop count stored as the
 * "distance" (as novae does, spec §6.2-9) and 1 as the connectivity; the diagonal holds
 * {@code setDiag ? 1 : 0} in the connectivities and nothing in the distances.
 */
final class RingGraph {
    private RingGraph() {}

    static SlideGraph of(int n, int[][] rows, int rings, boolean setDiag) {
        long[] ptr = new long[n + 1];
        int[][] cols = new int[n][];
        int[][] hops = new int[n][];
        int[] depth = new int[n];
        Arrays.fill(depth, -1);
        int[] visited = new int[n];
        for (int i = 0; i < n; i++) {
            ArrayDeque<Integer> queue = new ArrayDeque<>();
            int count = 0;
            depth[i] = 0;
            visited[count++] = i;
            queue.add(i);
            while (!queue.isEmpty()) {
                int u = queue.poll();
                if (depth[u] == rings) {
                    continue;
                }
                for (int v : rows[u]) {
                    if (depth[v] < 0) {
                        depth[v] = depth[u] + 1;
                        visited[count++] = v;
                        queue.add(v);
                    }
                }
            }
            int[] reached = Arrays.copyOf(visited, count);
            Arrays.sort(reached);
            int others = count - 1;
            cols[i] = new int[others];
            hops[i] = new int[others];
            int at = 0;
            for (int v : reached) {
                if (v != i) {
                    cols[i][at] = v;
                    hops[i][at++] = depth[v];
                }
                depth[v] = -1;
            }
            ptr[i + 1] = ptr[i] + others;
        }
        return new SlideGraph(matrix(n, ptr, cols, null, setDiag), matrix(n, ptr, cols, hops, false));
    }

    /** CSR of the reached cells; {@code values} null means 1 per edge; {@code diagonal} adds (i, i) = 1. */
    private static SparseMatrix matrix(int n, long[] ptr, int[][] cols, int[][] values, boolean diagonal) {
        long[] outPtr = new long[n + 1];
        int nnz = Math.toIntExact(ptr[n] + (diagonal ? n : 0));
        int[] idx = new int[nnz];
        double[] data = new double[nnz];
        int at = 0;
        for (int i = 0; i < n; i++) {
            boolean placed = !diagonal;
            for (int k = 0; k < cols[i].length; k++) {
                if (!placed && cols[i][k] > i) {
                    idx[at] = i;
                    data[at++] = 1;
                    placed = true;
                }
                idx[at] = cols[i][k];
                data[at++] = values == null ? 1 : values[i][k];
            }
            if (!placed) {
                idx[at] = i;
                data[at++] = 1;
            }
            outPtr[i + 1] = at;
        }
        return new SparseMatrix(SparseMatrix.Format.CSR, n, n, outPtr, idx, DenseArray.of(data, nnz));
    }
}
