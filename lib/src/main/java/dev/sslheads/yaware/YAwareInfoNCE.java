package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;

/**
 * nidl's {@code YAwareInfoNCE(kernel, bandwidth, temperature)} (heads-spec 7.2): InfoNCE between two
 * views {@code z1, z2} {@code (n, d)}, where with auxiliary labels every pair is attracted in
 * proportion to the kernel similarity of its labels.
 *
 * <p>With {@code s(a, b) = norm(a) norm(b)^T / tau}, {@code A = s(z1, z1) - 1e8 I},
 * {@code B = s(z2, z2) - 1e8 I}, {@code C = s(z1, z2)} and {@code S = [[A, C], [C^T, B]]} {@code (2n, 2n)}:
 * <ul>
 *   <li>without labels: the mean of the two cross-entropies {@code CE([C, A], i)} and
 *       {@code CE([C^T, B], i)}, i.e. {@code -(1/2n) sum_r log_softmax(S)[r, partner(r)]};</li>
 *   <li>with labels {@code y} {@code (n)} or {@code (n, ...)}: {@code W = K(y ++ y)} with a zero
 *       diagonal, normalised by {@link WeightNormalization}, and
 *       {@code loss = -(1/n) sum_{r,c} W[r, c] log_softmax(S)[r, c]}, a float64 scalar as in nidl
 *       (the float64 weights promote the product; DJL's {@code toType} would cut the autograd graph,
 *       so the loss is not cast back).</li>
 * </ul>
 * As in nidl the labelled loss sums over 2n anchors but divides by n: with a vanishing bandwidth and
 * distinct labels it is twice the unlabelled loss.
 *
 * <p>Default normalisation: {@link WeightNormalization#NIDL_COLUMNS}, nidl's actual behaviour
 * (columns sum to 1, contrary to its docstring). Users rely on it: it is the objective every nidl
 * y-Aware model was trained with, and reproducing nidl's loss values and training runs needs it.
 * The paper's row normalisation ({@link WeightNormalization#ROWS}) is available.
 *
 * <p>The kernel metric is fitted on the first labelled call ({@code y ++ y}, so Scott / Silverman see
 * 2n rows), once, as in nidl; a metric passed in must already be fitted. Unlike nidl, which raises a
 * TypeError for a bandwidth string unless it is wrapped in a KernelMetric, the rules Scott and
 * Silverman may be given directly. Everything runs on the inputs' device.
 */
public final class YAwareInfoNCE implements AutoCloseable {
    /** nidl's {@code INF}, subtracted from the self-similarities. */
    public static final double INF = 1e8;

    private final KernelMetric metric;
    private final boolean metricGiven;
    private final double temperature;
    private final WeightNormalization normalization;

    /** nidl's defaults: gaussian kernel, bandwidth 1.0, temperature 0.1, nidl's column normalisation. */
    public YAwareInfoNCE() {
        this("gaussian", Bandwidth.scalar(1.0), 0.1);
    }

    public YAwareInfoNCE(String kernel, Bandwidth bandwidth, double temperature) {
        this(kernel, bandwidth, temperature, WeightNormalization.NIDL_COLUMNS);
    }

    /** @param kernel one of {gaussian, epanechnikov, exponential, linear, cosine} */
    public YAwareInfoNCE(String kernel, Bandwidth bandwidth, double temperature, WeightNormalization normalization) {
        this(new KernelMetric(Kernel.of(kernel), requireBandwidth(bandwidth)), false, temperature, normalization);
    }

    /** With a fitted user metric (nidl: a {@code KernelMetric} bandwidth; its kernel wins). */
    public YAwareInfoNCE(KernelMetric metric, double temperature, WeightNormalization normalization) {
        this(metric, true, temperature, normalization);
    }

    private YAwareInfoNCE(KernelMetric metric, boolean metricGiven, double temperature, WeightNormalization normalization) {
        if (metric == null) {
            throw new IllegalArgumentException("kernel metric must not be null");
        }
        if (normalization == null) {
            throw new IllegalArgumentException("normalization must be one of NIDL_COLUMNS, ROWS, got null");
        }
        this.temperature = Checks.positive("temperature", temperature);
        this.metric = metric;
        this.metricGiven = metricGiven;
        this.normalization = normalization;
    }

    private static Bandwidth requireBandwidth(Bandwidth bandwidth) {
        if (bandwidth == null) {
            throw new IllegalArgumentException("bandwidth must not be null");
        }
        return bandwidth;
    }

    public KernelMetric kernelMetric() {
        return metric;
    }

    public double temperature() {
        return temperature;
    }

    public WeightNormalization normalization() {
        return normalization;
    }

    /** Plain InfoNCE between {@code z1} and {@code z2} {@code (n, d)}: a scalar in z1's dtype. */
    public NDArray forward(NDArray z1, NDArray z2) {
        return forward(z1, z2, null);
    }

