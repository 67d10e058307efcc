package dev.sslheads.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * torch's {@code AdamW} (or {@code Adam}) update, in place on the parameters' device, with nidl's
 * {@code exclude_bias_and_norm_wd}: every parameter with at most one dimension (biases, norm scales
 * and shifts) gets weight decay 0.
 *
 * <p>Why not DJL's optimizers: DJL's {@code Adam} takes one weight decay for every parameter and adds
 * it to the gradient (the coupled L2 penalty of {@code torch.optim.Adam}), not AdamW's decoupled
 * {@code p <- p (1 - lr wd)}; two DJL instances over disjoint sets would still apply the wrong decay
 * and keep their own learning-rate trackers. This class is small, follows torch 1.13's update order
 * exactly (parity-tested on one step) and takes the scheduled learning rate per step.
 *
 * <p>Per step, with {@code t} the step count: decoupled: {@code p <- p (1 - lr wd)}; coupled (Adam):
 * {@code g <- g + wd p}; then {@code m <- b1 m + (1 - b1) g}, {@code v <- b2 v + (1 - b2) g^2},
 * {@code p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}.
 */
public final class AdamW implements ParameterOptimizer {
    private final List<NDArray> parameters;
    private final double[] decay;
    private final List<NDArray> firstMoments = new ArrayList<>();
    private final List<NDArray> secondMoments = new ArrayList<>();
    private final NDManager manager;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final boolean decoupled;
    private long steps;

    /**
     * @param parameters the arrays to update (each must require gradients)
     * @param weightDecay >= 0
     * @param excludeBiasAndNorm whether parameters with at most one dimension get weight decay 0
     * @param beta1 in [0, 1)
     * @param beta2 in [0, 1)
     * @param eps > 0
     * @param decoupled true for AdamW, false for Adam's L2 penalty added to the gradient
     */
    public AdamW(List<NDArray> parameters, double weightDecay, boolean excludeBiasAndNorm, double beta1, double beta2, double eps,
            boolean decoupled) {
        this.parameters = ParameterOptimizer.requireParameters(parameters);
        Checks.inRange("weightDecay", weightDecay, 0, Double.MAX_VALUE);
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        this.eps = Checks.positive("eps", eps);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.decoupled = decoupled;
        this.decay = ParameterOptimizer.weightDecays(this.parameters, weightDecay, excludeBiasAndNorm);
        this.manager = this.parameters.get(0).getManager().newSubManager();
        for (NDArray p : this.parameters) {
            NDArray m = manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
            NDArray v = manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
            NDScope.unregister(m, v);
            firstMoments.add(m);
            secondMoments.add(v);
        }
    }

    @Override
    public double weightDecayOf(int i) {
        return decay[i];
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void step(double lr) {
        Checks.inRange("lr", lr, 0, Double.MAX_VALUE);
        steps++;
        double correction1 = 1 - Math.pow(beta1, steps);
        double sqrtCorrection2 = Math.sqrt(1 - Math.pow(beta2, steps));
        try (NDScope ignored = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray g = p.getGradient();
                if (decoupled) {
                    ScalarOps.muli(p, (float) (1 - lr * decay[i]));
                } else if (decay[i] != 0) {
                    g = g.add(ScalarOps.mul(p, (float) decay[i]));
                }
                ScalarOps.muli(firstMoments.get(i), (float) beta1).addi(ScalarOps.mul(g, (float) (1 - beta1)));
                ScalarOps.muli(secondMoments.get(i), (float) beta2).addi(ScalarOps.mul(g.square(), (float) (1 - beta2)));
                NDArray denominator = ScalarOps.add(ScalarOps.div(secondMoments.get(i).sqrt(), (float) sqrtCorrection2), (float) eps);
                p.subi(ScalarOps.mul(firstMoments.get(i).div(denominator), (float) (lr / correction1)));
                ScalarOps.muli(p.getGradient(), 0);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
