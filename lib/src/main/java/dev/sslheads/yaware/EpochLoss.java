package dev.sslheads.yaware;

/**
 * One epoch of {@link YAwareContrastiveLearning#fit} (nidl logs {@code loss/train} and {@code loss/val}).
 *
 * @param epoch 0-based epoch number
 * @param trainLoss mean training loss over the epoch's steps
 * @param validationLoss mean validation loss after the epoch (NaN without a validation set)
 * @param steps optimizer steps in the epoch
 * @param learningRate the learning rate of the epoch's last step
 */
public record EpochLoss(int epoch, double trainLoss, double validationLoss, int steps, double learningRate) {}
