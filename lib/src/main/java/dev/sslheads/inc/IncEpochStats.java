package dev.sslheads.inc;

/**
 * One epoch of {@link IncTrainer}.
 *
 * @param stage {@code "pretrain"} (reconstruction only) or {@code "fine-tune"} (reconstruction + gamma INC)
 * @param epoch 0-based epoch number within its stage
 * @param reconstruction mean reconstruction loss (MSE) over the epoch's steps
 * @param clustering mean INC loss over the epoch's steps (NaN while pretraining)
 * @param steps number of batches
 */
public record IncEpochStats(String stage, int epoch, double reconstruction, double clustering, int steps) {}
