package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The mixture toy by the properties its generative model promises: layout and shapes, seeded repeats,
 * domains as mixtures of their cell types, domains as contiguous regions, and per-slide gene factors of the
 * configured spread. Expected figures follow from the settings (see each test), not from a run.
 */
class MixtureToyDatasetTest {
    private static final MixtureToySettings S = MixtureToySettings.DEFAULTS;
    private static final List<AnnData> MIX = MixtureToyDataset.generate(S);
    private static final int CELLS_PER_SLIDE = ToyDataset.grid(S.xmax(), S.step()).length;

    @Test
    void panelsSlidesAndShapes() {
        assertEquals(S.nPanels(), MIX.size());
        Set<String> genes = new HashSet<>(ToyDataset.geneNames(S.nVars()));
        for (int p = 0; p < S.nPanels(); p++) {
            AnnData panel = MIX.get(p);
            assertEquals(S.nSlidesPerPanel() * CELLS_PER_SLIDE, panel.nObs());
            assertEquals(S.nVars() - S.nDrop() - p, panel.nVars());
            assertEquals(panel.nVars(), new HashSet<>(panel.varNames()).size());
            assertTrue(genes.containsAll(panel.varNames()));
            for (String column : List.of("domain", "cell_type", "slide_key")) {
                assertTrue(panel.obsFrame().categoriesOf(column).isPresent(), column + " is categorical");
            }
            double[] spatial = panel.obsm().get("spatial").toDoubleArray();
            double[] grid0 = ToyDataset.grid(S.xmax(), S.step())[0];
            for (int s = 0; s < S.nSlidesPerPanel(); s++) {
                int first = s * CELLS_PER_SLIDE;
                assertEquals("c_" + p + "_" + s + "_0", panel.obsNames().get(first));
                assertEquals("slide_" + p + "_" + s, panel.obs().stringColumn("slide_key").get(first));
                assertArrayEquals(new double[] {grid0[0] + p + s, grid0[1] + p + s},
                        new double[] {spatial[2 * first], spatial[2 * first + 1]});
            }
        }
    }