    /**
     * The y-Aware loss (plain InfoNCE when {@code labels} is null).
     *
     * @param z1 first view {@code (n, d)}, n >= 2
     * @param z2 second view {@code (n, d)}, same device
     * @param labels {@code (n)} or {@code (n, ...)} auxiliary variables, or null
     * @return a scalar, differentiable w.r.t. z1 and z2: z1's dtype without labels, float64 with labels
     */
    public NDArray forward(NDArray z1, NDArray z2, NDArray labels) {
        Shape shape = checkViews(z1, z2);
        long n = shape.get(0);
        if (labels != null) {
            Shape y = KernelMetric.labelShape("labels", labels);
            if (y.get(0) != n) {
                throw new IllegalArgumentException("labels must have one row per sample (" + n + "), got shape " + labels.getShape());
            }
            if (!labels.getDevice().equals(z1.getDevice())) {
                throw new IllegalArgumentException("labels must be on the views' device " + z1.getDevice() + ", got " + labels.getDevice());
            }
            if (metricGiven && !metric.isFitted()) {
                throw new IllegalArgumentException("the given KernelMetric must be fitted before the loss is computed (call fit(y))");
            }
            if (metric.isFitted() && y.get(1) != metric.d()) {
                throw new IllegalArgumentException("labels must have " + metric.d() + " features (as fitted), got shape " + labels.getShape());
            }
            metric.requireDevice(labels.getDevice());
        }
        return Scopes.run(() -> {
            NDArray logProbabilities = logSoftmaxOfSimilarities(z1, z2);
            if (labels == null) {
                NDArray partners = partnerMask(z1.getManager(), n, z1.getDataType());
                return ScalarOps.div(logProbabilities.mul(partners).sum(), (float) (-2.0 * n));
            }
            NDArray weights = weights(labels);
            return ScalarOps.div(logProbabilities.mul(weights).sum(), -(double) n);
        });
    }

    /** {@code (2n, 2n)} float64 normalised weights for labels {@code (n)} or {@code (n, ...)} (fits the metric on first use). */
    public NDArray weights(NDArray labels) {
        long n = KernelMetric.labelShape("labels", labels).get(0);
        return Scopes.run(() -> {
            NDArray y = labels.reshape(n, -1).toType(DataType.FLOAT64, false);
            NDArray both = NDArrays.concat(new ai.djl.ndarray.NDList(y, y), 0);
            if (!metric.isFitted()) {
                metric.fit(both);
            }
            NDArray w = metric.pairwise(both);
            NDArray offDiagonal = ScalarOps.add(w.getManager().eye((int) (2 * n), (int) (2 * n), 0, DataType.FLOAT64).neg(), 1);
            return normalization.apply(w.mul(offDiagonal));
        });
    }

    /** {@code log_softmax(S)} row-wise for {@code S = [[A, C], [C^T, B]]} {@code (2n, 2n)}. */
    private NDArray logSoftmaxOfSimilarities(NDArray z1, NDArray z2) {
        NDArray both = NDArrays.concat(new ai.djl.ndarray.NDList(normalize(z1), normalize(z2)), 0);
        int m = (int) both.getShape().get(0);
        NDArray self = ScalarOps.mul(z1.getManager().eye(m, m, 0, z1.getDataType()), (float) INF);
        return ScalarOps.div(both.dot(both.transpose()), (float) temperature).sub(self).logSoftmax(1);
    }

    /** torch's {@code F.normalize}: rows divided by {@code max(||x||, 1e-12)}. */
    private static NDArray normalize(NDArray x) {
        return x.div(ScalarOps.maximum(x.norm(new int[] {1}, true), 1e-12f));
    }

    /** {@code [[0, I], [I, 0]]} {@code (2n, 2n)}: each row's positive partner (the identity with its column halves swapped). */
    private static NDArray partnerMask(NDManager manager, long n, DataType type) {
        int m = (int) (2 * n);
        NDArray eye = manager.eye(m, m, 0, type);
        return NDArrays.concat(new ai.djl.ndarray.NDList(eye.get(":, {}:", n), eye.get(":, :{}", n)), 1);
    }

    private static Shape checkViews(NDArray z1, NDArray z2) {
        Shape s1 = Checks.matrix("z1", z1);
        Shape s2 = Checks.matrix("z2", z2);
        if (!s1.equals(s2)) {
            throw new IllegalArgumentException("z1 and z2 must have the same shape (n, d), got " + s1 + " and " + s2);
        }
        if (s1.get(0) < 2) {
            throw new IllegalArgumentException("z1 must have at least 2 rows (a positive and a negative), got shape " + s1);
        }
        if (!z1.getDevice().equals(z2.getDevice())) {
            throw new IllegalArgumentException("z1 and z2 must be on the same device, got " + z1.getDevice() + " and " + z2.getDevice());
        }
        return s1;
    }

    /** Frees the fitted kernel metric's state. */
    @Override
    public void close() {
        if (!metricGiven) {
            metric.close();
        }
    }

    @Override
    public String toString() {
        return "YAwareInfoNCE(" + metric + ", temperature=" + temperature + ", normalization=" + normalization + ")";
    }
}
