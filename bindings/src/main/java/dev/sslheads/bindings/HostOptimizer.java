package dev.sslheads.bindings;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * A DJL optimizer over guest tensors ({@code sslheads.optim}): {@link #step} applies one update to
 * every active parameter from its accumulated gradient, in place. The learning rate can change
 * between steps (schedules).
 *
 * <p>Semantics are DJL's PyTorch-engine updates, which differ from {@code torch.optim} in small ways:
 * <ul>
 *   <li>every update also zeroes that parameter's gradient (torch leaves it to {@code zero_grad});
 *   <li>Adam/AdamW apply the bias correction to the step size, {@code lr * sqrt(1-b2^t)/(1-b1^t) *
 *       m / (sqrt(v) + eps)}, so eps acts as torch's {@code eps * sqrt(1-b2^t)} (the paper's
 *       "epsilon hat"); Adam's weight decay is L2 added to the gradient and AdamW's is decoupled
 *       ({@code w -= lr * wd * w}), as in torch;
 *   <li>SGD keeps {@code state = momentum * state + lr * (g + wd * w)}, {@code w -= state}: the same
 *       as torch (dampening 0, no Nesterov) for a constant learning rate;
 *   <li>a gradient is never "None": a parameter is skipped only when the guest marks it inactive.
 * </ul>
 */
public final class HostOptimizer {
    private final List<HostTensor> parameters;
    private final Optimizer optimizer;
    private volatile float learningRate;

    private HostOptimizer(List<HostTensor> parameters, double lr, Kind kind, double beta1, double beta2, double eps,
            double momentum, double weightDecay) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("params must be a non-empty list of tensors (optimizer got an empty parameter list)");
        }
        for (int i = 0; i < parameters.size(); i++) {
            HostTensor p = parameters.get(i);
            if (p == null) {
                throw new GuestTypeException("params[" + i + "] must be a tensor, got None");
            }
            if (!p.array().getDataType().isFloating()) {
                throw new IllegalArgumentException("params[" + i + "] must be a floating-point tensor, got " + p.dtype());
            }
        }
        finiteAtLeast("lr", lr, 0);
        finiteAtLeast("weight_decay", weightDecay, 0);
        this.parameters = List.copyOf(parameters);
        this.learningRate = (float) lr;
        Tracker rate = step -> learningRate;
        this.optimizer = switch (kind) {
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).optBeta1(beta(0, beta1)).optBeta2(beta(1, beta2))
                    .optEpsilon((float) finiteAtLeast("eps", eps, 0)).optWeightDecays((float) weightDecay).build();
            case ADAMW -> Optimizer.adamW().optLearningRateTracker(rate).optBeta1(beta(0, beta1)).optBeta2(beta(1, beta2))
                    .optEpsilon((float) finiteAtLeast("eps", eps, 0)).optWeightDecays((float) weightDecay).build();
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).optMomentum((float) finiteAtLeast("momentum", momentum, 0))
                    .optWeightDecays((float) weightDecay).build();
        };
    }

    private enum Kind { ADAM, ADAMW, SGD }

    /** Adam with L2 weight decay (torch.optim.Adam's defaults: 1e-3, (0.9, 0.999), 1e-8, 0). */
    public static HostOptimizer adam(List<HostTensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new HostOptimizer(params, lr, Kind.ADAM, beta1, beta2, eps, 0, weightDecay);
    }

    /** Adam with decoupled weight decay (torch.optim.AdamW's defaults: weight decay 1e-2). */
    public static HostOptimizer adamW(List<HostTensor> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        return new HostOptimizer(params, lr, Kind.ADAMW, beta1, beta2, eps, 0, weightDecay);
    }

    /** SGD with optional momentum and L2 weight decay. */
    public static HostOptimizer sgd(List<HostTensor> params, double lr, double momentum, double weightDecay) {
        return new HostOptimizer(params, lr, Kind.SGD, 0, 0, 0, momentum, weightDecay);
    }

    public double learningRate() {
        return learningRate;
    }

    /** The learning rate of the following steps (finite, >= 0). */
    public void setLearningRate(double lr) {
        this.learningRate = (float) finiteAtLeast("lr", lr, 0);
    }

    /**
     * Updates every parameter that requires gradients and whose {@code active} entry is true (all
     * when {@code active} is null) from its gradient, then zeroes that gradient.
     */
    public void step(boolean[] active) {
        if (active != null && active.length != parameters.size()) {
            throw new IllegalArgumentException("active must have one entry per parameter (" + parameters.size() + "), got " + active.length);
        }
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).array();
            if ((active == null || active[i]) && weight.hasGradient()) {
                try (NDArray gradient = weight.getGradient()) {
                    optimizer.update("p" + i, weight, gradient);
                }
            }
        }
    }

    /** Zeroes every parameter's gradient. */
    public void zeroGrad() {
        for (HostTensor p : parameters) {
            p.zeroGrad();
        }
    }

    private static float beta(int index, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("betas[" + index + "] must be in [0, 1), got " + value);
        }
        return (float) value;
    }

    private static double finiteAtLeast(String name, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= " + min + ", got " + value);
        }
        return value;
    }
}
