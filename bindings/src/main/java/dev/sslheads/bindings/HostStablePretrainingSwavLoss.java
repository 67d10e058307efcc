package dev.sslheads.bindings;

import dev.sslheads.util.Scopes;
import dev.sslheads.stablepretraining.SwavLoss;
import java.util.List;

/**
 * stable-pretraining's {@code SwAVLoss} for guests (the Python
 * {@code stable_pretraining.losses.SwAVLoss}): {@link SwavLoss} on {@link HostTensor}s, results
 * owned by the guest.
 */
public final class HostStablePretrainingSwavLoss {
    private final SwavLoss loss;

    private HostStablePretrainingSwavLoss(SwavLoss loss) {
        this.loss = loss;
    }

    public static HostStablePretrainingSwavLoss create(double temperature, int sinkhornIterations, double epsilon) {
        return new HostStablePretrainingSwavLoss(new SwavLoss(temperature, sinkhornIterations, epsilon));
    }

    public double temperature() {
        return loss.temperature();
    }

    public int sinkhornIterations() {
        return loss.sinkhornIterations();
    }

    public double epsilon() {
        return loss.epsilon();
    }

    /**
     * The loss of two views; renormalises {@code prototypes} {@code (K, D)} in place (pass the live
     * parameter).
     *
     * @return {@code [loss, scores1, scores2, codes1, codes2]}
     */
    public List<HostTensor> forward(HostTensor proj1, HostTensor proj2, HostTensor prototypes, HostTensor queueFeats) {
        SwavLoss.Result r = Scopes.run(() -> loss.forward(HostTensor.require("proj1", proj1).array(), HostTensor.require("proj2", proj2).array(),
                HostTensor.require("prototypes", prototypes).array(), queueFeats == null ? null : queueFeats.array()),
                result -> List.of(result.loss(), result.scores1(), result.scores2(), result.codes1(), result.codes2()));
        return List.of(HostTensor.own(r.loss()), HostTensor.own(r.scores1()), HostTensor.own(r.scores2()),
                HostTensor.own(r.codes1()), HostTensor.own(r.codes2()));
    }

    /** Sinkhorn-Knopp codes {@code (N, K)} of scores {@code (N, K)}. */
    public HostTensor sinkhorn(HostTensor scores) {
        return HostTensor.compute(() -> loss.sinkhorn(HostTensor.require("scores", scores).array()));
    }

    /** {@code -mean_b sum_k codes log_softmax(scores / T)}. */
    public HostTensor swappedPrediction(HostTensor scores, HostTensor codes) {
        return HostTensor.compute(() -> loss.swappedPrediction(HostTensor.require("scores", scores).array(), HostTensor.require("codes", codes).array()));
    }

    @Override
    public String toString() {
        return loss.toString();
    }
}
