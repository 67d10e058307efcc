package dev.sslheads.cluster;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means on DJL arrays, reproducing scikit-learn 1.2.1's
 * {@code KMeans(algorithm="lloyd", n_init=1, max_iter, tol)} step by step, in the input's data type
 * and on the input's device (the host only sees a few numbers per iteration).
 *
 * <p>As in scikit-learn: the data (and a given init) are centred on the column means, which are added
 * back to the result; {@code tol} is scaled by the mean column variance; Lloyd stops when the labels
 * no longer change (strict convergence) or when the summed squared centre shift is at most the
 * scaled tol, after which one more assignment makes the labels match the centres; an empty cluster
 * takes the point farthest from its centre ({@code _relocate_empty_clusters_dense}).
 *
 * <p>The M-step's cluster sums are float64: on the CPU they are added in Java from a host copy of the
 * data taken once per fit (as scikit-learn's Cython loop does: a scatter-add that DJL lacks, and an
 * order of magnitude faster than sorting on the device), elsewhere they are prefix sums over the
 * label-sorted rows, so that only a few numbers per iteration reach the host.
 *
 * <p>Differences, all within rounding or ties: cluster sums are float64 (scikit-learn adds in float32); several empty clusters take the farthest points
 * in decreasing distance (scikit-learn: numpy's argpartition order); when every point sits on its
 * centre nothing is relocated (as in scikit-learn >= 1.3; 1.2.1 moves tied points). Without an init
 * the centres come from greedy k-means++ with {@code 2 + floor(ln K)} candidates per centre, drawn
 * from a generator seeded with {@code seed} (so they differ from scikit-learn's {@code random_state}).
 */
public final class KMeans {
    /** Elements of the (rows, K) distance block computed at once. */
    private static final long BLOCK_ELEMENTS = 1L << 20;

    private final int nClusters;
    private final long seed;
    private final int maxIter;
    private final double tol;
    private boolean hostSumsOnCpu = true;

    /** k-means with scikit-learn's defaults {@code max_iter=300}, {@code tol=1e-4}. */
    public KMeans(int nClusters, long seed) {
        this(nClusters, seed, 300, 1e-4);
    }

    /**
     * @param nClusters K >= 1
     * @param seed seed of the k-means++ initialisation
     * @param maxIter maximum number of Lloyd iterations, >= 1
     * @param tol relative tolerance on the centre shift, >= 0
     */
    public KMeans(int nClusters, long seed, int maxIter, double tol) {
        if (nClusters < 1) {
            throw new IllegalArgumentException("nClusters must be >= 1, got " + nClusters);
        }
        if (maxIter < 1) {
            throw new IllegalArgumentException("maxIter must be >= 1, got " + maxIter);
        }
        if (!(tol >= 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("tol must be a finite number >= 0, got " + tol);
        }
        this.nClusters = nClusters;
        this.seed = seed;
        this.maxIter = maxIter;
        this.tol = tol;
    }

    /** Makes CPU fits use the device path's prefix sums too (tests compare both M-steps). */
    KMeans withDeviceSums() {
        hostSumsOnCpu = false;
        return this;
    }

    /** Clusters the rows of {@code x} (n, d), float32 or float64, starting from k-means++. */
    public KMeansResult fit(NDArray x) {
        checkData(x);
        return run(x, null);
    }

    /** Clusters the rows of {@code x} (n, d) starting from {@code initCenters} (K, d). */
    public KMeansResult fit(NDArray x, NDArray initCenters) {
        Shape shape = checkData(x);
        Shape expected = new Shape(nClusters, shape.get(1));
        if (initCenters == null || !initCenters.getShape().equals(expected)) {
            throw new IllegalArgumentException("initCenters must have shape (nClusters, d)=" + expected + ", got "
                    + (initCenters == null ? "null" : initCenters.getShape()));
        }
        if (!initCenters.getDevice().equals(x.getDevice())) {
            throw new IllegalArgumentException("initCenters must be on x's device " + x.getDevice() + ", got "
                    + initCenters.getDevice());
        }
        checkFinite("initCenters", initCenters);
        return run(x, initCenters);
    }

    private Shape checkData(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException("x must be a 2-D array (n, d), got shape " + shape);
        }
        if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("x must be float32 or float64, got " + x.getDataType());
        }
        if (shape.get(0) < nClusters) {
            throw new IllegalArgumentException("x must have at least nClusters=" + nClusters + " rows, got n="
                    + shape.get(0));
        }
        checkFinite("x", x);
        return shape;
    }

    private static void checkFinite(String name, NDArray a) {
        try (NDManager check = a.getManager().newSubManager()) {
            check.tempAttachAll(a);
            if (a.isNaN().logicalOr(a.isInfinite()).any().getBoolean()) {
                throw new IllegalArgumentException(name + " must contain only finite values, got NaN or Inf");
            }
        }
    }

    private KMeansResult run(NDArray x, NDArray init) {
        NDManager owner = x.getManager();
        try (NDManager scope = owner.newSubManager(x.getDevice())) {
            scope.tempAttachAll(init == null ? new NDArray[] {x} : new NDArray[] {x, init});
            NDArray mean = x.mean(new int[] {0});
            NDArray xc = x.sub(mean);
            double scaledTol = tol * xc.square().mean().toType(DataType.FLOAT64, false).getDouble();
            NDArray centers = init == null ? kMeansPlusPlus(xc) : init.toType(x.getDataType(), false).sub(mean);
            double[] hostRows = hostSumsOnCpu && xc.getDevice().getDeviceType().equals(Device.Type.CPU)
                    ? xc.toType(DataType.FLOAT64, false).toDoubleArray() : null;
            NDArray labels = null;
            boolean strict = false;
            int iter = 0;
            while (iter < maxIter) {
                iter++;
                Assignment next = assign(xc, hostRows, centers, true);
                strict = labels != null && next.labels().contentEquals(labels);
                centers.close();
                centers = next.centers();
                if (labels != null) {
                    labels.close();
                }
                labels = next.labels();
                if (strict || next.shift() <= scaledTol) {
                    break;
                }
            }
            if (!strict) {
                labels.close();
                labels = assign(xc, hostRows, centers, false).labels();
            }
            double inertia = xc.sub(centers.get(new NDIndex("{}", labels))).square().sum(new int[] {1})
                    .toType(DataType.FLOAT64, false).sum().getDouble();
            NDArray outCenters = centers.add(mean);
            outCenters.attach(owner);
            labels.attach(owner);
            return new KMeansResult(outCenters, labels, inertia, iter);
        }
    }

    /**
     * One E-step (labels: nearest centre by {@code ||c||^2 - 2 x.c}, first index on ties) and, when
     * {@code update}, the M-step with empty-cluster relocation and the summed squared centre shift.
     * Outputs belong to the manager of {@code centers}.
     *
     * @param hostRows {@code xc} (n, d) row-major as float64 on the host (CPU fits), or null
     */
    private Assignment assign(NDArray xc, double[] hostRows, NDArray centers, boolean update) {
        NDManager into = centers.getManager();
        long n = xc.getShape().get(0);
        try (NDManager step = into.newSubManager()) {
            step.tempAttachAll(xc, centers);
            NDArray squaredNorms = centers.square().sum(new int[] {1});
            NDArray transposed = ScalarOps.mul(centers.transpose(), -2f); // scaling by -2 is exact, so x.(-2c) == -2(x.c) bit for bit
            NDList blocks = new NDList();
            long rows = Math.max(1, BLOCK_ELEMENTS / nClusters);
            for (long start = 0; start < n; start += rows) {
                try (NDManager block = step.newSubManager()) {
                    block.tempAttachAll(xc);
                    NDArray xb = xc.get(new NDIndex().addSliceDim(start, Math.min(n, start + rows)));
                    NDArray lb = xb.matMul(transposed).addi(squaredNorms).argMin(1);
                    lb.attach(step);
                    blocks.add(lb);
                }
            }
            NDArray labels = blocks.size() == 1 ? blocks.get(0) : NDArrays.concat(blocks);
            if (!update) {
                labels.attach(into);
                return new Assignment(labels, null, 0);
            }
            double[] weights = new double[nClusters];
            NDArray sums = hostRows != null ? hostClusterSums(step, hostRows, xc.getShape().get(1), labels, weights)
                    : clusterSums(xc, labels, weights);
            relocateEmpty(xc, centers, labels, sums, weights);
            double[] alpha = new double[nClusters];
            for (int j = 0; j < nClusters; j++) {
                alpha[j] = weights[j] > 0 ? 1.0 / weights[j] : 1.0;
            }
            NDArray next = sums.mul(OwnedArrays.of(step, alpha).expandDims(1)).toType(xc.getDataType(), false);
            double shift = next.sub(centers).square().sum().toType(DataType.FLOAT64, false).getDouble();
            next.attach(into);
            labels.attach(into);
            return new Assignment(labels, next, shift);
        }
    }

    /**
     * Per-cluster sums (K, d) in float64 of the rows of {@code xc}, from prefix sums over the rows sorted
     * by label; fills {@code weights} (K) with the cluster sizes. Arrays go to the manager of {@code xc}.
     */
    private NDArray clusterSums(NDArray xc, NDArray labels, double[] weights) {
        NDManager manager = xc.getManager();
        long n = labels.getShape().get(0);
        NDArray order = labels.argSort();
        NDArray sorted = labels.get(new NDIndex("{}", order));
        NDArray prefix = xc.get(new NDIndex("{}", order)).toType(DataType.FLOAT64, false).cumSum(0);
        NDArray runEnds = NDArrays.concat(new NDList(
                sorted.get("1:").neq(sorted.get(":-1")).nonzero().squeeze(1), OwnedArrays.of(manager, new long[] {n - 1})));
        long[] ends = runEnds.toLongArray();
        long[] present = sorted.get(new NDIndex("{}", runEnds)).toLongArray();
        for (int r = 0; r < ends.length; r++) {
            weights[(int) present[r]] = ends[r] - (r == 0 ? -1 : ends[r - 1]);
        }
        NDArray atEnds = prefix.get(new NDIndex("{}", runEnds));
        NDArray before = NDArrays.concat(new NDList(manager.zeros(new Shape(1, xc.getShape().get(1)), DataType.FLOAT64),
                atEnds.get(":-1")));
        NDArray sums = manager.zeros(new Shape(nClusters, xc.getShape().get(1)), DataType.FLOAT64);
        sums.set(new NDIndex("{}", OwnedArrays.of(manager, present)), atEnds.sub(before));
        return sums;
    }

    /**
     * Per-cluster sums (K, d) in float64 of the host rows {@code rows} (n, d), added in row order; fills
     * {@code weights} (K) with the cluster sizes. The sums go to {@code manager}.
     */
    private NDArray hostClusterSums(NDManager manager, double[] rows, long d, NDArray labels, double[] weights) {
        long[] label = labels.toLongArray();
        int width = (int) d;
        double[] sums = new double[nClusters * width];
        for (int i = 0; i < label.length; i++) {
            int cluster = (int) label[i];
            weights[cluster]++;
            int to = cluster * width;
            int from = i * width;
            for (int j = 0; j < width; j++) {
                sums[to + j] += rows[from + j];
            }
        }
        return OwnedArrays.of(manager, sums, new Shape(nClusters, d));
    }

    /** scikit-learn's {@code _relocate_empty_clusters_dense}, on the centre sums and host-side weights. */
    private static void relocateEmpty(NDArray xc, NDArray centers, NDArray labels, NDArray sums, double[] weights) {
        int[] empty = IntStream.range(0, weights.length).filter(j -> weights[j] == 0).toArray();
        if (empty.length == 0) {
            return;
        }
        NDArray distances = xc.sub(centers.get(new NDIndex("{}", labels))).square().sum(new int[] {1});
        if (distances.max().toType(DataType.FLOAT64, false).getDouble() == 0) {
            return; // fewer distinct points than clusters: nothing to gain by moving one
        }
        long[] far = distances.topK(empty.length, 0, true, true).get(1).toLongArray();
        for (int i = 0; i < empty.length; i++) {
            int from = (int) labels.getLong(far[i]);
            NDArray row = xc.get(far[i]).toType(DataType.FLOAT64, false);
            sums.set(new NDIndex(from), sums.get(from).sub(row));
            sums.set(new NDIndex(empty[i]), row);
            weights[empty[i]] = 1;
            weights[from] -= 1;
        }
    }

    /** Greedy k-means++ on the centred data: each new centre is the best of several sampled candidates. */
    private NDArray kMeansPlusPlus(NDArray xc) {
        NDManager into = xc.getManager();
        int n = Math.toIntExact(xc.getShape().get(0));
        int trials = 2 + (int) Math.log(nClusters);
        SplittableRandom random = new SplittableRandom(seed);
        long[] chosen = new long[nClusters];
        try (NDManager init = into.newSubManager()) {
            init.tempAttachAll(xc);
            NDArray squaredNorms = xc.square().sum(new int[] {1});
            NDArray transposed = xc.transpose();
            chosen[0] = random.nextInt(n);
            NDArray closest = squaredDistances(xc, transposed, squaredNorms, OwnedArrays.of(init, new long[] {chosen[0]})).get(0);
            NDArray potential = closest.sum();
            for (int c = 1; c < nClusters; c++) {
                double[] uniform = new double[trials];
                for (int t = 0; t < trials; t++) {
                    uniform[t] = random.nextDouble();
                }
                NDArray nextClosest;
                NDArray nextPotential;
                try (NDManager step = init.newSubManager()) {
                    step.tempAttachAll(xc, transposed, squaredNorms, closest, potential);
                    NDArray thresholds = OwnedArrays.of(step, uniform).mul(potential);
                    NDArray cumulative = closest.toType(DataType.FLOAT64, false).cumSum(0);
                    NDArray candidates = ScalarOps.minimum(cumulative.expandDims(0).lt(thresholds.expandDims(1))
                            .sum(new int[] {1}), n - 1);
                    NDArray distances = squaredDistances(xc, transposed, squaredNorms, candidates).minimum(closest);
                    NDArray potentials = distances.sum(new int[] {1});
                    int best = (int) potentials.argMin().getLong();
                    chosen[c] = candidates.getLong(best);
                    nextClosest = distances.get(best);
                    nextPotential = potentials.get(best);
                    nextClosest.attach(init);
                    nextPotential.attach(init);
                }
                closest.close();
                potential.close();
                closest = nextClosest;
                potential = nextPotential;
            }
            NDArray centers = xc.get(new NDIndex("{}", OwnedArrays.of(init, chosen)));
            centers.attach(into);
            return centers;
        }
    }

    /** (t, n) squared distances from the rows {@code idx} (t) of {@code xc} to every row, clipped at 0. */
    private static NDArray squaredDistances(NDArray xc, NDArray transposed, NDArray squaredNorms, NDArray idx) {
        NDIndex rows = new NDIndex("{}", idx);
        return ScalarOps.maximum(ScalarOps.muli(xc.get(rows).matMul(transposed), -2).addi(squaredNorms.get(rows).expandDims(1))
                .addi(squaredNorms), 0);
    }

    private record Assignment(NDArray labels, NDArray centers, double shift) {}
}
