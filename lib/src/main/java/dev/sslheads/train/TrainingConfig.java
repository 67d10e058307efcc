package dev.sslheads.train;

import dev.sslheads.util.Checks;

/**
 * Settings of {@link SwavTrainer}.
 *
 * @param epochs passes over the data, >= 1 (novae's fit: 20)
 * @param batchSize rows per batch, >= 3 (the slide queue needs three rows; novae: 256)
 * @param learningRate Adam's learning rate (novae's fit: 1e-3)
 * @param warmupEpochs epochs with frozen prototypes (novae's WARMUP_EPOCHS: 1)
 * @param seed seed of the batch order
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, int warmupEpochs, long seed) {
    public TrainingConfig {
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batchSize", batchSize, 3);
        Checks.positive("learningRate", learningRate);
        Checks.atLeast("warmupEpochs", warmupEpochs, 0);
    }
}
