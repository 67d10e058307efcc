package dev.sslheads.novae.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.data.GraphBatch;
import dev.sslheads.novae.data.Neighborhoods;
import dev.sslheads.novae.data.SubgraphBuilder;
import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * novae's training augmentation (spec §3.2) by its properties (the draws are this port's own stream, spec §7.4):
 * kept genes = the first int(0.8 G) of a permutation; a_b ~ Exp(λ), f_b = clip(1 + σ N(0, 1), 0, 2), shared within a
 * graph, independent across graphs; apply() = x[:, kept] ⊙ f_b + a_b. Moment checks use a fixed seed (so they are
 * deterministic) and a 5-standard-error tolerance.
 */
class GraphAugmentationTest {
    private static final double Z = 5;

    private static GraphAugmentation defaults(long seed) {
        return new GraphAugmentation(0.8, 8, 0.05, seed);
    }

    @Test
    void keptGenesAreTheFirstEightyPercentOfAPermutation() {
        GraphAugmentation augmentation = defaults(1);
        for (int genes : new int[] {1, 5, 10, 79, 80, 101, 500}) {
            assertEquals((int) Math.floor(0.8 * genes), augmentation.keptGenes(genes), "int(0.8 G), G=" + genes);
        }
        int genes = 10;
        int[] dropped = new int[genes];
        int draws = 4000;
        boolean unsorted = false;
        for (int d = 0; d < draws; d++) {
            long[] kept = augmentation.draw(genes, 2).kept();
            assertEquals(8, kept.length);
            assertEquals(8, Arrays.stream(kept).distinct().count(), "no repeats");
            assertTrue(Arrays.stream(kept).allMatch(k -> k >= 0 && k < genes));
            unsorted |= !Arrays.equals(kept, Arrays.stream(kept).sorted().toArray());
            boolean[] in = new boolean[genes];
            for (long k : kept) {
                in[(int) k] = true;
            }
            for (int g = 0; g < genes; g++) {
                dropped[g] += in[g] ? 0 : 1;
            }
        }
        assertTrue(unsorted, "permuted order, as randperm(G)[:G']");
        double p = 0.2;
        for (int g = 0; g < genes; g++) {
            assertEquals(draws * p, dropped[g], Z * Math.sqrt(draws * p * (1 - p)), "each gene dropped with probability 0.2");
        }
    }

    /** Exp(λ = 8): mean 1/λ, variance 1/λ² (standard error of the sample variance √8 / λ² / √N), P(a > 1/λ) = e⁻¹. */
    @Test
    void additiveNoiseIsExponential() {
        GraphAugmentation augmentation = defaults(2);
        double[] a = collect(augmentation, true);
        int n = a.length;
        double lambda = 8;
        double mean = Arrays.stream(a).average().orElseThrow();
        double var = Arrays.stream(a).map(v -> (v - mean) * (v - mean)).sum() / n;
        assertTrue(Arrays.stream(a).allMatch(v -> v >= 0));
        assertEquals(1 / lambda, mean, Z / lambda / Math.sqrt(n));
        assertEquals(1 / (lambda * lambda), var, Z * Math.sqrt(8) / (lambda * lambda) / Math.sqrt(n));
        double above = Arrays.stream(a).filter(v -> v > 1 / lambda).count() / (double) n;
        assertEquals(Math.exp(-1), above, Z * Math.sqrt(Math.exp(-1) * (1 - Math.exp(-1)) / n));
    }

