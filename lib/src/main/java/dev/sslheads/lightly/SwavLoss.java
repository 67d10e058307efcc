package dev.sslheads.lightly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.sinkhorn.AllReduce;
import dev.sslheads.sinkhorn.SinkhornKnopp;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.List;

/**
 * lightly's {@code SwaVLoss} (v1.4.19, heads-spec §3.3): multi-crop swapped prediction.
 *
 * <p>For each high-resolution crop i, codes {@code q_i} are the Sinkhorn-Knopp codes of its scores
 * (no gradient), with the scores of queue i appended after the batch when there is a queue; only
 * the first B rows are kept, so queue rows enter the equipartition only. Then
 * {@code loss = (1/|high|) sum_i (1/(n_crops-1)) sum_{v != i} CE(scores_v, q_i)} over every other
 * crop, high- and low-resolution, with {@code CE(s, q) = -mean_b sum_k q log_softmax(s / temperature)}.
 *
 * <p>Sinkhorn runs through {@link SinkhornKnopp} (stable; the same codes as lightly for ordinary
 * inputs) with a pluggable {@link AllReduce}: lightly's {@code sinkhorn_gather_distributed=True}
 * is a data-parallel all-reduce here, and {@link AllReduce#LOCAL} is lightly's default.
 */
public final class SwavLoss {
    private final double temperature;
    private final SinkhornKnopp sinkhorn;

    /**
     * @param temperature softmax temperature, > 0 (lightly: 0.1)
     * @param sinkhornIterations Sinkhorn rounds, >= 1 (lightly: 3)
     * @param sinkhornEpsilon Sinkhorn regularisation, > 0 (lightly: 0.05)
     * @param scoreBound bound on |scores| used to pick Sinkhorn's stable domain, > 0 (1 + |bias| with lightly's bias)
     * @param allReduce Sinkhorn's collective across data-parallel ranks
     */
    public SwavLoss(double temperature, int sinkhornIterations, double sinkhornEpsilon, double scoreBound, AllReduce allReduce) {
        this.temperature = Checks.positive("temperature", temperature);
        this.sinkhorn = new SinkhornKnopp(sinkhornEpsilon, sinkhornIterations, scoreBound, allReduce);
    }

    /**
     * Single process, scores assumed within [-1.5, 1.5] (cosine plus a bias of magnitude at most 0.5;
     * lightly's bias starts within 1/sqrt(D)). Larger scores still give finite, row-stochastic codes.
     */
    public SwavLoss(double temperature, int sinkhornIterations, double sinkhornEpsilon) {
        this(temperature, sinkhornIterations, sinkhornEpsilon, 1.5, AllReduce.LOCAL);
    }

    /** lightly's defaults: temperature 0.1, 3 iterations, epsilon 0.05, single process. */
    public SwavLoss() {
        this(0.1, 3, 0.05);
    }

    public double temperature() {
        return temperature;
    }

    public int sinkhornIterations() {
        return sinkhorn.iterations();
    }

    public double sinkhornEpsilon() {
        return sinkhorn.epsilon();
    }

    /** The loss of a model output. */
    public NDArray forward(SwavScores scores) {
        if (scores == null) {
            throw new IllegalArgumentException("scores must not be null");
        }
        return forward(scores.high(), scores.low(), scores.queue());
    }

    /**
     * @param high scores of the high-resolution crops, each {@code (B, K)}, at least one
     * @param low scores of the low-resolution crops, each {@code (B, K)}; at least two crops in all
     * @param queue null, or one {@code (N_i, K)} array per high-resolution crop
     * @return the scalar loss, differentiable with respect to {@code high} and {@code low}
     */
    public NDArray forward(List<NDArray> high, List<NDArray> low, List<NDArray> queue) {
        checkScores(high, low, queue);
        int nCrops = high.size() + low.size();
        return Scopes.run(() -> {
            NDArray loss = null;
            for (int i = 0; i < high.size(); i++) {
                NDArray q = codes(high.get(i), queue == null ? null : queue.get(i));
                NDArray subloss = null;
                for (int v = 0; v < nCrops; v++) {
                    if (v != i) {
                        NDArray ce = crossEntropy(v < high.size() ? high.get(v) : low.get(v - high.size()), q);
                        subloss = subloss == null ? ce : subloss.add(ce);
                    }
                }
                NDArray term = ScalarOps.div(subloss, (float) (nCrops - 1));
                loss = loss == null ? term : loss.add(term);
            }
            return ScalarOps.div(loss, (float) high.size()).reshape(new Shape());
        });
    }

    /**
     * The codes {@code (B, K)} of one high-resolution crop's scores {@code (B, K)}, the queue's
     * scores {@code (N, K)} (or null) appended before Sinkhorn and their rows dropped after it.
     */
    public NDArray codes(NDArray scores, NDArray queueScores) {
        Shape shape = Checks.matrix("scores", scores);
        if (queueScores != null) {
            Checks.matrixWithColumns("queueScores", queueScores, shape.get(1));
        }
        return Scopes.run(() -> {
            NDArray out = scores.stopGradient();
            if (queueScores == null) {
                return sinkhorn.codes(out);
            }
            NDArray all = NDArrays.concat(new NDList(out, queueScores.stopGradient()), 0);
            return sinkhorn.codes(all).get(new NDIndex(":{}", shape.get(0)));
        });
    }

    private NDArray crossEntropy(NDArray scores, NDArray codes) {
        return codes.mul(ScalarOps.div(scores, (float) temperature).logSoftmax(1)).sum(new int[] {1}).mean().neg();
    }

    private static void checkScores(List<NDArray> high, List<NDArray> low, List<NDArray> queue) {
        if (high == null || high.isEmpty()) {
            throw new IllegalArgumentException("high must hold the scores of at least one high-resolution crop, got " + (high == null ? "null" : "[]"));
        }
        if (low == null) {
            throw new IllegalArgumentException("low must be a list of low-resolution scores (possibly empty), got null");
        }
        if (high.size() + low.size() < 2) {
            throw new IllegalArgumentException("high and low must hold at least 2 crops in all (n_crops - 1 divides the loss), got "
                    + (high.size() + low.size()));
        }
        Shape shape = Checks.matrix("high[0]", high.get(0));
        for (int i = 0; i < high.size() + low.size(); i++) {
            String name = i < high.size() ? "high[" + i + "]" : "low[" + (i - high.size()) + "]";
            NDArray s = i < high.size() ? high.get(i) : low.get(i - high.size());
            if (s == null || !s.getShape().equals(shape)) {
                throw new IllegalArgumentException(name + " must have the shape of high[0] " + shape + ", got " + (s == null ? "null" : s.getShape()));
            }
            if (!s.getDevice().equals(high.get(0).getDevice())) {
                throw new IllegalArgumentException(name + " must be on the device of high[0] " + high.get(0).getDevice() + ", got " + s.getDevice());
            }
        }
        if (queue != null) {
            if (queue.size() != high.size()) {
                throw new IllegalArgumentException("queue must hold one score array per high-resolution crop (" + high.size() + "), got " + queue.size());
            }
            for (int i = 0; i < queue.size(); i++) {
                if (queue.get(i) == null) {
                    throw new IllegalArgumentException("queue[" + i + "] must be an array (N, " + shape.get(1) + "), got null");
                }
                Checks.matrixWithColumns("queue[" + i + "]", queue.get(i), shape.get(1));
            }
        }
    }
}
