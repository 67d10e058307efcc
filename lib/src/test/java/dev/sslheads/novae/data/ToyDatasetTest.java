package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * novae's toy_dataset by its properties (spec §1.6, §7.3 item 5): the grid, the ring domains and their
 * sizes, the genes and cells kept per panel, the coordinate shift, counts and their normalisation; seeded
 * runs repeat, other seeds differ. The random values themselves are this port's own stream (spec §7.4).
 */
class ToyDatasetTest {
    private static final List<AnnData> TOY = ToyDataset.generate(ToySettings.DEFAULTS);

    @Test
    void gridAndRings() {
        double[][] grid = ToyDataset.grid(500, 20);
        assertEquals(1959, grid.length);
        assertEquals(79, ToyDataset.grid(100, 20).length);
        assertEquals(707, ToyDataset.grid(300, 20).length);
        Map<String, Integer> sizes = new TreeMap<>();
        AnnData first = TOY.get(0);
        for (String d : first.obs().stringColumn("domain")) {
            sizes.merge(d, 1, Integer::sum);
        }
        // 121/368/612/858 on the full grid; panel 0 drops its last cell, which is in the outer ring
        assertEquals(Map.of("domain_0", 121, "domain_1", 368, "domain_2", 612, "domain_3", 857), sizes);
    }

    @Test
    void panelsDifferInCellsAndGenes() {
        assertEquals(3, TOY.size());
        for (int p = 0; p < 3; p++) {
            AnnData panel = TOY.get(p);
            assertEquals(1959 - 1 - p, panel.nObs());
            assertEquals(100 - 20 - p, panel.nVars());
            assertEquals(panel.nVars(), new HashSet<>(panel.varNames()).size());
            assertEquals("c_" + p + "_0_0", panel.obsNames().get(0));
            assertEquals(List.of("slide_" + p + "_0"), panel.obs().stringColumn("slide_key").unique().asList());
            double[] spatial = panel.obsm().get("spatial").toDoubleArray();
            assertArrayEquals(new double[] {-500 + p, p}, new double[] {spatial[0], spatial[1]});
        }
        assertTrue(TOY.get(0).varNames().stream().allMatch(g -> g.matches("[A-Z0-9-]+")), "novae's gene symbols");
    }

    @Test
    void countsAreNormalisedAndLogged() {
        AnnData panel = TOY.get(1);
        DenseArray counts = (DenseArray) panel.layers().get("counts");
        assertEquals(DType.FLOAT64, counts.dtype());
        double[] c = counts.toDoubleArray();
        for (double v : c) {
            assertTrue(v >= 0 && v == Math.floor(v), "counts are whole numbers");
        }
        assertEquals(DType.FLOAT32, panel.X().dtype());
        float[] x = panel.X().toFloatArray();
        int g = panel.nVars();
        double[] totals = new double[panel.nObs()];
        for (int i = 0; i < panel.nObs(); i++) {
            for (int j = 0; j < g; j++) {
                totals[i] += Math.expm1(x[i * g + j]);
            }
        }
        double[] sorted = totals.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[0], sorted[sorted.length - 1], 1e-3 * sorted[0], "every cell scaled to the same total");
        assertTrue(panel.uns().containsKey("log1p"));
    }

    @Test
    void seededAndDistinct() {
        List<AnnData> again = ToyDataset.generate(ToySettings.DEFAULTS);
        assertArrayEquals(TOY.get(2).X().toFloatArray(), again.get(2).X().toFloatArray());
        assertEquals(TOY.get(2).varNames(), again.get(2).varNames());
        List<AnnData> other = ToyDataset.generate(ToySettings.DEFAULTS.withSeed(1));
        assertFalse(java.util.Arrays.equals(TOY.get(0).X().toFloatArray(), other.get(0).X().toFloatArray()));
    }

    @Test
    void neighboursWithCellThreeCutOff() {
        AnnData panel = ToyDataset.generate(ToySettings.DEFAULTS.withComputeSpatialNeighbors(true)).get(0);
        dev.sslheads.anndata.SparseMatrix d = (dev.sslheads.anndata.SparseMatrix) panel.obsp().get("spatial_distances");
        assertEquals(0, d.indptr()[4] - d.indptr()[3], "cell 3 has no neighbour");
        for (int j : d.indices()) {
            assertTrue(j != 3);
        }
        assertEquals(List.of("slide_0_0"), panel.obs().stringColumn("novae_sid").unique().asList());
        assertTrue(d.nnz() > 5 * panel.nObs() && d.nnz() < 7 * panel.nObs(), "a Delaunay grid graph: about 6 neighbours per cell");
    }

    @Test
    void badSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ToySettings(3, 4, 1, 500, 25, 20, 20, 5, 1.5, 2, true, false, false, 0));
        assertEquals("n_vars - n_drop - n_panels must be > 2, got 25 - 20 - 3 = 2", e.getMessage());
    }
}
