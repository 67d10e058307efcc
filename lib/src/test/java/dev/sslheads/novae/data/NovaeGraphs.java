package dev.sslheads.novae.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;
import tech.tablesaw.api.StringColumn;

/**
 * Test graphs for the novae data pipeline: upstream's two fixtures restated as inputs, graphs read from the
 * goldens of {@code scripts/reference/novae_data_goldens.py}, a plain BFS, and PreparedAnnData built from them.
 */
final class NovaeGraphs {
    /** novae tests/_utils.py {@code spatial_coords[0]}. */
    static final double[][] FIVE_POINT_COORDS = {{0, 0}, {0, 1}, {0, 2}, {3, 3}, {1, 1}};
    /**
     * Its graph with {@code spatial_neighbors(radius=[0, 1.5])}: the non-zero entries of tests/test_neighbors.py's
     * {@code true_connectivities}.
     */
    static final int[][] FIVE_POINT_PAIRS = {{0, 1}, {0, 4}, {1, 2}, {1, 4}, {2, 4}};
    /** novae tests/_utils.py {@code spatial_coords2} ({@code adata_line}, radius 1.5). */
    static final double[][] LINE_COORDS = {{0, 0}, {0, 1}, {0, 2}, {2, 0}, {2, 1}, {4, 0}};
    /** Its graph: 0-1-2, 3-4 and the isolated 5 (the cells within 1.5 of each other; upstream's local h=1 table). */
    static final int[][] LINE_PAIRS = {{0, 1}, {1, 2}, {3, 4}};

    private NovaeGraphs() {}

    static SparseMatrix fivePoint() {
        return symmetric(FIVE_POINT_COORDS, FIVE_POINT_PAIRS);
    }

    static SparseMatrix line() {
        return symmetric(LINE_COORDS, LINE_PAIRS);
    }

    /** Both directions of every pair, valued by the Euclidean distance of the points. */
    static SparseMatrix symmetric(double[][] coords, int[][] pairs) {
        List<int[]> edges = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int[] p : pairs) {
            double d = Math.hypot(coords[p[0]][0] - coords[p[1]][0], coords[p[0]][1] - coords[p[1]][1]);
            edges.add(p);
            edges.add(new int[] {p[1], p[0]});
            values.add(d);
            values.add(d);
        }
        return directed(coords.length, edges.toArray(int[][]::new), values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The CSR matrix with {@code A[u, v] = values[e]} for each edge {@code (u, v)}. */
    static SparseMatrix directed(int n, int[][] edges, double[] values) {
        List<TreeMap<Integer, Double>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new TreeMap<>());
        }
        for (int e = 0; e < edges.length; e++) {
            rows.get(edges[e][0]).put(edges[e][1], values[e]);
        }
        long[] indptr = new long[n + 1];
        int[] indices = new int[edges.length];
        double[] data = new double[edges.length];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (var entry : rows.get(i).entrySet()) {
                indices[k] = entry.getKey();
                data[k++] = entry.getValue();
            }
            indptr[i + 1] = k;
        }
        return SparseMatrix.csr(n, n, indptr, Arrays.copyOf(indices, k), Arrays.copyOf(data, k));
    }

    /** The path 0 - 1 - ... - (n-1), both directions, distances 1. */
    static SparseMatrix path(int n) {
        long[] indptr = new long[n + 1];
        int[] indices = new int[2 * (n - 1)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                indices[k++] = i - 1;
            }
            if (i + 1 < n) {
                indices[k++] = i + 1;
            }
            indptr[i + 1] = k;
        }
        double[] ones = new double[k];
        Arrays.fill(ones, 1);
        return SparseMatrix.csr(n, n, indptr, indices, ones);
    }

    /** A golden's {@code {n, indptr, indices, data}}. */
    static SparseMatrix fromGolden(JsonObject csr) {
        int n = csr.get("n").getAsInt();
        JsonArray indptr = csr.getAsJsonArray("indptr");
        JsonArray indices = csr.getAsJsonArray("indices");
        JsonArray data = csr.getAsJsonArray("data");
        return SparseMatrix.csr(n, n, IntStream.range(0, indptr.size()).mapToLong(i -> indptr.get(i).getAsLong()).toArray(),
                IntStream.range(0, indices.size()).map(i -> indices.get(i).getAsInt()).toArray(),
                IntStream.range(0, data.size()).mapToDouble(i -> data.get(i).getAsDouble()).toArray());
    }

    /** Rows of int lists, e.g. a golden's {@code local_2}. */
    static int[][] rows(JsonArray rows) {
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            out[i] = IntStream.range(0, r.size()).map(k -> r.get(k).getAsInt()).toArray();
        }
        return out;
    }

    /** Hop counts from {@code source} along stored non-zero entries (-1 when unreachable). */
    static int[] bfs(SparseMatrix csr, int source) {
        int[] hops = new int[csr.rows()];
        Arrays.fill(hops, -1);
        hops[source] = 0;
        ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(source));
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (long k = csr.indptr()[u]; k < csr.indptr()[u + 1]; k++) {
                int v = csr.indices()[(int) k];
                if (csr.values().getDouble((int) k) != 0 && hops[v] < 0) {
                    hops[v] = hops[u] + 1;
                    queue.add(v);
                }
            }
        }
        return hops;
    }

    /** Cells within {@code h} hops of {@code source}, ascending (the source included). */
    static int[] within(SparseMatrix csr, int source, int h) {
        int[] hops = bfs(csr, source);
        return IntStream.range(0, hops.length).filter(j -> hops[j] >= 0 && hops[j] <= h).toArray();
    }

    /** The same block graph {@code copies} times, each copy its own slide {@code "slide_<c>"}, in one AnnData. */
    static PreparedAnnData slides(SparseMatrix block, int copies, int hopsLocal, int hopsView) {
        int n = block.rows();
        List<int[]> edges = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            for (int u = 0; u < n; u++) {
                for (long k = block.indptr()[u]; k < block.indptr()[u + 1]; k++) {
                    edges.add(new int[] {c * n + u, c * n + block.indices()[(int) k]});
                    values.add(block.values().getDouble((int) k));
                }
            }
        }
        String[] slideOf = new String[n * copies];
        for (int i = 0; i < slideOf.length; i++) {
            slideOf[i] = "slide_" + i / n;
        }
        double[] data = values.stream().mapToDouble(Double::doubleValue).toArray();
        return prepared(directed(n * copies, edges.toArray(int[][]::new), data), slideOf, hopsLocal, hopsView);
    }

    /** One AnnData over graph {@code a} (two genes, values by row) with these slide ids, scale 1. */
    static PreparedAnnData prepared(SparseMatrix a, String[] slideOf, int hopsLocal, int hopsView) {
        int n = a.rows();
        float[] x = new float[2 * n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = i % 3;
        }
        AnnData adata = AnnData.of(DenseArray.of(x, n, 2));
        adata.obsp().put(PreparedAnnData.DISTANCES, a);
        adata.obs().addColumns(StringColumn.create(SpatialNeighbors.SLIDE_ID, slideOf));
        return PreparedAnnData.of(adata, new int[] {0, 1}, new long[] {3, 7}, hopsLocal, hopsView, 1.0);
    }
}
