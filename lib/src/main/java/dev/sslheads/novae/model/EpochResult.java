package dev.sslheads.novae.model;

/**
 * One training epoch: its mean step loss ({@code train/loss_epoch}) and mean entropy, steps and seconds.
 *
 * @param prototypesFrozen whether the prototypes got no gradient (novae's warm-up epoch)
 */
public record EpochResult(int epoch, double loss, double entropy, int steps, boolean prototypesFrozen, double seconds) {}
