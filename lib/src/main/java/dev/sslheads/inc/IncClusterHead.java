package dev.sslheads.inc;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.SplittableRandom;

/**
 * pyagc's INC cluster head ({@code pyagc.clusters.INCClusterHead}, Peng et al., JMLR 2022) as a
 * DJL block: a differentiable, cosine ("spherical") k-means with learnable cluster centres
 * {@code C (K, F)}. With {@code W = 2 alpha norm(C)} and {@code sim = norm(z) W^T = 2 alpha cos(z, c_k)},
 * each row goes to its nearest centre {@code c(i) = argmax_k sim[i, k]}, and the loss is
 * <pre>  L = (1 / alpha) mean_i (2 alpha - sim[i, c(i)]) = 2 (1 - mean_i max_k cos(z_i, c_k))</pre>
 * (pyagc's docstring writes a sum over i; its code, followed here, takes the mean).
 *
 * <p>Every tensor lives on the head's {@link Device}. A forward reads nothing back to the host
 * except the optional finiteness check of its input ({@link #setCheckFinite}, on by default).
 * Methods validate their arguments before touching state, so a rejected call leaves the head
 * unchanged. {@code alpha} only scales {@code W}: the loss, the hard labels and
 * {@link #computeClusterCenter} do not depend on it; the soft assignments {@code softmax(2 alpha cos)}
 * do, and are nearly uniform at the default {@code alpha = 0.001} (as in pyagc).
 */
public final class IncClusterHead extends AbstractBlock implements AutoCloseable {
    /** pyagc's default {@code alpha}. */
    public static final double DEFAULT_ALPHA = 0.001;
    /** {@link #gradientNormalize()} sets each gradient row's norm to this times alpha (pyagc: 0.2). */
    public static final double PYAGC_GRADIENT_SCALE = 0.2;
    private static final byte VERSION = 1;
    private static final double NORM_EPS = 1e-12; // torch's F.normalize eps

    private final NDManager manager;
    private final int nClusters;
    private final int nFeatures;
    private final double alpha;
    private final Parameter clusterCenters;
    private final SplittableRandom random;
    private boolean checkFinite = true;

