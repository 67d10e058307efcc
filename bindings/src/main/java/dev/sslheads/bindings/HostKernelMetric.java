package dev.sslheads.bindings;

import java.lang.ref.Reference;
import java.lang.ref.Cleaner;
import ai.djl.ndarray.NDArray;
import dev.sslheads.yaware.Bandwidth;
import dev.sslheads.yaware.KernelMetric;

/**
 * nidl's {@code KernelMetric(kernel, bandwidth)} for guests ({@link KernelMetric}); also the bandwidth
 * factories the guest packages use to turn a number, a list, a matrix or "scott" / "silverman" into
 * a {@link Bandwidth}. After {@link #close} every method throws {@link ClosedException}.
 */
public final class HostKernelMetric implements AutoCloseable {
    private KernelMetric metric;
    private final Cleaner.Cleanable lifetime;

    public HostKernelMetric(String kernel, Bandwidth bandwidth) {
        if (kernel == null) {
            throw new GuestTypeException("kernel must be a str, got None");
        }
        KernelMetric created = new KernelMetric(kernel, requireBandwidth(bandwidth));
        this.metric = created;
        this.lifetime = NativeReaper.whenUnreachable(this, created::close);
    }

    /** {@code H = b I}. */
    public static Bandwidth scalarBandwidth(double b) {
        return Bandwidth.scalar(b);
    }

    /** A per-feature list {@code (p)} or a full SPD matrix {@code (p, p)}. */
    public static Bandwidth arrayBandwidth(HostTensor tensor) {
        NDArray array = HostTensor.require("bandwidth", tensor).array();
        long[] shape = array.getShape().getShape();
        double[] values = tensor.toDoubleArray();
        if (shape.length == 1) {
            return Bandwidth.perFeature(values);
        }
        if (shape.length == 2) {
            double[][] h = new double[(int) shape[0]][(int) shape[1]];
            for (int i = 0; i < h.length; i++) {
                System.arraycopy(values, i * h[i].length, h[i], 0, h[i].length);
            }
            return Bandwidth.matrix(h);
        }
        throw new IllegalArgumentException("bandwidth must be a number, a 1-D list or a 2-D (n_features, n_features) array, got shape "
                + array.getShape());
    }

    /** "scott" or "silverman". */
    public static Bandwidth ruleBandwidth(String name) {
        return Bandwidth.rule(name);
    }

    static Bandwidth requireBandwidth(Bandwidth bandwidth) {
        if (bandwidth == null) {
            throw new GuestTypeException("bandwidth must be a number, a list, an array or a KernelMetric, got None");
        }
        return bandwidth;
    }

    /** The wrapped metric; {@link ClosedException} once closed. */
    public KernelMetric metric() {
        if (metric == null) {
            throw new ClosedException("KernelMetric");
        }
        return metric;
    }

    public void fit(HostTensor y) {
        metric().fit(HostTensor.require("X", y).array());
        Reference.reachabilityFence(y); // its array is freed once the wrapper is unreachable
    }

    public HostTensor pairwise(HostTensor y) {
        return HostTensor.compute(() -> metric().pairwise(HostTensor.require("X", y).array()));
    }

    public boolean isFitted() {
        return metric().isFitted();
    }

    public long n() {
        return metric().n();
    }

    public long d() {
        return metric().d();
    }

    public String kernel() {
        return metric().kernel().reference();
    }

    /** {@code H^{1/2}} (live), or null before fit. */
    public HostTensor sqrtBandwidth() {
        NDArray a = metric().sqrtBandwidth();
        return a == null ? null : HostTensor.borrow(a, this);
    }

    /** {@code H^{-1/2}} (live), or null before fit. */
    public HostTensor invSqrtBandwidth() {
        NDArray a = metric().invSqrtBandwidth();
        return a == null ? null : HostTensor.borrow(a, this);
    }

    @Override
    public void close() {
        if (metric != null) {
            metric = null;
            lifetime.clean();
        }
    }

    @Override
    public String toString() {
        return metric == null ? "KernelMetric(<closed>)" : metric.toString();
    }
}
