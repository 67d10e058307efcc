package dev.sslheads.train;

/**
 * One epoch of {@link SwavTrainer}.
 *
 * @param epoch 0-based epoch number
 * @param loss mean SwAV loss over the epoch's steps
 * @param entropy mean normalised code entropy (novae: ~1 means collapse, 0.4-0.7 is healthy)
 * @param steps number of batches
 * @param prototypesFrozen whether the prototypes were frozen (warm-up)
 */
public record EpochStats(int epoch, double loss, double entropy, int steps, boolean prototypesFrozen) {}
