package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.util.Permutations;
import java.util.Arrays;
import java.util.Random;

/**
 * novae's training augmentation (spec §3.2), applied to the standardised expression of a batch: a
 * panel subset of {@code int(ratio · G)} genes shared by the whole batch, then per graph b an additive
 * exponential noise {@code a_b ~ Exp(rate λ)} and a sensitivity factor
 * {@code f_b = clip(1 + σ N(0, 1), 0, 2)} over the kept genes: {@code x_i ← x_i ⊙ f_b + a_b}.
 * novae's gene dropout is never applied upstream and is not here (spec §6.2-1). Draws come from one
 * seeded host stream, so a seed gives the same augmentations on every device.
 */
public final class GraphAugmentation {
    /** The draws of one augmentation: kept gene positions {@code (G')}, noise and factors {@code (B, G')} row-major. */
    public record Draws(long[] kept, float[] additive, float[] factors) {}

    private final double panelSubsetSize;
    private final double backgroundNoiseLambda;
    private final double sensitivityNoiseStd;
    private final Random random;

    /**
     * @param panelSubsetSize fraction of genes kept, in (0, 1]
     * @param backgroundNoiseLambda rate of the additive exponential noise, > 0
     * @param sensitivityNoiseStd std of the multiplicative noise, >= 0
     */
    public GraphAugmentation(double panelSubsetSize, double backgroundNoiseLambda, double sensitivityNoiseStd, long seed) {
        if (!(panelSubsetSize > 0 && panelSubsetSize <= 1) || !(backgroundNoiseLambda > 0) || !(sensitivityNoiseStd >= 0)) {
            throw new IllegalArgumentException("panel_subset_size must be in (0, 1], background_noise_lambda > 0 and "
                    + "sensitivity_noise_std >= 0, got " + panelSubsetSize + ", " + backgroundNoiseLambda + ", " + sensitivityNoiseStd);
        }
        this.panelSubsetSize = panelSubsetSize;
        this.backgroundNoiseLambda = backgroundNoiseLambda;
        this.sensitivityNoiseStd = sensitivityNoiseStd;
        this.random = new Random(seed);
    }

    /** The number of genes kept out of {@code genes}: Python's {@code int(ratio * G)}. */
    public int keptGenes(int genes) {
        return (int) (panelSubsetSize * genes);
    }

    /** Draws a subset of {@code genes} and the noise of {@code graphs} graphs. */
    public Draws draw(int genes, int graphs) {
        int kept = keptGenes(genes);
        long[] subset = Arrays.copyOf(Permutations.shuffled(genes, random), kept);
        float[] additive = new float[graphs * kept];
        float[] factors = new float[graphs * kept];
        for (int i = 0; i < additive.length; i++) {
            additive[i] = (float) (-Math.log1p(-random.nextDouble()) / backgroundNoiseLambda);
        }
        for (int i = 0; i < factors.length; i++) {
            factors[i] = (float) Math.min(2, Math.max(0, 1 + sensitivityNoiseStd * random.nextGaussian()));
        }
        return new Draws(subset, additive, factors);
    }

    /**
     * Applies {@code draws} to {@code x (N, G)} of the graphs of {@code graph}, with gene rows {@code genes (G)}.
     *
     * @return the augmented {@code (N, G')} expression and the kept gene rows {@code (G')}
     */
    public static NDArray[] apply(NDArray x, NDArray genes, GraphTensors graph, Draws draws) {
        int kept = draws.kept().length;
        NDArray subset = OwnedArrays.of(x.getManager(), draws.kept());
        NDArray additive = OwnedArrays.of(x.getManager(), draws.additive(), new Shape(graph.graphs, kept));
        NDArray factors = OwnedArrays.of(x.getManager(), draws.factors(), new Shape(graph.graphs, kept));
        NDArray columns = x.transpose().get(subset).transpose();
        NDArray augmented = columns.mul(factors.get(graph.graphOfNode)).add(additive.get(graph.graphOfNode));
        return new NDArray[] {augmented, genes.get(subset)};
    }
}
