package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import dev.sslheads.testing.Golden;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Local subgraph and view sets (spec §3.3) and validity (§2.3). Truth tables: upstream's own,
 * tests/test_neighbors.py {@code test_to_adjacency_local} / {@code test_to_adjacency_view} on the fixtures
 * of tests/_utils.py; more graphs (directed ones among them) from golden/novae_data/neighborhoods.json
 * ({@code /usr/bin/python3 scripts/reference/novae_data_goldens.py}: scipy products as upstream computes them).
 */
class NeighborhoodsTest {
    private static final int[] NONE = {};

    private static void assertRows(int[][] expected, Neighborhoods n, boolean local, String what) {
        assertEquals(expected.length, n.size(), what);
        for (int i = 0; i < expected.length; i++) {
            assertArrayEquals(expected[i], local ? n.local(i) : n.view(i), what + " row " + i);
        }
    }

    @Test
    void fivePointLocalRows() {
        SparseMatrix a = NovaeGraphs.fivePoint();
        assertRows(new int[][] {{0, 1, 4}, {0, 1, 2, 4}, {1, 2, 4}, {3}, {0, 1, 2, 4}}, Neighborhoods.of(a, 1, 1), true, "h=1");
        int[] block = {0, 1, 2, 4};
        // the isolated cell 3: no local connection for h >= 2, itself included
        assertRows(new int[][] {block, block, block, NONE, block}, Neighborhoods.of(a, 2, 1), true, "h=2");
    }

    @Test
    void fivePointViewRowsAndValidity() {
        SparseMatrix a = NovaeGraphs.fivePoint();
        Neighborhoods h2 = Neighborhoods.of(a, 2, 2);
        assertRows(new int[][] {{2}, NONE, {0}, NONE, NONE}, h2, false, "view h=2");
        assertArrayEquals(new boolean[] {true, false, true, false, false}, h2.valid());
        Neighborhoods h3 = Neighborhoods.of(a, 2, 3);
        assertRows(new int[][] {NONE, NONE, NONE, NONE, NONE}, h3, false, "view h=3");
        assertArrayEquals(new boolean[5], h3.valid());
        assertArrayEquals(new boolean[] {true, true, true, false, true}, Neighborhoods.of(a, 1, 1).valid(), "view h=1: a neighbour");
    }

    @Test
    void lineRows() {
        SparseMatrix a = NovaeGraphs.line();
        assertRows(new int[][] {{0, 1}, {0, 1, 2}, {1, 2}, {3, 4}, {3, 4}, {5}}, Neighborhoods.of(a, 1, 1), true, "local h=1");
        int[] first = {0, 1, 2};
        int[] second = {3, 4};
        assertRows(new int[][] {first, first, first, second, second, NONE}, Neighborhoods.of(a, 2, 1), true, "local h=2");
        assertRows(new int[][] {{1}, {0, 2}, {1}, {4}, {3}, NONE}, Neighborhoods.of(a, 1, 1), false, "view h=1");
        assertRows(new int[][] {{2}, NONE, {0}, NONE, NONE, NONE}, Neighborhoods.of(a, 1, 2), false, "view h=2");
        assertRows(new int[][] {NONE, NONE, NONE, NONE, NONE, NONE}, Neighborhoods.of(a, 1, 3), false, "view h=3");
        assertArrayEquals(new boolean[] {true, true, true, true, true, false}, Neighborhoods.of(a, 1, 1).valid());
    }

    @Test
    void fixturesAreWhatSpatialNeighborsBuildsFromUpstreamCoordinates() {
        SparseMatrix five = graphOf(NovaeGraphs.FIVE_POINT_COORDS, 0, 1.5);
        SparseMatrix line = graphOf(NovaeGraphs.LINE_COORDS, 1.5);
        assertSameEntries(NovaeGraphs.fivePoint(), five);
        assertSameEntries(NovaeGraphs.line(), line);
    }

    private static SparseMatrix graphOf(double[][] coords, double... radius) {
        double[] xy = new double[2 * coords.length];
        for (int i = 0; i < coords.length; i++) {
            xy[2 * i] = coords[i][0];
            xy[2 * i + 1] = coords[i][1];
        }
        AnnData adata = AnnData.of(DenseArray.of(new float[coords.length], coords.length, 1));
        adata.obsm().put("spatial", DenseArray.of(xy, coords.length, 2));
        SpatialNeighbors.compute(List.of(adata), SpatialNeighbors.Options.DEFAULTS.withRadius(radius));
        return ((SparseMatrix) adata.obsp().get(PreparedAnnData.DISTANCES)).toFormat(SparseMatrix.Format.CSR);
    }

    private static void assertSameEntries(SparseMatrix expected, SparseMatrix actual) {
        assertArrayEquals(expected.toDense().toDoubleArray(), actual.toDense().toDoubleArray(), 1e-12);
    }

