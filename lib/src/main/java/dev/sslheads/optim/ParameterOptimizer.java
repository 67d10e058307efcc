package dev.sslheads.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * An optimizer that updates a fixed list of parameters in place from their gradients, at a learning
 * rate given per step (the schedule's), and zeroes the gradients: {@link AdamW} (also Adam) or {@link Sgd}.
 */
public interface ParameterOptimizer extends AutoCloseable {
    /** One update of every parameter at learning rate {@code lr}; the gradients are then zeroed. */
    void step(double lr);

    /** Steps taken so far. */
    long steps();

    /** The weight decay applied to parameter {@code i} (0 for excluded biases and norm parameters). */
    double weightDecayOf(int i);

    @Override
    void close();

    /**
     * nidl's groups: with {@code excludeBiasAndNorm}, every parameter with at most one dimension
     * (biases, norm scales and shifts) gets weight decay 0, the others {@code weightDecay}.
     */
    static double[] weightDecays(List<NDArray> parameters, double weightDecay, boolean excludeBiasAndNorm) {
        double[] decay = new double[parameters.size()];
        for (int i = 0; i < decay.length; i++) {
            decay[i] = excludeBiasAndNorm && parameters.get(i).getShape().dimension() <= 1 ? 0 : weightDecay;
        }
        return decay;
    }

    /** Requires a non-empty parameter list. */
    static List<NDArray> requireParameters(List<NDArray> parameters) {
        if (parameters == null || parameters.isEmpty()) {
            throw new IllegalArgumentException("parameters must hold at least one array, got " + (parameters == null ? "null" : "an empty list"));
        }
        return List.copyOf(parameters);
    }
}
