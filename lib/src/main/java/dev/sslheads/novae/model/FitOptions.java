package dev.sslheads.novae.model;

/**
 * {@code Novae.fit}'s arguments (spec §4.1) with novae's defaults.
 *
 * @param maxEpochs at most this many epochs (20)
 * @param lr Adam's learning rate (1e-3)
 * @param minDelta early stopping: an epoch improves when its mean loss is below the best minus this (0.1)
 * @param patience early stopping: epochs without improvement before stopping (3)
 * @param warmupEpochs epochs with frozen prototypes at the start of training a model that is not pretrained
 *     (novae's {@code Nums.WARMUP_EPOCHS}, 1)
 */
public record FitOptions(int maxEpochs, double lr, double minDelta, int patience, int warmupEpochs) {
    public static final FitOptions DEFAULTS = new FitOptions(20, 1e-3, 0.1, 3, 1);

    /** novae's {@code fit} arguments with one warm-up epoch. */
    public FitOptions(int maxEpochs, double lr, double minDelta, int patience) {
        this(maxEpochs, lr, minDelta, patience, 1);
    }

    /** @throws IllegalArgumentException naming the argument out of range */
    public FitOptions {
        if (maxEpochs < 0) {
            throw new IllegalArgumentException("max_epochs must be >= 0, got " + maxEpochs);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("lr must be a finite number > 0, got " + lr);
        }
        if (!(minDelta >= 0)) {
            throw new IllegalArgumentException("min_delta must be >= 0, got " + minDelta);
        }
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        if (warmupEpochs < 0) {
            throw new IllegalArgumentException("warmup_epochs must be >= 0, got " + warmupEpochs);
        }
    }

    public FitOptions withMaxEpochs(int value) {
        return new FitOptions(value, lr, minDelta, patience, warmupEpochs);
    }

    public FitOptions withLr(double value) {
        return new FitOptions(maxEpochs, value, minDelta, patience, warmupEpochs);
    }
}
