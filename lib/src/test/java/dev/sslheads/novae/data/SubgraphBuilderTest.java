package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.testing.Golden;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Subgraph batches (spec §3.3 {@code to_pyg_data}, §3.4.2 self loops, §7.2 layout), read back from the bucketed
 * neighbour tables and checked against a plain derivation from A in the test, and against torch's attributes
 * in golden/novae_data/subgraphs.json ({@code /usr/bin/python3 scripts/reference/novae_data_goldens.py}).
 */
class SubgraphBuilderTest {
    /** One node read back from the tables: its real slots' sources (node ids) and attributes, self loop last. */
    private record Node(int[] sources, float[] attributes, int width) {}

    private static Node[] decode(GraphBatch batch) {
        Node[] nodes = new Node[batch.nodes()];
        int slot = 0;
        for (int g = 0; g < batch.groups(); g++) {
            int w = batch.groupWidths()[g];
            for (int i = batch.groupStarts()[g]; i < batch.groupStarts()[g + 1]; i++, slot += w) {
                int used = 0;
                while (used < w && batch.neighbourMask()[slot + used] == 0f) {
                    used++;
                }
                for (int c = used; c < w; c++) {
                    assertEquals(Float.NEGATIVE_INFINITY, batch.neighbourMask()[slot + c], "real slots come first");
                    assertEquals(i, batch.neighbours()[slot + c], "an unused slot holds the node itself");
                    assertEquals(0f, batch.edgeAttributes()[slot + c]);
                }
                int[] sources = new int[used];
                float[] attributes = new float[used];
                for (int c = 0; c < used; c++) {
                    sources[c] = (int) batch.neighbours()[slot + c];
                    attributes[c] = batch.edgeAttributes()[slot + c];
                }
                nodes[i] = new Node(sources, attributes, w);
            }
        }
        assertEquals(batch.slots(), slot);
        return nodes;
    }

    /** Each graph's node ids, read from the graph table (checking mask, padding and graphOfNode on the way). */
    private static int[][] graphNodes(GraphBatch batch) {
        int m = batch.maxNodes();
        int[][] out = new int[batch.graphs()][];
        int[] seen = new int[batch.nodes()];
        for (int b = 0; b < batch.graphs(); b++) {
            int count = 0;
            while (count < m && batch.graphMask()[b * m + count] == 0f) {
                count++;
            }
            out[b] = new int[count];
            for (int k = 0; k < m; k++) {
                long id = batch.graphNodes()[b * m + k];
                if (k < count) {
                    out[b][k] = (int) id;
                    seen[(int) id]++;
                    assertEquals(b, batch.graphOfNode()[(int) id], "graphOfNode of node " + id);
                } else {
                    assertEquals(Float.NEGATIVE_INFINITY, batch.graphMask()[b * m + k]);
                    assertEquals(0, id, "padding holds 0");
                }
            }
        }
        assertTrue(Arrays.stream(seen).allMatch(s -> s == 1), "every node in exactly one graph");
        assertEquals(Arrays.stream(out).mapToInt(g -> g.length).max().orElse(1), m, "maxNodes");
        return out;
    }

    private static int[] cellsOf(GraphBatch batch, int[] ids) {
        return Arrays.stream(ids).map(i -> (int) batch.cells()[i]).sorted().toArray();
    }

    /** The stored entries {@code A[u, v] != 0}, {@code u != v}, as target → (source → value). */
    private static Map<Integer, TreeMap<Integer, Double>> incoming(SparseMatrix a) {
        Map<Integer, TreeMap<Integer, Double>> in = new HashMap<>();
        for (int u = 0; u < a.rows(); u++) {
            for (long k = a.indptr()[u]; k < a.indptr()[u + 1]; k++) {
                int v = a.indices()[(int) k];
                double d = a.values().getDouble((int) k);
                if (u != v && d != 0) {
                    in.computeIfAbsent(v, x -> new TreeMap<>()).put(u, d);
                }
            }
        }
        return in;
    }

