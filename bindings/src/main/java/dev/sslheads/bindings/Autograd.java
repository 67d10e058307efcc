package dev.sslheads.bindings;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.function.Supplier;

/**
 * PyTorch's recording model for guests: operations on tensors that require gradients are recorded
 * whenever recording is on (the default, like {@code torch.is_grad_enabled()}), {@code backward()}
 * fills {@code .grad}, and {@code no_grad} turns recording off for a block.
 *
 * <p>DJL records while a {@link GradientCollector} is open and allows only one open collector per
 * process, so this class keeps that one collector and closes it around Java code that opens its
 * own (the one-call Java-side fit).
 */
public final class Autograd {
    private static GradientCollector collector;

    private Autograd() {}

    /** Whether operations are being recorded. */
    public static synchronized boolean isEnabled() {
        return collector != null;
    }

    /** Turns recording on or off; returns the previous state (for {@code no_grad} blocks). */
    public static synchronized boolean setEnabled(boolean enabled) {
        boolean previous = collector != null;
        if (enabled && collector == null) {
            collector = Engine.getInstance().newGradientCollector();
        } else if (!enabled && collector != null) {
            collector.close();
            collector = null;
        }
        return previous;
    }

    /** Runs {@code body} (which may open its own collector) with recording off, then restores it. */
    public static <T> T suspended(Supplier<T> body) {
        boolean previous = setEnabled(false);
        try {
            return body.get();
        } finally {
            setEnabled(previous);
        }
    }

    /** Back-propagates from the scalar {@code loss}. */
    static synchronized void backward(NDArray loss) {
        try (NDScope ignored = new NDScope()) {
            if (collector != null) {
                collector.backward(loss);
            } else {
                try (GradientCollector once = Engine.getInstance().newGradientCollector()) {
                    once.backward(loss);
                }
            }
        }
    }
}