    /** Spec §3.3: 0 → 1 → 2 only; the centre is missing from its own h=2 subgraph. */
    @Test
    void directedChainFollowsTheWalkDefinition() {
        SparseMatrix a = NovaeGraphs.directed(3, new int[][] {{0, 1}, {1, 2}}, new double[] {1, 2});
        Neighborhoods n = Neighborhoods.of(a, 2, 2);
        assertArrayEquals(new int[] {1, 2}, n.local(0));
        assertArrayEquals(new int[] {0, 1}, Neighborhoods.of(a, 1, 1).local(0), "h=1 is A + I");
    }

    @Test
    void matchesScipyProductsOnMoreGraphs() {
        for (Golden c : Golden.load("novae_data/neighborhoods.json").children("cases")) {
            SparseMatrix a = NovaeGraphs.fromGolden(c.json().getAsJsonObject("adjacency"));
            for (int h = 1; h <= 3; h++) {
                Neighborhoods n = Neighborhoods.of(a, h, h);
                String what = c.string("name") + " h=" + h;
                assertRows(NovaeGraphs.rows(c.json().getAsJsonArray("local_" + h)), n, true, what + " local");
                assertRows(NovaeGraphs.rows(c.json().getAsJsonArray("view_" + h)), n, false, what + " view");
                boolean[] valid = n.valid();
                for (int i = 0; i < valid.length; i++) {
                    assertEquals(c.json().getAsJsonArray("valid_" + h).get(i).getAsBoolean(), valid[i], what + " valid " + i);
                }
            }
        }
    }

    /** On a symmetric graph, local(h) = cells within h hops (self iff it has a neighbour), view(h) = exactly h hops. */
    @Test
    void symmetricGraphsByBreadthFirstSearch() {
        Golden radius = Golden.load("novae_data/neighborhoods.json").children("cases").stream()
                .filter(c -> c.string("name").equals("radius_40")).findFirst().orElseThrow();
        SparseMatrix a = NovaeGraphs.fromGolden(radius.json().getAsJsonObject("adjacency"));
        for (int h = 1; h <= 3; h++) {
            Neighborhoods n = Neighborhoods.of(a, h, h);
            for (int i = 0; i < a.rows(); i++) {
                int[] hops = NovaeGraphs.bfs(a, i);
                boolean isolated = a.indptr()[i + 1] == a.indptr()[i];
                int[] local = NovaeGraphs.within(a, i, h);
                assertArrayEquals(isolated && h > 1 ? NONE : local, n.local(i), "local h=" + h + " row " + i);
                int hh = h;
                assertArrayEquals(IntStream.range(0, hops.length).filter(j -> hops[j] == hh).toArray(), n.view(i));
            }
        }
    }

    /**
     * Upstream's rule (dataset.py {@code _init_dataset}): valid iff the view row sums to more than 0, whatever the local
     * row: on a directed graph a cell whose walks stop early is valid with an empty subgraph (1 → 2, 2 a sink, h=3).
     */
    @Test
    void validityIsTheViewRowOnly() {
        SparseMatrix a = NovaeGraphs.directed(5, new int[][] {{0, 1}, {1, 2}, {3, 1}, {4, 3}}, new double[] {1.5, 1, 2.5, 0.5});
        Neighborhoods n = Neighborhoods.of(a, 3, 1);
        assertArrayEquals(NONE, n.local(1));
        assertArrayEquals(new int[] {2}, n.view(1));
        assertTrue(n.valid()[1]);
        assertFalse(n.valid()[2], "a sink has no view");
    }

    /** Stored zeros are not edges: upstream's view(1) eliminates them and scipy's products drop zero sums. */
    @Test
    void zeroEntriesAreNotEdges() {
        SparseMatrix a = NovaeGraphs.directed(3, new int[][] {{0, 1}, {1, 0}, {1, 2}, {2, 1}}, new double[] {1, 1, 0, 0});
        Neighborhoods n = Neighborhoods.of(a, 2, 1);
        assertArrayEquals(new int[] {0, 1}, n.local(0));
        assertArrayEquals(NONE, n.local(2));
        assertFalse(n.valid()[2]);
    }

    @Test
    void rejectsBadArguments() {
        SparseMatrix a = NovaeGraphs.fivePoint();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Neighborhoods.of(a, 0, 1));
        assertTrue(e.getMessage().contains("n_hops_local") && e.getMessage().contains("0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Neighborhoods.of(a, 1, 0));
        SparseMatrix rect = SparseMatrix.csr(2, 3, new long[] {0, 1, 1}, new int[] {2}, new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> Neighborhoods.of(rect, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> Neighborhoods.of(a.toFormat(SparseMatrix.Format.CSC), 1, 1));
    }
}