    /**
     * Spec re-derivation on symmetric graphs: nodes = cells within h hops (BFS; none for an isolated cell when h ≥ 2),
     * in-edges of v = stored A[u, v] with u inside, attribute float32(A) · scale / 20, self loop last with the mean
     * of the incoming attributes (0 without any).
     */
    @Test
    void batchesMatchAPlainDerivation() {
        List<SparseMatrix> graphs = List.of(NovaeGraphs.fivePoint(), NovaeGraphs.line(), radius40());
        float scale = 0.7f;
        for (SparseMatrix a : graphs) {
            for (int h = 1; h <= 3; h++) {
                SubgraphBuilder builder = new SubgraphBuilder(a, Neighborhoods.of(a, h, 1), scale);
                int hh = h;
                int[] centers = IntStream.range(0, a.rows()).filter(c -> hh == 1 || a.indptr()[c + 1] > a.indptr()[c]).toArray();
                centers = IntStream.concat(Arrays.stream(centers), Arrays.stream(centers).limit(2)).toArray(); // repeats too
                checkAgainstDerivation(a, builder.build(centers), centers, h, scale);
            }
        }
    }

    private static void checkAgainstDerivation(SparseMatrix a, GraphBatch batch, int[] centers, int h, float scale) {
        Map<Integer, TreeMap<Integer, Double>> in = incoming(a);
        assertArrayEquals(centers, batch.centers());
        int[][] members = graphNodes(batch);
        Node[] nodes = decode(batch);
        for (int b = 0; b < centers.length; b++) {
            int[] expected = NovaeGraphs.within(a, centers[b], h);
            assertArrayEquals(expected, cellsOf(batch, members[b]), "graph " + b + " (centre " + centers[b] + ", h=" + h + ")");
            Map<Integer, Integer> idOfCell = new HashMap<>();
            for (int id : members[b]) {
                idOfCell.put((int) batch.cells()[id], id);
            }
            for (int id : members[b]) {
                int v = (int) batch.cells()[id];
                Node node = nodes[id];
                Map<Integer, Float> edges = new TreeMap<>();
                double sum = 0;
                for (var e : in.getOrDefault(v, new TreeMap<>()).entrySet()) {
                    if (idOfCell.containsKey(e.getKey())) {
                        float attr = (float) (double) e.getValue() * scale / 20f;
                        edges.put(idOfCell.get(e.getKey()), attr);
                        sum += attr;
                    }
                }
                int last = node.sources().length - 1;
                assertEquals(edges.size(), last, "in-degree of cell " + v);
                Map<Integer, Float> actual = new TreeMap<>();
                for (int c = 0; c < last; c++) {
                    actual.put(node.sources()[c], node.attributes()[c]);
                }
                assertEquals(edges, actual, "in-edges of cell " + v + " in graph " + b);
                assertEquals(id, node.sources()[last], "self loop last");
                double mean = edges.isEmpty() ? 0 : sum / edges.size();
                assertEquals(mean, node.attributes()[last], 1e-6 * mean, "self loop: mean of the incoming attributes, float32 sums");
            }
        }
        assertEquals(Arrays.stream(members).mapToInt(m -> m.length).sum(), batch.nodes());
    }

    /** Spec §3.3: 0 → 1 → 2 only, h=2: the graph of 0 is {1, 2} with the single edge 1 → 2. */
    @Test
    void directedChain() {
        SparseMatrix a = NovaeGraphs.directed(3, new int[][] {{0, 1}, {1, 2}}, new double[] {3, 5});
        GraphBatch batch = new SubgraphBuilder(a, Neighborhoods.of(a, 2, 1), 2.0).build(new int[] {0});
        Node[] nodes = decode(batch);
        int[] members = graphNodes(batch)[0];
        assertArrayEquals(new int[] {1, 2}, cellsOf(batch, members));
        for (int id : members) {
            Node node = nodes[id];
            if (batch.cells()[id] == 1) {
                assertArrayEquals(new int[] {id}, node.sources(), "0 is outside: no in-edge");
                assertArrayEquals(new float[] {0f}, node.attributes());
            } else {
                int other = members[0] == id ? members[1] : members[0];
                assertArrayEquals(new int[] {other, id}, node.sources());
                assertArrayEquals(new float[] {5f * 2f / 20f, 5f * 2f / 20f}, node.attributes());
            }
        }
    }

