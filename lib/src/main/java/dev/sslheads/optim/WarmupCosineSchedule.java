package dev.sslheads.optim;

import dev.sslheads.util.Checks;

/**
 * nidl's "warmup_cosine" learning rate (pl_bolts' {@code LinearWarmupCosineAnnealingLR}) in closed
 * form (heads-spec 7.4), for scheduler step {@code t} (a step or an epoch, per the interval):
 * <pre>
 *   t &lt; W:  lr = ws + t (base - ws) / (W - 1)
 *   t &gt;= W: lr = minLr + (base - minLr) (1 + cos(pi (t - W) / (T - W))) / 2
 * </pre>
 * with {@code W = warmupSteps} (a real number: nidl passes {@code 10 * steps per epoch}, which need not
 * be whole), {@code T = totalSteps}, {@code ws = warmupStartLr}.
 *
 * <p>Edge cases (documented quirks of the reference, kept): {@code t = 0} always gives {@code ws}
 * (pl_bolts' special case, which also avoids {@code W - 1 = 0} when {@code W <= 1}); for a
 * non-integer W the last warmup step slightly exceeds {@code base}, because the ramp divides by
 * {@code W - 1}. Zero warmup: nidl sets {@code ws = base}, and the cosine starts at {@code base} at
 * {@code t = 0}. When {@code W >= T} the whole run is warmup and any {@code t >= W} gives {@code base}
 * (pl_bolts returns base at {@code t == W} and has no cosine left). The last training step is
 * {@code t = T - 1}; {@code t = T} (the value after the last step) is {@code minLr} when {@code W < T}.
 * pl_bolts' chainable form, used by torch in practice, agrees with this for whole W; for a
 * fractional W it may never hit {@code t == W} and drifts slightly.
 */
public final class WarmupCosineSchedule {
    private final double baseLr;
    private final double warmupSteps;
    private final long totalSteps;
    private final double warmupStartLr;
    private final double minLr;

    /**
     * @param baseLr the optimizer's learning rate, > 0
     * @param warmupSteps W >= 0 (a real number of scheduler steps)
     * @param totalSteps T >= 1
     * @param warmupStartLr ws >= 0
     * @param minLr eta_min >= 0
     */
    public WarmupCosineSchedule(double baseLr, double warmupSteps, long totalSteps, double warmupStartLr, double minLr) {
        this.baseLr = Checks.positive("baseLr", baseLr);
        this.warmupSteps = Checks.inRange("warmupSteps", warmupSteps, 0, Double.MAX_VALUE);
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be >= 1, got " + totalSteps);
        }
        this.totalSteps = totalSteps;
        this.warmupStartLr = Checks.inRange("warmupStartLr", warmupStartLr, 0, Double.MAX_VALUE);
        this.minLr = Checks.inRange("minLr", minLr, 0, Double.MAX_VALUE);
    }

    /** The learning rate at scheduler step {@code t >= 0}. */
    public double at(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("t must be >= 0, got " + t);
        }
        if (t == 0) {
            return warmupStartLr;
        }
        if (t < warmupSteps) {
            return warmupStartLr + t * (baseLr - warmupStartLr) / (warmupSteps - 1);
        }
        if (warmupSteps >= totalSteps) {
            return baseLr;
        }
        return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * (t - warmupSteps) / (totalSteps - warmupSteps)));
    }

    public double warmupSteps() {
        return warmupSteps;
    }

    public long totalSteps() {
        return totalSteps;
    }
}
