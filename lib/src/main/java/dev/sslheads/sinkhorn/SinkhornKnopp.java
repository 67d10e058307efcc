package dev.sslheads.sinkhorn;

import ai.djl.ndarray.NDArray;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;

/**
 * Sinkhorn-Knopp soft codes of the SwAV family (heads-spec §1.2): {@code iterations} rounds of
 * prototype marginal then sample marginal on {@code exp(S / epsilon)}, rows finally summing to 1.
 *
 * <p>Computed without gradients and stably. For ordinary inputs the result equals the reference
 * (novae, lightly, SwAV) up to float rounding; the differences are all exact identities:
 * <ul>
 *   <li>the global maximum of {@code S / epsilon} is subtracted before {@code exp};</li>
 *   <li>the reference's global normalisation and its {@code / K}, {@code / B} scalings are left
 *       out, because the column and row normalisations that follow cancel any constant factor.</li>
 * </ul>
 * When {@code 2 * scoreBound / epsilon + ln(B_total * K) > 80} the linear-domain iteration could
 * underflow in float32 (the reference returns NaN there, e.g. at epsilon = 0.001), so the same
 * iteration runs in the log domain, which stays finite and row-stochastic for any epsilon.
 *
 * <p>Global and per-prototype reductions go through an {@link AllReduce}, so data-parallel ranks
 * compute the codes of the whole batch; row sums are local.
 */
public final class SinkhornKnopp {
    /** A finite stand-in for minus infinity that keeps {@code 0 * mask} products finite. */
    static final float MASKED = -1e30f;
    private static final double LINEAR_DOMAIN_EXPONENT_LIMIT = 80.0;

    private final double epsilon;
    private final int iterations;
    private final double scoreBound;
    private final AllReduce allReduce;

    /**
     * @param epsilon entropic regularisation, > 0 (novae: 0.05)
     * @param iterations number of marginal rounds, >= 1 (novae: 3)
     * @param scoreBound bound on |S| used to choose the stable domain (1 for cosine scores)
     * @param allReduce collective for the global and per-prototype reductions
     */
    public SinkhornKnopp(double epsilon, int iterations, double scoreBound, AllReduce allReduce) {
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.iterations = Checks.atLeast("iterations", iterations, 1);
        this.scoreBound = Checks.positive("scoreBound", scoreBound);
        if (allReduce == null) {
            throw new IllegalArgumentException("allReduce must not be null (use AllReduce.LOCAL)");
        }
        this.allReduce = allReduce;
    }

    /** Single-process Sinkhorn over cosine scores. */
    public SinkhornKnopp(double epsilon, int iterations) {
        this(epsilon, iterations, 1.0, AllReduce.LOCAL);
    }

    public double epsilon() {
        return epsilon;
    }

    public int iterations() {
        return iterations;
    }

    /** Codes of scores {@code (B, K)}: a {@code (B, K)} float array whose rows sum to 1. */
    public NDArray codes(NDArray scores) {
        return codes(scores, null);
    }

    /**
     * Codes restricted to the columns where {@code columnMask} is true.
     *
     * @param scores {@code (B, K)} scores, on any device
     * @param columnMask {@code (K)} boolean mask of the prototypes in use, or null for all
     * @return {@code (B, K)} codes, zero in masked-out columns, rows summing to 1 over the others;
     *     equal to the reference Sinkhorn of {@code scores[:, mask]} placed back in its columns. With
     *     no column in use ({@code K = 0}, or a mask with no true entry, as novae's slide selection can
     *     give) the codes are all zero, like the reference's empty {@code (B, 0)} result
     */
    public NDArray codes(NDArray scores, NDArray columnMask) {
        Checks.matrix("scores", scores);
        if (scores.getShape().get(1) == 0) {
            return scores.zerosLike();
        }
        return Scopes.run(() -> {
            NDArray bias = columnMask == null ? null : maskBias(columnMask);
            NDArray logits = ScalarOps.div(scores.stopGradient(), (float) epsilon);
            if (bias != null) {
                logits = logits.add(bias);
            }
            NDArray codes = usesLogDomain(scores.getShape().get(0), scores.getShape().get(1))
                    ? logDomain(logits, bias)
                    : linearDomain(logits);
            // an all-false mask biases every column alike, which would spread the codes evenly: zero them
            return columnMask == null ? codes : codes.muli(columnMask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
        });
    }

    /** Whether a {@code (rows, cols)} input runs in the log domain (see the class comment). */
    public boolean usesLogDomain(long rows, long cols) {
        double exponentRange = 2 * scoreBound / epsilon + Math.log((double) rows * allReduce.worldSize() * cols);
        return exponentRange > LINEAR_DOMAIN_EXPONENT_LIMIT;
    }

    private NDArray linearDomain(NDArray logits) {
        NDArray q = logits.sub(allReduce.max(logits.max())).exp();
        for (int i = 0; i < iterations; i++) {
            q.divi(ScalarOps.maximum(allReduce.sum(q.sum(new int[] {0}, true)), Float.MIN_NORMAL));
            q.divi(ScalarOps.maximum(q.sum(new int[] {1}, true), Float.MIN_NORMAL));
        }
        return q;
    }

    /** The same iteration on log-codes; {@code bias} (the mask's, or null) keeps masked columns out after each column step. */
    private NDArray logDomain(NDArray logits, NDArray bias) {
        NDArray l = logits;
        for (int i = 0; i < iterations; i++) {
            NDArray colMax = allReduce.max(l.max(new int[] {0}, true));
            NDArray colLse = colMax.add(allReduce.sum(l.sub(colMax).exp().sum(new int[] {0}, true)).log());
            l = l.sub(colLse);
            if (bias != null) {
                l = l.add(bias);
            }
            l = l.sub(rowLogSumExp(l));
        }
        return l.exp();
    }

    private static NDArray rowLogSumExp(NDArray l) {
        NDArray rowMax = l.max(new int[] {1}, true);
        return rowMax.add(l.sub(rowMax).exp().sum(new int[] {1}, true).log());
    }

    /** {@code (K)} float to add to logits: 0 where the mask is true, {@link #MASKED} elsewhere. */
    public static NDArray maskBias(NDArray columnMask) {
        return ScalarOps.mul(ScalarOps.sub(columnMask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false), 1f), -MASKED);
    }
}
