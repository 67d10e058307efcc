package dev.sslheads.stablepretraining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.sinkhorn.SinkhornKnopp;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.Arrays;

/**
 * stable-pretraining's {@code SwAVLoss(temperature=0.1, sinkhorn_iterations=3, epsilon=0.05)}
 * (heads-spec §4.1): swapped prediction whose codes come from ONE Sinkhorn over both views
 * together (2B rows, plus the optional queue appended after them), unlike the original SwAV and
 * lightly, which solve the equipartition per view.
 *
 * <p>The codes use {@link SinkhornKnopp}, numerically the reference's algorithm (heads-spec §1.2)
 * computed stably (maximum subtracted, log domain for tiny epsilon). Scores and codes are float32,
 * as after the reference's {@code .float()} casts.
 */
public final class SwavLoss {
    private final double temperature;
    private final SinkhornKnopp sinkhorn;

    /**
     * @param temperature softmax temperature of the swapped prediction, finite and > 0 (0.1)
     * @param sinkhornIterations Sinkhorn rounds, >= 1 (3)
     * @param epsilon Sinkhorn entropic regularisation, finite and > 0 (0.05; the reference's
     *     docstring calls it "a small value for numerical stability", it is the regulariser)
     */
    public SwavLoss(double temperature, int sinkhornIterations, double epsilon) {
        Checks.positive("temperature", temperature);
        Checks.atLeast("sinkhornIterations", sinkhornIterations, 1);
        this.sinkhorn = new SinkhornKnopp(epsilon, sinkhornIterations);
        this.temperature = temperature;
    }

    /** The reference defaults: temperature 0.1, 3 iterations, epsilon 0.05. */
    public SwavLoss() {
        this(0.1, 3, 0.05);
    }

    public double temperature() {
        return temperature;
    }

    public int sinkhornIterations() {
        return sinkhorn.iterations();
    }

    public double epsilon() {
        return sinkhorn.epsilon();
    }

    /** Sinkhorn-Knopp codes {@code (N, K)} of scores {@code (N, K)}, rows summing to 1, no gradient. */
    public NDArray sinkhorn(NDArray scores) {
        return sinkhorn.codes(scores);
    }

    /**
     * {@code -(1/B) sum_b sum_k codes[b,k] log_softmax(scores[b,:] / T)[k]}, a differentiable scalar.
     *
     * @param scores {@code (B, K)} prototype scores
     * @param codes {@code (B, K)} target codes (treated as constants)
     */
    public NDArray swappedPrediction(NDArray scores, NDArray codes) {
        Shape s = Checks.matrix("scores", scores);
        Shape c = Checks.matrix("codes", codes);
        if (!s.equals(c)) {
            throw new IllegalArgumentException("scores and codes must have the same shape (B, K), got " + s + " and " + c);
        }
        return Scopes.run(() -> codes.stopGradient().mul(ScalarOps.div(scores, (float) temperature).logSoftmax(1))
                .sum(new int[] {1}).mean().neg());
    }

    /**
     * The loss of two views. Renormalises the rows of {@code prototypes} in place (no gradient),
     * as the reference does before scoring.
     *
     * @param proj1 {@code (B, D)} projections of view 1 (L2-normalised here)
     * @param proj2 {@code (B, D)} projections of view 2
     * @param prototypes {@code (K, D)} prototype weights (the bias-free Linear's weight), on the same device
     * @param queueFeats {@code (Q, D)} queued projections (normalised here, no gradient) or null; Q may be 0
     * @return the loss {@code (CE(scores1, q2) + CE(scores2, q1)) / 2}, scores and codes
     */
    public Result forward(NDArray proj1, NDArray proj2, NDArray prototypes, NDArray queueFeats) {
        Shape s1 = Checks.matrix("proj1", proj1);
        Shape s2 = Checks.matrix("proj2", proj2);
        if (!s1.equals(s2)) {
            throw new IllegalArgumentException("proj1 and proj2 must have the same shape (B, D), got " + s1 + " and " + s2);
        }
        if (s1.get(0) < 1) {
            throw new IllegalArgumentException("proj1 must have at least 1 row, got shape " + s1);
        }
        Checks.matrixWithColumns("prototypes", prototypes, s1.get(1));
        if (queueFeats != null) {
            Checks.matrixWithColumns("queueFeats", queueFeats, s1.get(1));
        }
        requireSameDevice(proj1, "proj2", proj2);
        requireSameDevice(proj1, "prototypes", prototypes);
        if (queueFeats != null) {
            requireSameDevice(proj1, "queueFeats", queueFeats);
        }
        normalizeRowsInPlace(prototypes);
        long batch = s1.get(0);
        return Scopes.run(() -> {
            NDArray weightsT = prototypes.transpose();
            NDArray scores1 = normalizeRows(proj1).matMul(weightsT);
            NDArray scores2 = normalizeRows(proj2).matMul(weightsT);
            NDList rows = new NDList(scores1.stopGradient(), scores2.stopGradient());
            if (queueFeats != null && queueFeats.getShape().get(0) > 0) {
                rows.add(normalizeRows(queueFeats.stopGradient()).matMul(weightsT.stopGradient()));
            }
            NDArray codes = sinkhorn(NDArrays.concat(rows, 0));
            NDArray codes1 = codes.get("0:{}", batch);
            NDArray codes2 = codes.get("{}:{}", batch, 2 * batch);
            NDArray loss = ScalarOps.div(swappedPrediction(scores1, codes2).add(swappedPrediction(scores2, codes1)), 2f);
            return new Result(loss, scores1, scores2, codes1, codes2);
        }, r -> Arrays.asList(r.loss(), r.scores1(), r.scores2(), r.codes1(), r.codes2()));
    }

    /** torch's {@code F.normalize(x, dim=1)}: rows divided by {@code max(||row||, 1e-12)}. */
    static NDArray normalizeRows(NDArray x) {
        return x.normalize(2, 1, 1e-12);
    }

    /** Renormalises the rows of {@code weights} in place, outside autograd. */
    static void normalizeRowsInPlace(NDArray weights) {
        Scopes.run(() -> {
            NDArray data = weights.stopGradient();
            data.divi(ScalarOps.maximum(data.norm(new int[] {1}, true), 1e-12f));
        });
    }

    static void requireSameDevice(NDArray reference, String name, NDArray x) {
        if (!x.getDevice().equals(reference.getDevice())) {
            throw new IllegalArgumentException(name + " must be on device " + reference.getDevice() + ", got " + x.getDevice());
        }
    }

    /**
     * One evaluation of the loss.
     *
     * @param loss scalar, differentiable w.r.t. the projections and the prototypes
     * @param scores1 {@code (B, K)} scores of view 1 (cosines with the unit prototypes)
     * @param scores2 {@code (B, K)} scores of view 2
     * @param codes1 {@code (B, K)} codes of view 1 (rows 0..B-1 of the joint Sinkhorn), no gradient
     * @param codes2 {@code (B, K)} codes of view 2 (rows B..2B-1)
     */
    public record Result(NDArray loss, NDArray scores1, NDArray scores2, NDArray codes1, NDArray codes2) {}

    @Override
    public String toString() {
        return "SwavLoss(temperature=" + temperature + ", sinkhornIterations=" + sinkhornIterations() + ", epsilon=" + epsilon() + ")";
    }
}
