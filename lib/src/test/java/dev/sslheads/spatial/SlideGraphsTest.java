package dev.sslheads.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.testing.Golden;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * spatial_neighbors' graphs equal novae's restated on scipy: goldens {@code golden/spatial/*.json} from
 * {@code /usr/bin/python3 scripts/reference/spatial_neighbors_goldens.py} (Debian's scipy 1.10:
 * Delaunay's vertex_neighbor_vertices, cKDTree balls and kNN, novae's radius/percentile pruning and
 * block_diag per slide), edge sets exact, distances to 1e-12; and the spec's two fixtures.
 */
class SlideGraphsTest {
    @ParameterizedTest
    @ValueSource(strings = {"delaunay_200", "delaunay_1000_radius", "delaunay_500_percentile", "delaunay_radius_percentile",
        "delaunay_set_diag", "radius_ball_300", "knn_300", "radius_ball_duplicates", "multi_slide_450", "visium_grid",
        "visium_grid_rings"})
    void equalsTheScipyRestatement(String name) {
        Golden golden = Golden.load("spatial/" + name + ".json");
        JsonObject s = golden.json().getAsJsonObject("settings");
        double[] radius = s.has("radius") ? doubles(s.getAsJsonArray("radius")) : null;
        NeighborSettings settings = new NeighborSettings(s.has("grid") && s.get("grid").getAsBoolean(),
                !s.has("delaunay") || s.get("delaunay").getAsBoolean(), radius, s.has("n_neighs") ? s.get("n_neighs").getAsInt() : 0,
                s.has("n_rings") ? s.get("n_rings").getAsInt() : 1, s.has("percentile") ? s.get("percentile").getAsDouble() : null,
                s.has("set_diag") && s.get("set_diag").getAsBoolean());
        SlideGraph graph = SlideGraphs.build(doubles(golden.json().getAsJsonArray("x")), doubles(golden.json().getAsJsonArray("y")),
                golden.strings("slides"), settings);
        check(name + " connectivities", golden.json().getAsJsonObject("connectivities"), graph.connectivities());
        check(name + " distances", golden.json().getAsJsonObject("distances"), graph.distances());
    }

    private static void check(String what, JsonObject expected, SparseMatrix actual) {
        assertArrayEquals(longs(expected.getAsJsonArray("indptr")), actual.indptr(), what + " indptr");
        assertArrayEquals(ints(expected.getAsJsonArray("indices")), actual.indices(), what + " indices");
        double[] data = doubles(expected.getAsJsonArray("data"));
        for (int k = 0; k < data.length; k++) {
            assertEquals(data[k], actual.values().getDouble(k), 1e-12 * Math.max(1, Math.abs(data[k])), what + " data[" + k + "]");
        }
    }

    @Test
    void novaeFixtureFivePoints() {
        SlideGraph g = SlideGraphs.build(new double[] {0, 0, 0, 3, 1}, new double[] {0, 1, 2, 3, 1}, new String[5],
                NeighborSettings.delaunay(new double[] {0, 1.5}));
        assertEquals(Set.of("0-1", "0-4", "1-2", "1-4", "2-4"), undirected(g.distances()));
        assertEquals(0, g.distances().indptr()[4] - g.distances().indptr()[3], "node 3 is isolated");
    }

    @Test
    void novaeFixtureLine() {
        SlideGraph g = SlideGraphs.build(new double[] {0, 0, 0, 2, 2, 4}, new double[] {0, 1, 2, 0, 1, 0}, new String[6],
                NeighborSettings.delaunay(new double[] {0, 1.5}));
        assertEquals(Set.of("0-1", "1-2", "3-4"), undirected(g.distances()));
    }

    @Test
    void noEdgeAcrossSlides() {
        double[] x = {0, 10, 0, 10, 1, 11, 0.5, 10.5};
        double[] y = {0, 0, 1, 1, 0, 0, 2, 2};
        String[] slides = {"a", "b", "a", "b", "a", "b", "a", "b"};
        SlideGraph g = SlideGraphs.build(x, y, slides, NeighborSettings.delaunay(null));
        for (String edge : undirected(g.connectivities())) {
            String[] ends = edge.split("-");
            assertEquals(slides[Integer.parseInt(ends[0])], slides[Integer.parseInt(ends[1])], edge);
        }
        assertTrue(undirected(g.connectivities()).size() > 4);
    }

    @Test
    void badInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SlideGraphs.build(new double[] {0, 1, 2}, new double[] {0, 1, 2}, new String[] {"s", "s", "s"},
                        NeighborSettings.delaunay(null)));
        assertTrue(e.getMessage().startsWith("slide s: a Delaunay graph needs at least 3 points not all on one line"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SlideGraphs.build(new double[] {0, Double.NaN, 2},
                new double[] {0, 1, 0}, new String[3], NeighborSettings.delaunay(null)));
        assertTrue(e.getMessage().contains("spatial coordinates must be finite, got (NaN, 1.0) for cell 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NeighborSettings.delaunay(new double[] {1, 2, 3}));
        assertEquals("radius must be (min_radius, max_radius), got 3 values", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new NeighborSettings(false, false, null, 0, 1, null, false));
        assertEquals("n_neighs must be >= 1 for a kNN graph, got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SlideGraphs.build(new double[] {0, 1}, new double[] {0, 1},
                new String[2], new NeighborSettings(false, false, null, 6, 1, null, false)));
        assertTrue(e.getMessage().contains("n_neighs must be smaller than the number of cells (2), got 6"), e.getMessage());
    }

    private static Set<String> undirected(SparseMatrix m) {
        Set<String> edges = new TreeSet<>();
        for (int i = 0; i < m.rows(); i++) {
            for (long k = m.indptr()[i]; k < m.indptr()[i + 1]; k++) {
                int j = m.indices()[(int) k];
                if (i != j) {
                    edges.add(Math.min(i, j) + "-" + Math.max(i, j));
                }
            }
        }
        return edges;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }
}
