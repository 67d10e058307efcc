package dev.sslheads.stablepretraining;

/**
 * One epoch of {@link StablePretrainingTrainer}.
 *
 * @param epoch 0-based epoch number
 * @param loss mean loss over the epoch's steps (ln K at collapse)
 * @param steps number of batches
 * @param prototypesFrozen whether the prototypes were frozen
 */
public record EpochLoss(int epoch, double loss, int steps, boolean prototypesFrozen) {}
