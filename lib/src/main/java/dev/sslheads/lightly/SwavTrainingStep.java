package dev.sslheads.lightly;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import java.util.List;

/**
 * One training step of a {@link SwavModel} with a {@link SwavLoss}: forward of every crop, loss,
 * backward, then Adam on every trainable parameter. While the prototypes are frozen they are left
 * out of the update altogether (no Adam moment update), like the original SwAV's {@code grad = None}.
 * Everything stays on the model's device; the loss is returned there (read it back when needed).
 *
 * <p>Call {@link #step} outside any {@link NDScope}: Adam creates its moment estimates at the first
 * update, and an enclosing scope would free them (the step scopes its own temporaries).
 */
public final class SwavTrainingStep {
    private final SwavModel model;
    private final SwavLoss loss;
    private final Optimizer optimizer;
    private Runnable beforeBackward = () -> {};

    /** Adam with a fixed learning rate ({@code learningRate > 0}). */
    public SwavTrainingStep(SwavModel model, SwavLoss loss, double learningRate) {
        if (model == null || loss == null) {
            throw new IllegalArgumentException("model and loss must not be null");
        }
        Checks.positive("learningRate", learningRate);
        this.model = model;
        this.loss = loss;
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
    }

    /** Runs {@code hook} in every step between the forward pass and backward (tests force a collection there). */
    void setBeforeBackward(Runnable hook) {
        this.beforeBackward = hook;
    }

    public SwavModel model() {
        return model;
    }

    /**
     * Trains on one batch of crops (see {@link SwavModel#forward} for the arguments).
     *
     * @return the loss before the update, a scalar on the model's device, detached
     */
    public NDArray step(List<NDArray> high, List<NDArray> low, Integer epoch, Integer step) {
        boolean frozen = model.prototypes().freezing().frozen(epoch, step);
        NDArray value;
        try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = loss.forward(model.forward(high, low, epoch, step));
            beforeBackward.run();
            collector.backward(l);
            value = l.stopGradient().duplicate();
            NDScope.unregister(value);
        }
        List<Parameter> frozenParameters = frozen ? model.prototypes().getParameters().values() : List.of();
        for (Parameter p : model.trainableParameters()) {
            if (!frozenParameters.contains(p)) {
                try (NDArray gradient = p.getArray().getGradient()) {
                    optimizer.update(p.getId(), p.getArray(), gradient);
                    ScalarOps.muli(gradient, 0);
                }
            }
        }
        return value;
    }
}
