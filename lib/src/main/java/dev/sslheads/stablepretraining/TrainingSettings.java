package dev.sslheads.stablepretraining;

import dev.sslheads.util.Checks;

/**
 * Settings of {@link StablePretrainingTrainer}.
 *
 * @param epochs passes over the data, >= 1
 * @param batchSize rows per batch, >= 2 (BatchNorm in training mode)
 * @param learningRate AdamW's learning rate, finite and > 0
 * @param weightDecay AdamW's decoupled weight decay, >= 0
 * @param freezePrototypesEpochs epochs (from 0) with frozen prototypes, >= 0 (the reference benchmark: 2)
 * @param freezing how frozen prototypes are treated (default {@link PrototypeFreezing#ZERO_GRADIENTS}, the reference)
 * @param seed seed of the batch order
 */
public record TrainingSettings(int epochs, int batchSize, float learningRate, float weightDecay, int freezePrototypesEpochs,
        PrototypeFreezing freezing, long seed) {
    public TrainingSettings {
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batchSize", batchSize, 2);
        Checks.positive("learningRate", learningRate);
        if (!(weightDecay >= 0) || Float.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a finite number >= 0, got " + weightDecay);
        }
        Checks.atLeast("freezePrototypesEpochs", freezePrototypesEpochs, 0);
        if (freezing == null) {
            throw new IllegalArgumentException("freezing must be ZERO_GRADIENTS or SKIP_PARAMETER, got null");
        }
    }

    /** {@code epochs} epochs of batch 128, lr 1e-3, no weight decay, prototypes frozen in epoch 0 (zeroed gradients). */
    public static TrainingSettings of(int epochs, long seed) {
        return new TrainingSettings(epochs, 128, 1e-3f, 0f, 1, PrototypeFreezing.ZERO_GRADIENTS, seed);
    }
}