    /**
     * A head on {@code device} whose centres are drawn Xavier-uniform, U(-sqrt(6/(K+F)), sqrt(6/(K+F)))
     * as torch's {@code xavier_uniform_}, from a generator seeded with {@code seed} (so the values
     * differ from torch's), then row-normalised.
     *
     * @param nClusters K >= 1
     * @param nFeatures F >= 1, the embedding size
     * @param alpha the scale of {@code W = 2 alpha norm(C)}, a finite number > 0 (pyagc: 0.001)
     * @param seed seed of the initial centres and of {@link #resetClusterCenters()}
     * @param device where every tensor of the head lives (null: DJL's default device)
     */
    public IncClusterHead(int nClusters, int nFeatures, double alpha, long seed, Device device) {
        super(VERSION);
        Checks.atLeast("nClusters", nClusters, 1);
        Checks.atLeast("nFeatures", nFeatures, 1);
        checkAlpha(alpha);
        this.nClusters = nClusters;
        this.nFeatures = nFeatures;
        this.alpha = alpha;
        this.random = new SplittableRandom(seed);
        this.manager = NDManager.newBaseManager(device);
        NDArray init = OwnedArrays.of(manager, xavierUniform(), new Shape(nClusters, nFeatures));
        init.setRequiresGradient(true);
        this.clusterCenters = addParameter(Parameter.builder()
                .setName("cluster_centers")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(nClusters, nFeatures))
                .optArray(init)
                .build());
        normalizeClusterCenters();
    }

    /** A head with seed 0 on DJL's default device. */
    public IncClusterHead(int nClusters, int nFeatures, double alpha) {
        this(nClusters, nFeatures, alpha, 0L, null);
    }

    /** A head with pyagc's default {@code alpha = 0.001}, seed 0, on DJL's default device. */
    public IncClusterHead(int nClusters, int nFeatures) {
        this(nClusters, nFeatures, DEFAULT_ALPHA);
    }

    /** alpha must be > 0 and keep 2 alpha and 1 / alpha finite in float32, where the head computes. */
    private static void checkAlpha(double alpha) {
        Checks.positive("alpha", alpha);
        if (2 * alpha > Float.MAX_VALUE || 1 / alpha > Float.MAX_VALUE) {
            throw new IllegalArgumentException("alpha must keep 2*alpha and 1/alpha within float32 range, i.e. lie in ["
                    + 1 / (double) Float.MAX_VALUE + ", " + Float.MAX_VALUE / 2 + "], got " + alpha);
        }
    }

    private float[] xavierUniform() {
        double bound = Math.sqrt(6.0 / (nClusters + nFeatures)); // gain 1, fan_in = F, fan_out = K
        float[] values = new float[nClusters * nFeatures];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        return values;
    }

    // ---------------------------------------------------------------- configuration and state

    public int nClusters() {
        return nClusters;
    }

    public int nFeatures() {
        return nFeatures;
    }

    public double alpha() {
        return alpha;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The manager that owns the head's tensors; create inputs with it to keep them on the head's device. */
    public NDManager manager() {
        return manager;
    }

    /** The cluster-centre parameter {@code C (K, F)} (pyagc's {@code cluster_centers}); train it with an optimizer. */
    public Parameter clusterCentersParameter() {
        return clusterCenters;
    }

    /** The live cluster centres {@code C (K, F)}. */
    public NDArray clusterCenters() {
        return clusterCenters.getArray();
    }

    public boolean checkFinite() {
        return checkFinite;
    }

    /** Whether {@link #forward} and {@link #cluster} reject NaN/Inf inputs (one scalar read back per call; default on). */
    public void setCheckFinite(boolean checkFinite) {
        this.checkFinite = checkFinite;
    }

    /** Draws fresh Xavier-uniform centres from the head's generator and row-normalises them (pyagc's {@code reset_cluster_centers()}). */
    public void resetClusterCenters() {
        try (NDArray fresh = OwnedArrays.of(manager, xavierUniform(), new Shape(nClusters, nFeatures))) {
            copyIntoCenters(fresh);
        }
        normalizeClusterCenters();
    }

    /**
     * Sets the centres to the row-normalised {@code centers} (pyagc's {@code reset_cluster_centers(cluster_centers)};
     * its shape assert is an {@link IllegalArgumentException} here). The rows are normalised in the
     * input's own float type, then stored as float32 on the head's device, in place (the parameter
     * and its optimizer state are kept).
     *
     * @param centers {@code (K, F)} float32 or float64, finite, on any device (e.g. k-means centres)
     */
    public void resetClusterCenters(NDArray centers) {
        Shape expected = new Shape(nClusters, nFeatures);
        if (centers == null || !centers.getShape().equals(expected)) {
            throw new IllegalArgumentException("clusterCenters must have shape (nClusters, nFeatures)=" + expected + ", got "
                    + (centers == null ? "null" : centers.getShape()));
        }
        if (centers.getDataType() != DataType.FLOAT32 && centers.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("clusterCenters must be float32 or float64, got " + centers.getDataType());
        }
        Checks.finite("clusterCenters", centers);
        Scopes.run(() -> copyIntoCenters(centers.stopGradient().normalize(2, 1, NORM_EPS)
                .toType(DataType.FLOAT32, false).toDevice(device(), false)));
    }

    private void copyIntoCenters(NDArray values) {
        try (NDArray target = clusterCenters.getArray().stopGradient()) {
            target.set(new NDIndex(":"), values);
        }
    }

    /**
     * Row-normalises the centres in place, without gradient (pyagc's {@code normalize_cluster_centers};
     * its docstring also promises an alpha scaling that its code does not apply, and neither does this).
     */
    public void normalizeClusterCenters() {
        Scopes.run(() -> copyIntoCenters(clusterCenters.getArray().stopGradient().normalize(2, 1, NORM_EPS)));
    }

    /**
     * The cluster centres in embedding space, {@code (0.5 / alpha) W = norm(C)} {@code (K, F)}:
     * unit rows (pyagc's docstring says "scaled by alpha", but the alpha cancels). Differentiable
     * like pyagc's (recorded when called inside a gradient collector).
     */
    public NDArray computeClusterCenter() {
        return Scopes.run(() -> ScalarOps.mul(weight(clusterCenters.getArray()), (float) (0.5 / alpha)));
    }

    /** {@code W = 2 alpha norm(C)} {@code (K, F)}. */
    private NDArray weight(NDArray centers) {
        return ScalarOps.mul(centers.normalize(2, 1, NORM_EPS), (float) (2.0 * alpha));
    }

    /** {@code sim = norm(z) W^T = 2 alpha cos(z, c)} {@code (N, K)}. */
    private NDArray similarity(NDArray z, NDArray centers) {
        return z.normalize(2, 1, NORM_EPS).matMul(weight(centers).transpose());
    }

    // ---------------------------------------------------------------- loss and assignments

    /**
     * The INC loss {@code (1 / alpha) mean_i (2 alpha - sim[i, c(i)])} with {@code c(i)} the nearest
     * centre, differentiable in {@code z} and the centres. Computed as the equal
     * {@code 2 - 2 mean_i max_k cos(z_i, c_k)} (the alpha cancels): the max's gradient flows to the
     * nearest centre as pyagc's gather at the argmax does (on an exact tie torch picks one of them),
     * in four fewer operations.
     *
     * @param z {@code (N, F)} float32 embeddings on the head's device, N >= 1
     * @return the scalar loss, in [0, 4]
     */
    public NDArray forward(NDArray z) {
        validate("z", z);
        return Scopes.run(() -> {
            NDArray cosine = z.normalize(2, 1, NORM_EPS).matMul(clusterCenters.getArray().normalize(2, 1, NORM_EPS).transpose());
            return ScalarOps.add(ScalarOps.mul(cosine.max(new int[] {1}).mean(), -2f), 2f);
        });
    }

    /**
     * Cluster assignments, without gradient.
     *
     * @param z {@code (N, F)} float32 embeddings on the head's device, N >= 1
     * @param soft whether to return {@code softmax(sim)} instead of the hard labels
     * @return {@code (N)} int64 labels {@code argmax_k cos(z, c_k)} (first index on ties), or
     *     {@code (N, K)} soft assignments {@code softmax_k(2 alpha cos(z, c_k))} whose rows sum to 1
     */
    public NDArray cluster(NDArray z, boolean soft) {
        validate("z", z);
        return Scopes.run(() -> {
            NDArray sim = similarity(z.stopGradient(), clusterCenters.getArray().stopGradient());
            return soft ? sim.softmax(1) : sim.argMax(1);
        });
    }

    /** pyagc's {@code gradient_normalize}: each row of the centres' gradient becomes {@code 0.2 alpha grad / ||grad||}. */
    public void gradientNormalize() {
        gradientNormalize(PYAGC_GRADIENT_SCALE * alpha);
    }

    /**
     * Rescales each row of the centres' gradient, in place, to norm {@code rowNorm}
     * ({@code grad / max(||grad||, 1e-12) * rowNorm}; zero rows stay zero). Does nothing before the
     * first backward (pyagc: no gradient yet).
     *
     * <p>pyagc's {@link #gradientNormalize()} uses {@code rowNorm = 0.2 alpha}, kept as the default
     * for parity. It applies that scale to the gradient of the unit-norm {@code C}, whereas
     * {@code W = 2 alpha norm(C)} has norm {@code 2 alpha}: the same 0.2 alpha on W would move a
     * centre by a tenth of its norm per unit learning rate, on C it moves it by 0.2 alpha (2e-4 at the
     * default alpha). Together with the "alpha scaling" that pyagc's docstrings describe but its code
     * does not apply, this looks like a leftover of a parametrisation by W. It only matters for
     * scale-sensitive optimizers such as SGD (Adam is nearly invariant to a gradient's scale): there,
     * {@code gradientNormalize(0.1)} gives C the relative step that 0.2 alpha gives W.
     *
     * @param rowNorm the norm of every non-zero gradient row, a finite number > 0
     */
    public void gradientNormalize(double rowNorm) {
        Checks.positive("rowNorm", rowNorm);
        NDArray centers = clusterCenters.getArray();
        if (!centers.hasGradient()) {
            return;
        }
        try (NDArray gradient = centers.getGradient()) {
            Scopes.run(() -> gradient.set(new NDIndex(":"), ScalarOps.mul(gradient.normalize(2, 1, NORM_EPS), (float) rowNorm)));
        }
    }

    private void validate(String name, NDArray z) {
        Shape shape = Checks.matrixWithColumns(name, z, nFeatures);
        if (shape.get(0) < 1) {
            throw new IllegalArgumentException(name + " must have at least 1 row, got shape " + shape);
        }
        if (z.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(name + " must be float32, got " + z.getDataType());
        }
        if (!z.getDevice().equals(device())) {
            throw new IllegalArgumentException(name + " must be on the head's device " + device() + ", got " + z.getDevice()
                    + " (move it with toDevice)");
        }
        if (checkFinite) {
            Checks.finite(name, z);
        }
    }

    // ---------------------------------------------------------------- block plumbing and lifecycle

    /** Block entry point: {@code (z)} returns {@code (loss)}. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("inputs must hold (z), got " + inputs.size() + " arrays");
        }
        return new NDList(forward(inputs.get(0)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape()};
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "IncClusterHead(nClusters=" + nClusters + ", nFeatures=" + nFeatures + ", alpha=" + alpha + ", device=" + device() + ")";
    }
}
