package dev.sslheads.bindings;

import ai.djl.ndarray.NDArray;
import dev.sslheads.lightly.SwavLoss;
import java.util.ArrayList;
import java.util.List;

/**
 * lightly's {@code SwaVLoss} for guests ({@code lightly.loss.SwaVLoss}): lists of score tensors in,
 * the scalar loss out (owned by the guest, recorded for backward()).
 */
public final class HostSwavLoss {
    private final SwavLoss loss;

    private HostSwavLoss(SwavLoss loss) {
        this.loss = loss;
    }

    public static HostSwavLoss create(double temperature, int sinkhornIterations, double sinkhornEpsilon) {
        return new HostSwavLoss(new SwavLoss(temperature, sinkhornIterations, sinkhornEpsilon));
    }

    public double temperature() {
        return loss.temperature();
    }

    public int sinkhornIterations() {
        return loss.sinkhornIterations();
    }

    public double sinkhornEpsilon() {
        return loss.sinkhornEpsilon();
    }

    /**
     * @param high scores {@code (B, K)} of each high-resolution crop
     * @param low scores {@code (B, K)} of each low-resolution crop
     * @param queue null, or scores {@code (N, K)} of each queue
     */
    public HostTensor forward(List<HostTensor> high, List<HostTensor> low, List<HostTensor> queue) {
        return HostTensor.compute(() -> loss.forward(arrays("high_resolution_outputs", high), arrays("low_resolution_outputs", low),
                queue == null ? null : arrays("queue_outputs", queue)));
    }

    /** Sinkhorn codes {@code (B, K)} of one crop's scores, the queue's scores (or null) taking part in the equipartition. */
    public HostTensor codes(HostTensor scores, HostTensor queueScores) {
        HostTensor.require("scores", scores);
        return HostTensor.compute(() -> loss.codes(scores.array(), queueScores == null ? null : queueScores.array()));
    }

    /** The arrays of a guest list of tensors; TypeError naming {@code name} for None. */
    static List<NDArray> arrays(String name, List<HostTensor> tensors) {
        if (tensors == null) {
            throw new GuestTypeException(name + " must be a list of tensors, got None");
        }
        List<NDArray> out = new ArrayList<>(tensors.size());
        for (int i = 0; i < tensors.size(); i++) {
            HostTensor t = tensors.get(i);
            if (t == null) {
                throw new GuestTypeException(name + "[" + i + "] must be a tensor, got None");
            }
            out.add(t.array());
        }
        return out;
    }

    /** Guest tensors owning {@code arrays}. */
    static List<HostTensor> own(List<NDArray> arrays) {
        return arrays.stream().map(HostTensor::own).toList();
    }
}
