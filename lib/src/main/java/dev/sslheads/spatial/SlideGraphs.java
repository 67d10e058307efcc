package dev.sslheads.spatial;

import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One graph per slide, assembled block-diagonally in the cells' original order: no edge joins two
 * slides (novae's {@code block_diag} of the per-slide graphs, then reordered).
 */
public final class SlideGraphs {
    private SlideGraphs() {}

    /**
     * @param x cell x coordinates (n)
     * @param y cell y coordinates (n)
     * @param slides each cell's slide id (n)
     * @param settings how each slide's graph is built
     */
    public static SlideGraph build(double[] x, double[] y, String[] slides, NeighborSettings settings) {
        int n = x.length;
        if (slides.length != n) {
            throw new IllegalArgumentException("slide ids must have one entry per cell (" + n + "), got " + slides.length);
        }
        Map<String, List<Integer>> members = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            members.computeIfAbsent(slides[i], k -> new ArrayList<>()).add(i);
        }
        if (members.size() <= 1) {
            return SlideGraphBuilder.build(x, y, settings, "slide " + (members.isEmpty() ? "(none)" : members.keySet().iterator().next()));
        }
        int[][] adjCols = new int[n][];
        double[][] adjVals = new double[n][];
        int[][] dstCols = new int[n][];
        double[][] dstVals = new double[n][];
        for (Map.Entry<String, List<Integer>> slide : members.entrySet()) {
            int[] cells = slide.getValue().stream().mapToInt(Integer::intValue).toArray();
            double[] sx = new double[cells.length];
            double[] sy = new double[cells.length];
            for (int k = 0; k < cells.length; k++) {
                sx[k] = x[cells[k]];
                sy[k] = y[cells[k]];
            }
            SlideGraph graph = SlideGraphBuilder.build(sx, sy, settings, "slide " + slide.getKey());
            scatter(graph.connectivities(), cells, adjCols, adjVals);
            scatter(graph.distances(), cells, dstCols, dstVals);
        }
        return new SlideGraph(csr(n, adjCols, adjVals), csr(n, dstCols, dstVals));
    }

    /** Puts a slide's local rows under the cells' global positions (local order = global order, so rows stay sorted). */
    private static void scatter(SparseMatrix local, int[] cells, int[][] cols, double[][] vals) {
        long[] ptr = local.indptr();
        int[] idx = local.indices();
        DenseArray data = local.values();
        for (int r = 0; r < cells.length; r++) {
            int from = (int) ptr[r];
            int length = (int) (ptr[r + 1] - ptr[r]);
            int[] c = new int[length];
            double[] v = new double[length];
            for (int k = 0; k < length; k++) {
                c[k] = cells[idx[from + k]];
                v[k] = data.getDouble(from + k);
            }
            cols[cells[r]] = c;
            vals[cells[r]] = v;
        }
    }

    private static SparseMatrix csr(int n, int[][] cols, double[][] vals) {
        long[] ptr = new long[n + 1];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = ptr[i] + cols[i].length;
        }
        int nnz = Math.toIntExact(ptr[n]);
        int[] idx = new int[nnz];
        double[] data = new double[nnz];
        for (int i = 0; i < n; i++) {
            System.arraycopy(cols[i], 0, idx, (int) ptr[i], cols[i].length);
            System.arraycopy(vals[i], 0, data, (int) ptr[i], vals[i].length);
        }
        return new SparseMatrix(SparseMatrix.Format.CSR, n, n, ptr, idx, DenseArray.of(data, nnz));
    }
}
