package dev.sslheads.train;

import ai.djl.ndarray.NDArray;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;

/**
 * A view for flat feature vectors: each feature is dropped (set to 0) with probability
 * {@code dropProbability}, then Gaussian noise of standard deviation {@code noiseStd} is added.
 * Random numbers come from the engine's generator on the batch's device
 * ({@code Engine.setRandomSeed} makes them repeatable).
 */
public final class NoiseDropoutAugmentation implements Augmentation {
    private final double dropProbability;
    private final double noiseStd;

    public NoiseDropoutAugmentation(double dropProbability, double noiseStd) {
        this.dropProbability = Checks.inRange("dropProbability", dropProbability, 0, 1);
        this.noiseStd = Checks.inRange("noiseStd", noiseStd, 0, Double.MAX_VALUE);
    }

    @Override
    public NDArray apply(NDArray batch) {
        NDArray keep = ScalarOps.gte(batch.getManager().randomUniform(0f, 1f, batch.getShape(), batch.getDataType(), batch.getDevice()),
                (float) dropProbability);
        NDArray noise = batch.getManager().randomNormal(0f, (float) noiseStd, batch.getShape(), batch.getDataType(), batch.getDevice());
        return batch.mul(keep.toType(batch.getDataType(), false)).add(noise);
    }
}