    /** σ = 0.05: mean 1, std 0.05 (standard error σ/√(2N)); never clipped in practice. */
    @Test
    void factorsHaveTheSensitivityStd() {
        double[] f = collect(defaults(3), false);
        int n = f.length;
        double mean = Arrays.stream(f).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(f).map(v -> (v - mean) * (v - mean)).sum() / n);
        assertEquals(1, mean, Z * 0.05 / Math.sqrt(n));
        assertEquals(0.05, std, Z * 0.05 / Math.sqrt(2.0 * n));
    }

    /** σ = 1 makes the clip visible: P(f = 0) = P(f = 2) = Φ(−1), values in [0, 2], mean 1 (symmetric). */
    @Test
    void factorsAreClippedToZeroTwo() {
        double[] f = collect(new GraphAugmentation(0.8, 8, 1.0, 4), false);
        int n = f.length;
        double p = new NormalDistribution(0, 1).cumulativeProbability(-1);
        assertTrue(Arrays.stream(f).allMatch(v -> v >= 0 && v <= 2));
        double se = Z * Math.sqrt(p * (1 - p) / n);
        assertEquals(p, Arrays.stream(f).filter(v -> v == 0).count() / (double) n, se);
        assertEquals(p, Arrays.stream(f).filter(v -> v == 2).count() / (double) n, se);
        assertEquals(1, Arrays.stream(f).average().orElseThrow(), Z / Math.sqrt(n), "sd of the clipped factor < 1");
    }

    /** 40 draws of 32 graphs × int(0.8 · 100) genes. */
    private static double[] collect(GraphAugmentation augmentation, boolean additive) {
        int draws = 40;
        int size = 32 * 80;
        double[] out = new double[draws * size];
        for (int d = 0; d < draws; d++) {
            GraphAugmentation.Draws draw = augmentation.draw(100, 32);
            float[] values = additive ? draw.additive() : draw.factors();
            assertEquals(size, values.length);
            for (int i = 0; i < size; i++) {
                out[d * size + i] = values[i];
            }
        }
        return out;
    }

    /** Pearson correlations of the noise of graph b and b+1 (same gene), and of genes k and k+1 (same graph): ~0. */
    @Test
    void noiseIsIndependentAcrossGraphsAndGenes() {
        GraphAugmentation augmentation = defaults(5);
        int graphs = 16;
        int kept = 40;
        int draws = 100;
        for (boolean additive : new boolean[] {true, false}) {
            double[][] pairsGraphs = new double[2][draws * (graphs - 1) * kept];
            double[][] pairsGenes = new double[2][draws * graphs * (kept - 1)];
            int p = 0;
            int q = 0;
            for (int d = 0; d < draws; d++) {
                GraphAugmentation.Draws draw = augmentation.draw(50, graphs);
                float[] v = additive ? draw.additive() : draw.factors();
                for (int b = 0; b < graphs; b++) {
                    for (int k = 0; k < kept; k++) {
                        if (b + 1 < graphs) {
                            pairsGraphs[0][p] = v[b * kept + k];
                            pairsGraphs[1][p++] = v[(b + 1) * kept + k];
                        }
                        if (k + 1 < kept) {
                            pairsGenes[0][q] = v[b * kept + k];
                            pairsGenes[1][q++] = v[b * kept + k + 1];
                        }
                    }
                }
            }
            assertEquals(0, correlation(pairsGraphs), Z / Math.sqrt(p), "across graphs");
            assertEquals(0, correlation(pairsGenes), Z / Math.sqrt(q), "across genes");
        }
    }

    private static double correlation(double[][] xy) {
        double mx = Arrays.stream(xy[0]).average().orElseThrow();
        double my = Arrays.stream(xy[1]).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < xy[0].length; i++) {
            sxy += (xy[0][i] - mx) * (xy[1][i] - my);
            sxx += (xy[0][i] - mx) * (xy[0][i] - mx);
            syy += (xy[1][i] - my) * (xy[1][i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    @Test
    void seededDrawsRepeatAndSeedsDiffer() {
        GraphAugmentation.Draws a = defaults(7).draw(30, 4);
        GraphAugmentation.Draws b = defaults(7).draw(30, 4);
        GraphAugmentation.Draws c = defaults(8).draw(30, 4);
        assertArrayEquals(a.kept(), b.kept());
        assertArrayEquals(a.additive(), b.additive());
        assertArrayEquals(a.factors(), b.factors());
        assertFalse(Arrays.equals(a.additive(), c.additive()));
    }

    /**
     * apply() with explicit draws, on real subgraph tables (upstream's 5-point fixture, h=1: overlapping graphs, the
     * isolated cell's one-node graph, nodes reordered by width): every node i of graph b gets x[i, kept] ⊙ f_b + a_b
     * in float32, exactly.
     */
    @Test
    void applyUsesTheDrawsOfEachNodesGraph() {
        int[][] rows = {{1, 4}, {0, 2, 4}, {1, 4}, {}, {0, 1, 2}}; // tests/test_neighbors.py true_connectivities
        long[] indptr = new long[6];
        int[] indices = Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
        for (int i = 0; i < 5; i++) {
            indptr[i + 1] = indptr[i] + rows[i].length;
        }
        double[] distances = new double[indices.length];
        Arrays.fill(distances, 1);
        SparseMatrix a = SparseMatrix.csr(5, 5, indptr, indices, distances);
        GraphBatch batch = new SubgraphBuilder(a, Neighborhoods.of(a, 1, 1), 1.0).build(new int[] {4, 0, 3, 1});
        int n = batch.nodes();
        int genes = 5;
        Random random = new Random(11);
        float[] x = new float[n * genes];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        long[] kept = {3, 0, 4, 1};
        float[] additive = new float[4 * kept.length];
        float[] factors = new float[4 * kept.length];
        for (int i = 0; i < additive.length; i++) {
            additive[i] = random.nextFloat();
            factors[i] = 2 * random.nextFloat();
        }
        try (NDManager manager = NDManager.newBaseManager();
                GraphTensors graph = new GraphTensors(manager, batch)) {
            NDArray geneRows = OwnedArrays.of(manager, new long[] {10, 11, 12, 13, 14});
            GraphAugmentation.Draws draws = new GraphAugmentation.Draws(kept, additive, factors);
            NDArray[] out = GraphAugmentation.apply(OwnedArrays.of(manager, x, new Shape(n, genes)), geneRows, graph, draws);
            assertEquals(new Shape(n, kept.length), out[0].getShape());
            assertArrayEquals(new long[] {13, 10, 14, 11}, out[1].toLongArray());
            float[] y = out[0].toFloatArray();
            for (int i = 0; i < n; i++) {
                int b = (int) batch.graphOfNode()[i];
                for (int k = 0; k < kept.length; k++) {
                    float expected = x[i * genes + (int) kept[k]] * factors[b * kept.length + k] + additive[b * kept.length + k];
                    assertEquals(expected, y[i * kept.length + k], "node " + i + " of graph " + b + ", kept gene " + k);
                }
            }
        }
    }

    @Test
    void rejectsBadSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GraphAugmentation(0, 8, 0.05, 1));
        assertTrue(e.getMessage().contains("panel_subset_size") && e.getMessage().contains("got 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GraphAugmentation(1.2, 8, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> new GraphAugmentation(0.8, 0, 0.05, 1));
        assertThrows(IllegalArgumentException.class, () -> new GraphAugmentation(0.8, 8, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GraphAugmentation(Double.NaN, 8, 0.05, 1));
    }
}
