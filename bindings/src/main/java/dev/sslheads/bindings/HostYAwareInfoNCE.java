package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import dev.sslheads.yaware.Bandwidth;
import dev.sslheads.yaware.WeightNormalization;
import dev.sslheads.yaware.YAwareInfoNCE;

/**
 * nidl's {@code YAwareInfoNCE(kernel, bandwidth, temperature)} for guests ({@link YAwareInfoNCE}): the
 * loss of two views {@code (n, d)} with optional labels, recorded for backward() while autograd is on.
 */
public final class HostYAwareInfoNCE implements AutoCloseable {
    private YAwareInfoNCE loss;
    private final Cleaner.Cleanable lifetime;
    /** The guest's metric the loss uses (null when the loss made its own): kept reachable as long as the loss. */
    private final HostKernelMetric metric;

    private HostYAwareInfoNCE(YAwareInfoNCE loss, HostKernelMetric metric) {
        this.loss = loss;
        this.metric = metric;
        this.lifetime = NativeReaper.whenUnreachable(this, loss::close);
    }

    /** @param normalization "nidl" (nidl's column normalisation, the default) or "rows" (the paper's) */
    public static HostYAwareInfoNCE create(String kernel, Bandwidth bandwidth, double temperature, String normalization) {
        if (kernel == null) {
            throw new GuestTypeException("kernel must be a str, got None");
        }
        return new HostYAwareInfoNCE(new YAwareInfoNCE(kernel, HostKernelMetric.requireBandwidth(bandwidth), temperature, normalization(normalization)), null);
    }

    /** With a user's fitted metric (nidl: a KernelMetric bandwidth; its kernel wins). */
    public static HostYAwareInfoNCE withMetric(HostKernelMetric metric, double temperature, String normalization) {
        if (metric == null) {
            throw new GuestTypeException("bandwidth must be a KernelMetric, got None");
        }
        return new HostYAwareInfoNCE(new YAwareInfoNCE(metric.metric(), temperature, normalization(normalization)), metric);
    }

    static WeightNormalization normalization(String name) {
        if ("nidl".equals(name)) {
            return WeightNormalization.NIDL_COLUMNS;
        }
        if ("rows".equals(name)) {
            return WeightNormalization.ROWS;
        }
        throw new IllegalArgumentException("weight_normalization must be one of {nidl, rows}, got " + (name == null ? "None" : "'" + name + "'"));
    }

    YAwareInfoNCE loss() {
        if (loss == null) {
            throw new ClosedException("YAwareInfoNCE");
        }
        return loss;
    }

    /** The scalar loss; {@code labels} may be null (plain InfoNCE). */
    public HostTensor forward(HostTensor z1, HostTensor z2, HostTensor labels) {
        return HostTensor.compute(() -> loss().forward(HostTensor.require("z1", z1).array(), HostTensor.require("z2", z2).array(),
                labels == null ? null : labels.array()));
    }

    public double temperature() {
        return loss().temperature();
    }

    public String kernel() {
        return loss().kernelMetric().kernel().reference();
    }

    @Override
    public void close() {
        if (loss != null) {
            loss = null;
            lifetime.clean();
        }
    }

    @Override
    public String toString() {
        return loss == null ? "YAwareInfoNCE(<closed>)" : loss.toString();
    }
}
