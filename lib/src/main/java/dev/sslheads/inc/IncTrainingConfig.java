package dev.sslheads.inc;

import dev.sslheads.util.Checks;

/**
 * Settings of {@link IncTrainer}.
 *
 * @param pretrainEpochs epochs of autoencoder pretraining before the k-means init, >= 0
 * @param epochs epochs of joint fine-tuning with the INC loss, >= 1
 * @param batchSize rows per batch, >= 1 (full batches only; the rest of a shuffled epoch is dropped)
 * @param pretrainLearningRate Adam's learning rate while pretraining (pyagc's tutorials: 1e-3)
 * @param learningRate Adam's learning rate while fine-tuning (pyagc's tutorials: 1e-4)
 * @param gamma weight of the INC loss next to the reconstruction loss, a finite number > 0
 * @param seed seed of the batch order and of the k-means init
 */
public record IncTrainingConfig(int pretrainEpochs, int epochs, int batchSize, float pretrainLearningRate, float learningRate,
        double gamma, long seed) {
    public IncTrainingConfig {
        Checks.atLeast("pretrainEpochs", pretrainEpochs, 0);
        Checks.atLeast("epochs", epochs, 1);
        Checks.atLeast("batchSize", batchSize, 1);
        Checks.positive("pretrainLearningRate", pretrainLearningRate);
        Checks.positive("learningRate", learningRate);
        Checks.positive("gamma", gamma);
    }
}
