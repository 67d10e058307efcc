package dev.sslheads.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.List;

/**
 * torch's {@code SGD} (dampening 0, no Nesterov), in place on the parameters' device, with nidl's
 * bias and norm exclusion from weight decay: {@code d = g + wd p}; with momentum {@code m > 0},
 * {@code b <- d} at the first step, then {@code b <- m b + d}, and {@code d = b}; {@code p <- p - lr d}.
 */
public final class Sgd implements ParameterOptimizer {
    private final List<NDArray> parameters;
    private final double[] decay;
    private final double momentum;
    private final List<NDArray> buffers = new ArrayList<>();
    private final NDManager manager;
    private long steps;

    /**
     * @param parameters the arrays to update (each must require gradients)
     * @param weightDecay >= 0
     * @param excludeBiasAndNorm whether parameters with at most one dimension get weight decay 0
     * @param momentum in [0, 1)
     */
    public Sgd(List<NDArray> parameters, double weightDecay, boolean excludeBiasAndNorm, double momentum) {
        this.parameters = ParameterOptimizer.requireParameters(parameters);
        Checks.inRange("weightDecay", weightDecay, 0, Double.MAX_VALUE);
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        this.momentum = momentum;
        this.decay = ParameterOptimizer.weightDecays(this.parameters, weightDecay, excludeBiasAndNorm);
        this.manager = this.parameters.get(0).getManager().newSubManager();
        for (NDArray p : this.parameters) {
            NDArray b = manager.zeros(p.getShape(), p.getDataType(), p.getDevice());
            NDScope.unregister(b);
            buffers.add(b);
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
        try (NDScope ignored = new NDScope()) {
            for (int i = 0; i < parameters.size(); i++) {
                NDArray p = parameters.get(i);
                NDArray d = p.getGradient();
                if (decay[i] != 0) {
                    d = d.add(ScalarOps.mul(p, (float) decay[i]));
                }
                if (momentum != 0) {
                    NDArray b = buffers.get(i);
                    ScalarOps.muli(b, steps == 1 ? 0f : (float) momentum).addi(d);
                    d = b;
                }
                p.subi(ScalarOps.mul(d, (float) lr));
                ScalarOps.muli(p.getGradient(), 0);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
