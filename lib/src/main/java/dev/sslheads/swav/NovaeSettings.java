package dev.sslheads.swav;

import dev.sslheads.util.Checks;

/**
 * The constants of novae's {@code Nums} that the SwAV head reads, with novae's defaults, held per
 * head instead of in a mutable module (change one with the {@code with...} methods and
 * {@link SwavHead#setSettings}).
 *
 * @param eps guard added to norms and inside the entropy's log (novae {@code EPS}, 1e-8)
 * @param swavEpsilon Sinkhorn regularisation (novae {@code SWAV_EPSILON}, 0.05)
 * @param sinkhornIterations Sinkhorn rounds (novae {@code SINKHORN_ITERATIONS}, 3)
 * @param queueSize past batches remembered per slide (novae {@code QUEUE_SIZE}, 2)
 * @param queueWeightThresholdRatio a slide keeps prototype k when its queue weight is at least
 *     this ratio of the best slide's (novae {@code QUEUE_WEIGHT_THRESHOLD_RATIO}, 0.99)
 * @param checkFinite whether {@link SwavHead#forward} rejects NaN/Inf inputs; the check reads one
 *     boolean back from the device per call (turn off for the last bit of GPU throughput)
 */
public record NovaeSettings(
        double eps,
        double swavEpsilon,
        int sinkhornIterations,
        int queueSize,
        double queueWeightThresholdRatio,
        boolean checkFinite) {

    /** novae's defaults. */
    public static final NovaeSettings DEFAULTS = new NovaeSettings(1e-8, 0.05, 3, 2, 0.99, true);

    public NovaeSettings {
        Checks.inRange("eps", eps, 0, 1);
        Checks.positive("swavEpsilon", swavEpsilon);
        Checks.atLeast("sinkhornIterations", sinkhornIterations, 1);
        Checks.atLeast("queueSize", queueSize, 1);
        Checks.inRange("queueWeightThresholdRatio", queueWeightThresholdRatio, 0, 1);
    }

    public NovaeSettings withEps(double value) {
        return new NovaeSettings(value, swavEpsilon, sinkhornIterations, queueSize, queueWeightThresholdRatio, checkFinite);
    }

    public NovaeSettings withSwavEpsilon(double value) {
        return new NovaeSettings(eps, value, sinkhornIterations, queueSize, queueWeightThresholdRatio, checkFinite);
    }

    public NovaeSettings withSinkhornIterations(int value) {
        return new NovaeSettings(eps, swavEpsilon, value, queueSize, queueWeightThresholdRatio, checkFinite);
    }

    public NovaeSettings withQueueSize(int value) {
        return new NovaeSettings(eps, swavEpsilon, sinkhornIterations, value, queueWeightThresholdRatio, checkFinite);
    }

    public NovaeSettings withQueueWeightThresholdRatio(double value) {
        return new NovaeSettings(eps, swavEpsilon, sinkhornIterations, queueSize, value, checkFinite);
    }

    public NovaeSettings withCheckFinite(boolean value) {
        return new NovaeSettings(eps, swavEpsilon, sinkhornIterations, queueSize, queueWeightThresholdRatio, value);
    }
}