    @Test
    void countsNormalisedAndLogged() {
        AnnData panel = MIX.get(1);
        DenseArray counts = (DenseArray) panel.layers().get("counts");
        assertEquals(DType.FLOAT64, counts.dtype());
        for (double v : counts.toDoubleArray()) {
            assertTrue(v >= 0 && v == Math.floor(v), "counts are whole numbers");
        }
        assertEquals(DType.FLOAT32, panel.X().dtype());
        float[] x = panel.X().toFloatArray();
        int g = panel.nVars();
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int i = 0; i < panel.nObs(); i++) {
            double total = 0;
            for (int j = 0; j < g; j++) {
                total += Math.expm1(x[i * g + j]);
            }
            min = Math.min(min, total);
            max = Math.max(max, total);
        }
        assertEquals(min, max, 1e-3 * min, "every cell scaled to the same total");
        assertTrue(panel.uns().containsKey("log1p"));
    }

    @Test
    void seededAndDistinct() {
        List<AnnData> again = MixtureToyDataset.generate(S);
        for (int p = 0; p < S.nPanels(); p++) {
            assertArrayEquals(MIX.get(p).X().toFloatArray(), again.get(p).X().toFloatArray());
            assertEquals(MIX.get(p).varNames(), again.get(p).varNames());
            assertEquals(MIX.get(p).obs().stringColumn("domain").asList(), again.get(p).obs().stringColumn("domain").asList());
        }
        List<AnnData> other = MixtureToyDataset.generate(S.withSeed(1));
        assertFalse(java.util.Arrays.equals(MIX.get(0).X().toFloatArray(), other.get(0).X().toFloatArray()));
        assertFalse(MIX.get(0).obs().stringColumn("domain").asList().equals(other.get(0).obs().stringColumn("domain").asList()));
    }

    /** Domain d holds the types d .. d+typesPerDomain-1 (mod nCellTypes), each drawn with probability 1/typesPerDomain. */
    @Test
    void domainsAreEqualMixturesOfTheirTypes() {
        Map<String, Map<String, Integer>> table = new HashMap<>();
        for (AnnData panel : MIX) {
            for (int i = 0; i < panel.nObs(); i++) {
                table.computeIfAbsent(panel.obs().stringColumn("domain").get(i), k -> new HashMap<>())
                        .merge(panel.obs().stringColumn("cell_type").get(i), 1, Integer::sum);
            }
        }
        assertEquals(S.nDomains(), table.size());
        for (int d = 0; d < S.nDomains(); d++) {
            Map<String, Integer> types = table.get("domain_" + d);
            Set<String> expected = new HashSet<>();
            for (int t = 0; t < S.typesPerDomain(); t++) {
                expected.add("type_" + (d + t) % S.nCellTypes());
            }
            assertEquals(expected, types.keySet(), "domain_" + d);
            int n = types.values().stream().mapToInt(Integer::intValue).sum();
            double share = 1.0 / S.typesPerDomain();
            double sd = Math.sqrt(n * share * (1 - share));
            for (int count : types.values()) {
                assertEquals(n * share, count, 4 * sd, "domain_" + d + " types " + types);
            }
        }
    }

    /** With one patch per domain, each domain is one region of each slide: connected under grid (8-)adjacency. */
    @Test
    void domainsAreContiguous() {
        double reach = S.step() * Math.sqrt(2) + 1e-9;
        for (AnnData panel : MIX) {
            double[] xy = panel.obsm().get("spatial").toDoubleArray();
            for (int s = 0; s < S.nSlidesPerPanel(); s++) {
                Map<String, List<Integer>> cells = new HashMap<>();
                for (int i = s * CELLS_PER_SLIDE; i < (s + 1) * CELLS_PER_SLIDE; i++) {
                    cells.computeIfAbsent(panel.obs().stringColumn("domain").get(i), k -> new ArrayList<>()).add(i);
                }
                assertEquals(S.nDomains(), cells.size(), "every domain on every slide");
                for (Map.Entry<String, List<Integer>> domain : cells.entrySet()) {
                    assertEquals(1, components(domain.getValue(), xy, reach), domain.getKey() + " of slide " + s);
                }
            }
        }
    }

    private static int components(List<Integer> cells, double[] xy, double reach) {
        Set<Integer> left = new HashSet<>(cells);
        int count = 0;
        while (!left.isEmpty()) {
            count++;
            ArrayDeque<Integer> queue = new ArrayDeque<>(List.of(left.iterator().next()));
            left.remove(queue.peek());
            while (!queue.isEmpty()) {
                int i = queue.poll();
                for (var it = left.iterator(); it.hasNext(); ) {
                    int j = it.next();
                    if (Math.hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]) <= reach) {
                        it.remove();
                        queue.add(j);
                    }
                }
            }
        }
        return count;
    }

    /**
     * With one shared profile (type fold sd 0), no ambient level and fixed library sizes, a gene's mean count on
     * slide s is {@code countsPerCell · m_sg · p_g}, so the log ratio of two slides' means is {@code ln m_0g − ln m_1g},
     * of sd {@code √2 · batchLogSd} over genes (200 genes: the sample sd within 15 %, about 3 standard errors).
     * Without batch effects only Poisson noise remains.
     */
    @Test
    void perSlideGeneFactorsHaveTheConfiguredSpread() {
        for (double batchLogSd : new double[] {0.0, 0.5, 1.0}) {
            MixtureToySettings s = new MixtureToySettings(1, 2, 5, 5, 2, 1, 400, 20, 200, 0, 0.0, batchLogSd, 0.0, 5000, 0.0, 3L);
            AnnData panel = MixtureToyDataset.generate(s).get(0);
            double[] counts = panel.layers().get("counts").toDoubleArray();
            int g = panel.nVars();
            int n = panel.nObs() / 2;
            double[] logRatio = new double[g];
            for (int j = 0; j < g; j++) {
                double first = 0;
                double second = 0;
                for (int i = 0; i < n; i++) {
                    first += counts[i * g + j];
                    second += counts[(n + i) * g + j];
                }
                logRatio[j] = Math.log(first / second);
            }
            double sd = standardDeviation(logRatio);
            if (batchLogSd == 0) {
                assertTrue(sd < 0.05, "Poisson noise only, got sd " + sd);
            } else {
                assertEquals(Math.sqrt(2) * batchLogSd, sd, 0.15 * Math.sqrt(2) * batchLogSd, "batchLogSd " + batchLogSd);
            }
        }
    }

    private static double standardDeviation(double[] v) {
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double sum = 0;
        for (double x : v) {
            sum += (x - mean) * (x - mean);
        }
        return Math.sqrt(sum / (v.length - 1));
    }

    @Test
    void badSettings() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureToySettings(2, 2, 5, 5, 5, 1, 400, 20, 100, 20, 1, 1, 1, 5000, 0.3, 0));
        assertEquals("types_per_domain must be < n_cell_types=5, got 5", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureToySettings(2, 2, 5, 4, 2, 1, 400, 20, 100, 20, 1, 1, 1, 5000, 0.3, 0));
        assertEquals("n_cell_types (at least n_domains) must be >= 5, got 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureToySettings(2, 2, 5, 5, 2, 1, 400, 20, 100, 20, 1, Double.NaN, 1, 5000, 0.3, 0));
        assertEquals("batch_log_sd must be finite and >= 0, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureToySettings(2, 2, 5, 5, 2, 1, 400, 20, 100, 20, 1, 1, 1, 0, 0.3, 0));
        assertEquals("counts_per_cell must be positive and finite, got 0.0", e.getMessage());
    }
}