    @Test
    void matchesTorchAttributesAndLoops() {
        for (Golden c : Golden.load("novae_data/subgraphs.json").children("cases")) {
            SparseMatrix a = NovaeGraphs.fromGolden(c.json().getAsJsonObject("adjacency"));
            List<Golden> expected = c.children("graphs");
            int[] centers = expected.stream().mapToInt(g -> g.integer("center")).toArray();
            GraphBatch batch = new SubgraphBuilder(a, Neighborhoods.of(a, c.integer("hops"), 1), c.number("scale")).build(centers);
            int[][] members = graphNodes(batch);
            Node[] nodes = decode(batch);
            for (int b = 0; b < centers.length; b++) {
                String what = c.string("name") + " centre " + centers[b];
                Golden g = expected.get(b);
                int[] goldenNodes = g.ints("nodes");
                assertArrayEquals(Arrays.stream(goldenNodes).sorted().toArray(), cellsOf(batch, members[b]), what);
                Map<Integer, Integer> idOfCell = new HashMap<>();
                Map<Integer, Float> loops = new HashMap<>();
                for (int k = 0; k < goldenNodes.length; k++) {
                    loops.put(goldenNodes[k], floats(g.json(), "loop_attributes")[k]);
                }
                for (int id : members[b]) {
                    idOfCell.put((int) batch.cells()[id], id);
                }
                Map<String, Float> goldenEdges = new TreeMap<>();
                int[] s = g.ints("sources");
                int[] t = g.ints("targets");
                float[] attr = floats(g.json(), "attributes");
                for (int e = 0; e < s.length; e++) {
                    goldenEdges.put(s[e] + "->" + t[e], attr[e]);
                }
                Map<String, Float> edges = new TreeMap<>();
                for (int id : members[b]) {
                    Node node = nodes[id];
                    int last = node.sources().length - 1;
                    int v = (int) batch.cells()[id];
                    for (int k = 0; k < last; k++) {
                        edges.put(batch.cells()[node.sources()[k]] + "->" + v, node.attributes()[k]);
                    }
                    float loop = loops.get(v);
                    assertEquals(loop, node.attributes()[last], 1e-6f * Math.abs(loop), what + " loop of " + v);
                }
                assertEquals(goldenEdges, edges, what + ": edges and float32 attributes exactly");
            }
        }
    }

    private static float[] floats(JsonObject o, String key) {
        JsonArray a = o.getAsJsonArray(key);
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }

    /** Class doc: nodes grouped by table width, each width ≥ in-degree + 1 with under a third of its slots unused. */
    @Test
    void nodesAreBucketedByWidth() {
        SparseMatrix a = radius40();
        SubgraphBuilder builder = new SubgraphBuilder(a, Neighborhoods.of(a, 3, 1), 1.0);
        GraphBatch batch = builder.build(IntStream.range(0, a.rows()).toArray());
        Node[] nodes = decode(batch);
        assertEquals(0, batch.groupStarts()[0]);
        assertEquals(batch.nodes(), batch.groupStarts()[batch.groups()]);
        assertTrue(batch.groups() > 3, "several widths on this graph: " + Arrays.toString(batch.groupWidths()));
        for (int g = 0; g < batch.groups(); g++) {
            assertTrue(batch.groupStarts()[g] < batch.groupStarts()[g + 1], "non-empty group");
            if (g > 0) {
                assertTrue(batch.groupWidths()[g] > batch.groupWidths()[g - 1], "widths ascending");
            }
        }
        for (Node node : nodes) {
            int used = node.sources().length;
            assertTrue(used <= node.width() && 3 * (node.width() - used) < node.width(), used + " slots in width " + node.width());
        }
    }

    @Test
    void rejectsEmptySubgraphsAndMismatchedNeighbourhoods() {
        SparseMatrix a = NovaeGraphs.fivePoint();
        SubgraphBuilder builder = new SubgraphBuilder(a, Neighborhoods.of(a, 2, 1), 1.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.build(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("cell 3"), e.getMessage());
        assertEquals(4, builder.build(new int[] {0}).nodes(), "the builder is still usable after the error");
        assertThrows(IllegalArgumentException.class, () -> new SubgraphBuilder(a, Neighborhoods.of(NovaeGraphs.line(), 1, 1), 1.0));
    }

    private static SparseMatrix radius40() {
        return Golden.load("novae_data/neighborhoods.json").children("cases").stream()
                .filter(c -> c.string("name").equals("radius_40")).findFirst()
                .map(c -> NovaeGraphs.fromGolden(c.json().getAsJsonObject("adjacency"))).orElseThrow();
    }
}
