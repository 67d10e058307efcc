package dev.sslheads.yaware;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Pair;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;

/**
 * nidl's {@code KernelMetric(kernel, bandwidth)}: similarity {@code w_ij = K(||H^{-1/2} (y_i - y_j)||)}
 * between rows of auxiliary labels (heads-spec 7.3), computed in float64 on the labels' device.
 *
 * <p>{@link #fit} sets the number of rows {@code n}, the number of features {@code d} and the roots of
 * H (for Scott / Silverman from the labels' standard deviations); {@link #pairwise} then requires
 * labels with {@code d} features. Labels are {@code (m)} or {@code (m, ...)}, flattened to {@code (m, d)}.
 * Distances are computed from the differences (exact 0 for equal labels) rather than scikit-learn's
 * {@code |a|^2 + |b|^2 - 2ab} expansion; both agree to float64 rounding.
 */
public final class KernelMetric implements AutoCloseable {
    private final Kernel kernel;
    private final Bandwidth bandwidth;
    private NDManager manager;
    private NDArray sqrtBandwidth;
    private NDArray invSqrtBandwidth;
    private long n;
    private long d;

    public KernelMetric(Kernel kernel, Bandwidth bandwidth) {
        if (kernel == null || bandwidth == null) {
            throw new IllegalArgumentException("kernel and bandwidth must not be null, got kernel=" + kernel + ", bandwidth=" + bandwidth);
        }
        this.kernel = kernel;
        this.bandwidth = bandwidth;
    }

    /** nidl's names: {@code kernel} in {gaussian, epanechnikov, exponential, linear, cosine}. */
    public KernelMetric(String kernel, Bandwidth bandwidth) {
        this(Kernel.of(kernel), bandwidth);
    }

    public Kernel kernel() {
        return kernel;
    }

    public Bandwidth bandwidth() {
        return bandwidth;
    }

    public boolean isFitted() {
        return invSqrtBandwidth != null;
    }

    /** Rows of the fitted labels (nidl's {@code n_}); -1 before {@link #fit}. */
    public long n() {
        return isFitted() ? n : -1;
    }

    /** Features of the fitted labels (nidl's {@code d_}); -1 before {@link #fit}. */
    public long d() {
        return isFitted() ? d : -1;
    }

    /** {@code H^{1/2}}, {@code (d, d)} float64 (nidl's {@code sqr_bandwidth_}); null before {@link #fit}. */
    public NDArray sqrtBandwidth() {
        return sqrtBandwidth;
    }

    /** {@code H^{-1/2}}, {@code (d, d)} float64 (nidl's {@code inv_sqr_bandwidth_}); null before {@link #fit}. */
    public NDArray invSqrtBandwidth() {
        return invSqrtBandwidth;
    }

    /**
     * Fits H to {@code y} {@code (n)} or {@code (n, ...)}: the data rules need {@code n >= 2}; given
     * bandwidths need as many entries as features. Refitting replaces the previous fit.
     *
     * @return this metric
     */
    public KernelMetric fit(NDArray y) {
        Shape shape = labelShape("y", y);
        long rows = shape.get(0);
        long features = shape.get(1);
        if (bandwidth.isRule() && rows < 2) {
            throw new IllegalArgumentException("y must have at least 2 rows for the " + bandwidth + " rule, got " + rows);
        }
        double[][][] given = bandwidth.isRule() ? null : bandwidth.roots((int) features);
        NDManager fitted = NDManager.newBaseManager(y.getDevice());
        Pair<NDArray, NDArray> roots;
        try (NDScope ignored = new NDScope()) {
            roots = given != null
                    ? new Pair<>(matrix(fitted, given[0]), matrix(fitted, given[1]))
                    : ruleRoots(y.reshape(shape).toType(DataType.FLOAT64, false), rows, features);
            NDScope.unregister(roots.getKey(), roots.getValue());
            roots.getKey().attach(fitted);
            roots.getValue().attach(fitted);
        } catch (RuntimeException e) {
            fitted.close();
            throw e;
        }
        close();
        manager = fitted;
        sqrtBandwidth = roots.getKey();
        invSqrtBandwidth = roots.getValue();
        n = rows;
        d = features;
        return this;
    }

    private static NDArray matrix(NDManager manager, double[][] values) {
        int p = values.length;
        double[] flat = new double[p * p];
        for (int i = 0; i < p; i++) {
            System.arraycopy(values[i], 0, flat, i * p, p);
        }
        return OwnedArrays.of(manager, flat, new Shape(p, p));
    }

    /** Scott / Silverman: {@code H^{1/2} = diag(sigma f)}, {@code H^{-1/2} = diag(1 / (sigma f))} (0 where sigma = 0). */
    private Pair<NDArray, NDArray> ruleRoots(NDArray y, long rows, long features) {
        NDArray centred = y.sub(y.mean(new int[] {0}, true));
        NDArray sigma = ScalarOps.div(centred.square().sum(new int[] {0}), rows - 1).sqrt();
        NDArray scaled = ScalarOps.mul(sigma, bandwidth.ruleFactor(rows, features));
        NDArray positive = ScalarOps.gt(sigma, 0).toType(DataType.FLOAT64, false);
        NDArray inverse = positive.div(scaled.add(ScalarOps.add(positive.neg(), 1)));
        NDArray eye = y.getManager().eye((int) features, (int) features, 0, DataType.FLOAT64);
        return new Pair<>(eye.mul(scaled.reshape(1, features)), eye.mul(inverse.reshape(1, features)));
    }

    /**
     * {@code (m, m)} float64 weights {@code K(||H^{-1/2} (y_i - y_j)||)} for labels {@code (m)} or
     * {@code (m, ...)} with the fitted number of features, on the labels' device.
     */
    public NDArray pairwise(NDArray y) {
        Shape shape = labelShape("y", y);
        if (!isFitted()) {
            throw new IllegalStateException("this KernelMetric is not fitted yet: call fit(y) first");
        }
        if (shape.get(1) != d) {
            throw new IllegalArgumentException("y must have " + d + " features (as fitted), got shape " + y.getShape());
        }
        requireDevice(y.getDevice());
        NDArray z = y.reshape(shape).toType(DataType.FLOAT64, false).dot(invSqrtBandwidth.transpose());
        NDArray distances = z.expandDims(1).sub(z.expandDims(0)).square().sum(new int[] {2}).sqrt();
        return kernel.apply(distances);
    }

    void requireDevice(Device device) {
        if (isFitted() && !device.equals(manager.getDevice())) {
            throw new IllegalArgumentException("y must be on the fitted device " + manager.getDevice() + ", got " + device);
        }
    }

    /** {@code (m, d)}: the labels flattened per row. */
    static Shape labelShape(String name, NDArray y) {
        if (y == null) {
            throw new IllegalArgumentException(name + " must be an array (n) or (n, ...), got null");
        }
        Shape shape = y.getShape();
        if (shape.dimension() == 0 || shape.get(0) == 0 || shape.size() == 0) {
            throw new IllegalArgumentException(name + " must be a non-empty array (n) or (n, ...), got shape " + shape);
        }
        return new Shape(shape.get(0), shape.size() / shape.get(0));
    }

    /** Frees the fitted roots (the metric is then unfitted). */
    @Override
    public void close() {
        if (manager != null) {
            manager.close();
            manager = null;
            sqrtBandwidth = null;
            invSqrtBandwidth = null;
        }
    }

    @Override
    public String toString() {
        return "KernelMetric(kernel=" + kernel.reference() + ", bandwidth=" + bandwidth + ")";
    }
}
