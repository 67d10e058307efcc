package dev.sslheads.optim;

import dev.sslheads.util.Checks;

/**
 * nidl's {@code lr_scheduler_kwargs} for "warmup_cosine" (defaults {@link #DEFAULTS}:
 * {@code warmup_epochs=10, warmup_start_lr=1e-6, min_lr=0.0, interval="step"}).
 *
 * @param warmupEpochs warmup length in epochs, >= 0; truncated to whole epochs as nidl does
 *     ({@code int(warmup_epochs)}: 1.5 means 1 epoch, 0.5 no warmup); with interval "step" the
 *     whole epochs become {@code epochs * steps per epoch} scheduler steps
 * @param warmupStartLr learning rate at step 0 (replaced by the base rate when there is no warmup, as in nidl)
 * @param minLr the cosine's floor
 * @param interval "step" (the rate changes every optimizer step) or "epoch"
 */
public record WarmupCosineSettings(double warmupEpochs, double warmupStartLr, double minLr, String interval) {
    public static final WarmupCosineSettings DEFAULTS = new WarmupCosineSettings(10, 1e-6, 0.0, "step");

    public WarmupCosineSettings {
        Checks.inRange("warmupEpochs", warmupEpochs, 0, Double.MAX_VALUE);
        Checks.inRange("warmupStartLr", warmupStartLr, 0, Double.MAX_VALUE);
        Checks.inRange("minLr", minLr, 0, Double.MAX_VALUE);
        if (!"step".equals(interval) && !"epoch".equals(interval)) {
            throw new IllegalArgumentException("interval must be one of {step, epoch}, got " + (interval == null ? "null" : "'" + interval + "'"));
        }
    }

    /** The schedule for {@code maxEpochs} epochs of {@code stepsPerEpoch} steps at base rate {@code baseLr}. */
    public WarmupCosineSchedule schedule(double baseLr, int maxEpochs, int stepsPerEpoch) {
        boolean perStep = "step".equals(interval);
        double wholeEpochs = Math.floor(warmupEpochs);
        double warmup = perStep ? wholeEpochs * stepsPerEpoch : wholeEpochs;
        long total = perStep ? (long) maxEpochs * stepsPerEpoch : maxEpochs;
        return new WarmupCosineSchedule(baseLr, warmup, total, warmup > 0 ? warmupStartLr : baseLr, minLr);
    }

    public boolean perStep() {
        return "step".equals(interval);
    }
}
