package dev.sslheads.swav;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sslheads.cluster.AverageLinkage;
import dev.sslheads.cluster.ClustersLevels;
import dev.sslheads.cluster.Dendrogram;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.sinkhorn.AllReduce;
import dev.sslheads.sinkhorn.SinkhornKnopp;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tech.tablesaw.api.StringColumn;

/**
 * novae's SwAV head ({@code novae.module.SwavHead}) as a DJL block: prototypes {@code (K, O)},
 * a per-slide queue that selects the prototypes each slide may use, Sinkhorn-Knopp codes, the
 * swapped-prediction loss, k-means prototypes for zero-shot use, and the hierarchical tree of
 * prototypes that turns leaves into domains.
 *
 * <p>Every tensor lives on the head's {@link Device}; a forward copies nothing to the host except
 * the optional finiteness check of {@link NovaeSettings#checkFinite()}. On an accelerator the
 * prototype selection is applied as a column mask, which gives the reference's numbers without
 * reading the selection size back; on the CPU, where nothing crosses a device boundary, the
 * selected columns are gathered as in novae. Methods validate their arguments before
 * touching state, so a rejected call leaves the head unchanged.
 *
 * <p>Choices where novae is silent or fragile (documented, tested): duplicate slide ids are
 * rejected; the threshold is the seed's {@code ratio * best weight}; {@link #prototypeIlocs}
 * returns indices in ascending order (the seed's top-k fallback returns them by weight, which no
 * caller depends on); inputs on another device are rejected rather than silently copied.
 */
public final class SwavHead extends AbstractBlock implements AutoCloseable {
    private static final byte VERSION = 1;

    private final NDManager manager;
    private final Mode mode;
    private final int outputSize;
    private final int numPrototypes;
    private final double temperature;
    private final Parameter prototypes;
    private final Map<Mode.ClusteringSlot, Clustering> clusterings = new EnumMap<>(Mode.ClusteringSlot.class);
    private NovaeSettings settings;
    private AllReduce allReduce = AllReduce.LOCAL;
    private NDArray kmeansPrototypes;
    private SlideQueue queue;
    private int minPrototypes;
    private boolean prototypesFrozen;
    private boolean maskOnCpu;

    /** The tree over one set of prototypes and its levels matrix. */
    private record Clustering(Dendrogram dendrogram, ClustersLevels levels) {}

    /**
     * A head on {@code device} with Kaiming-uniform prototypes drawn from {@code seed}, then
     * row-normalised (novae's init: U(-1/sqrt(K), 1/sqrt(K)) on the (K, O) matrix).
     *
     * @param mode the model mode, shared with the caller (novae passes the model's mode)
     * @param outputSize O, the embedding size
     * @param numPrototypes K
     * @param temperature softmax temperature of the loss (novae: 0.1)
     * @param seed random seed of the prototype init
     * @param device where every tensor of the head lives
     */
    public SwavHead(Mode mode, int outputSize, int numPrototypes, double temperature, long seed, Device device) {
        super(VERSION);
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        Checks.atLeast("outputSize", outputSize, 1);
        Checks.atLeast("numPrototypes", numPrototypes, 1);
        Checks.positive("temperature", temperature);
        this.mode = mode;
        this.outputSize = outputSize;
        this.numPrototypes = numPrototypes;
        this.temperature = temperature;
        this.settings = NovaeSettings.DEFAULTS;
        this.manager = NDManager.newBaseManager(device);
        NDArray init = OwnedArrays.of(manager, kaimingUniform(numPrototypes, outputSize, seed), new Shape(numPrototypes, outputSize));
        init.setRequiresGradient(true);
        this.prototypes = addParameter(Parameter.builder()
                .setName("prototypes")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(numPrototypes, outputSize))
                .optArray(init)
                .build());
        normalizePrototypes();
    }

    /** A head on DJL's default device with seed 0. */
    public SwavHead(Mode mode, int outputSize, int numPrototypes, double temperature) {
        this(mode, outputSize, numPrototypes, temperature, 0L, null);
    }

    private static float[] kaimingUniform(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(rows); // gain sqrt(2/(1+5)) * sqrt(3/fan_out), fan_out = K
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble(-bound, bound));
        }
        return values;
    }

    // ---------------------------------------------------------------- configuration and state

    public Mode mode() {
        return mode;
    }

    public int outputSize() {
        return outputSize;
    }

    public int numPrototypes() {
        return numPrototypes;
    }

    public double temperature() {
        return temperature;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The manager that owns the head's tensors; create inputs with it to keep them on the head's device. */
    public NDManager manager() {
        return manager;
    }

    public NovaeSettings settings() {
        return settings;
    }

    /** Replaces the novae constants of this head; a different queue size takes effect at the next {@link #initQueue}. */
    public void setSettings(NovaeSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null (use NovaeSettings.DEFAULTS)");
        }
        this.settings = settings;
    }

    /** The collective used by Sinkhorn's global and per-prototype sums (data-parallel training). */
    public void setAllReduce(AllReduce allReduce) {
        if (allReduce == null) {
            throw new IllegalArgumentException("allReduce must not be null (use AllReduce.LOCAL)");
        }
        this.allReduce = allReduce;
    }

    public int minPrototypes() {
        return minPrototypes;
    }

    /** {@code min_prototypes = int(K * ratio)}, the fewest prototypes a slide may use; ratio in [0, 1]. */
    public void setMinPrototypes(double minPrototypesRatio) {
        Checks.inRange("minPrototypesRatio", minPrototypesRatio, 0, 1);
        this.minPrototypes = (int) (numPrototypes * minPrototypesRatio);
    }

    /** Restores {@code min_prototypes} directly (checkpoints); in [0, K]. */
    void setMinPrototypesCount(int count) {
        Checks.inRange("minPrototypes", count, 0, numPrototypes);
        this.minPrototypes = count;
    }

    /** Starts a fresh slide queue {@code (n_slides, QUEUE_SIZE, K)} filled with 1/K; ids map to rows in order. */
    public void initQueue(List<String> slideIds) {
        SlideQueue fresh = SlideQueue.create(manager, slideIds, settings.queueSize(), numPrototypes);
        closeQueue();
        queue = fresh;
    }

    /** Removes the slide queue: every forward then uses all prototypes. */
    public void clearQueue() {
        closeQueue();
        queue = null;
    }

    void restoreQueue(List<String> slideIds, NDArray values) {
        SlideQueue restored = SlideQueue.restore(slideIds, values);
        closeQueue();
        queue = restored;
    }

    private void closeQueue() {
        if (queue != null) {
            queue.values().close();
        }
    }

    public boolean hasQueue() {
        return queue != null;
    }

    /** The queue tensor {@code (n_slides, QUEUE_SIZE, K)} (live), or null without a queue. */
    public NDArray queue() {
        return queue == null ? null : queue.values();
    }

    /** Slide ids in queue-row order; empty without a queue. */
    public List<String> slideIds() {
        return queue == null ? List.of() : queue.slideIds();
    }

    /** The prototypes in use: the k-means ones in zero-shot mode, else the trained ones {@code (K, O)}. */
    public NDArray prototypes() {
        if (mode.zeroShot()) {
            if (kmeansPrototypes == null) {
                throw new IllegalStateException("mode is zero-shot but no k-means prototypes are set; call setKmeansPrototypes(latent) first");
            }
            return kmeansPrototypes;
        }
        return prototypes.getArray();
    }

    /**
     * Replaces the prototypes in use with a copy of {@code prototypes} {@code (K, O)}: the k-means
     * prototypes in zero-shot mode, else the trained ones (in place, keeping the parameter and its
     * optimizer state). Resets the tree of the mode concerned. Values are used as given; the next
     * forward renormalises them, like novae.
     */
    public void setPrototypes(NDArray prototypes) {
        Shape expected = new Shape(numPrototypes, outputSize);
        if (prototypes == null || !prototypes.getShape().equals(expected)) {
            throw new IllegalArgumentException("prototypes must have shape " + expected + " (K, O), got "
                    + (prototypes == null ? "null" : prototypes.getShape()));
        }
        Checks.finite("prototypes", prototypes);
        NDArray copy = prototypes.stopGradient().toType(DataType.FLOAT32, true).toDevice(device(), false);
        if (mode.zeroShot()) {
            if (kmeansPrototypes != null) {
                kmeansPrototypes.close();
            }
            restoreKmeansPrototypes(copy);
            resetClustering(true);
        } else {
            try (copy) {
                overwriteTrained(copy);
            }
        }
    }

    /** Writes {@code values (K, O)} into the trained prototypes in place and drops their tree. */
    private void overwriteTrained(NDArray values) {
        try (NDArray target = this.prototypes.getArray().stopGradient()) {
            target.set(new ai.djl.ndarray.index.NDIndex(":"), values);
        }
        clusterings.remove(Mode.ClusteringSlot.NORMAL);
    }

    /**
     * novae's {@code kaiming_prototypes_initialization} (fine-tuning without a reference): fresh trained
     * prototypes U(-1/sqrt(K), 1/sqrt(K)) drawn from {@code seed}, left unnormalised until the next training forward.
     */
    public void resetPrototypes(long seed) {
        try (NDArray init = OwnedArrays.of(manager, kaimingUniform(numPrototypes, outputSize, seed), new Shape(numPrototypes, outputSize))) {
            overwriteTrained(init);
        }
    }

    /**
     * novae's {@code init_prototypes} (fine-tuning with a reference): the trained prototypes become the k-means
     * centres of {@code latent}, computed as {@link #setKmeansPrototypes} does.
     *
     * @param latent {@code (N, O)} representations, N >= K, finite
     */
    public void initPrototypesFromLatent(NDArray latent) {
        try (NDArray centres = kmeansCentres(latent)) {
            overwriteTrained(centres);
        }
    }

    /** The trained prototypes parameter {@code (K, O)} (novae's {@code _prototypes}). */
    public Parameter prototypesParameter() {
        return prototypes;
    }

    /** The k-means prototypes {@code (K, O)}, or null before {@link #setKmeansPrototypes}. */
    public NDArray kmeansPrototypes() {
        return kmeansPrototypes;
    }

    public boolean prototypesFrozen() {
        return prototypesFrozen;
    }

    /** Freezes the prototypes (novae's warm-up epoch): no gradient reaches them while frozen. */
    public void setPrototypesFrozen(boolean frozen) {
        this.prototypesFrozen = frozen;
    }

    /** Row-normalises the prototypes in use, in place and without gradient. */
    public void normalizePrototypes() {
        Scopes.run(() -> {
            NDArray data = prototypes().stopGradient();
            data.divi(ScalarOps.maximum(data.norm(new int[] {1}, true), 1e-12f));
        });
    }

    // ---------------------------------------------------------------- training forward

    /**
     * The SwAV loss of two views of one batch.
     *
     * @param z1 {@code (B, O)} representations of the main view
     * @param z2 {@code (B, O)} representations of the other view
     * @param slideId the batch's slide, or null to use every prototype
     * @return the differentiable loss and the mean normalised entropy (novae's tuple)
     */
    public NDList forward(NDArray z1, NDArray z2, String slideId) {
        SwavStep step = compute(z1, z2, slideId, false);
        for (NDArray intermediate : new NDArray[] {step.projections1(), step.projections2(), step.selection(), step.codes1(), step.codes2()}) {
            if (intermediate != null) {
                intermediate.close();
            }
        }
        return new NDList(step.loss(), step.entropy());
    }

    /** {@link #forward} returning every intermediate (projections, selection, codes). */
    public SwavStep forwardStep(NDArray z1, NDArray z2, String slideId) {
        return compute(z1, z2, slideId, true);
    }

    /** The forward; {@code (B, K)} codes are only assembled when {@code withCodes} (the gathered path computes (B, K')). */
    private SwavStep compute(NDArray z1, NDArray z2, String slideId, boolean withCodes) {
        long batch = validateViews(z1, z2);
        boolean usesQueue = usesQueue(slideId);
        int slideRow = usesQueue ? queue.row(slideId) : -1;
        if (usesQueue && batch < 3) {
            throw new IllegalArgumentException("z1 must have at least 3 rows when the slide queue is used (its third-largest projection), got " + batch);
        }
        normalizePrototypes();
        return Scopes.run(() -> {
            if (usesQueue && gathersSelection()) {
                return gatheredStep(z1, z2, slideRow, withCodes);
            }
            NDArray p1 = projection(z1);
            NDArray p2 = projection(z2);
            return maskedStep(p1, p2, usesQueue ? updateQueueAndSelect(p1, slideRow) : null);
        }, s -> java.util.Arrays.asList(s.loss(), s.entropy(), s.projections1(), s.projections2(), s.selection(), s.codes1(), s.codes2()));
    }

    /**
     * Whether the selected columns are gathered (novae's {@code P[:, ilocs]}) rather than masked.
     * Gathering needs the selection's size on the host: free when the head lives in host memory
     * (CPU), and it makes Sinkhorn and the loss work on K' columns instead of K. On an
     * accelerator the mask keeps the step free of device-to-host reads.
     */
    private boolean gathersSelection() {
        return device().getDeviceType().equals(Device.Type.CPU) && !maskOnCpu;
    }

    /** Forces the masked path on the CPU too (tests compare both paths). */
    void setMaskOnCpu(boolean value) {
        this.maskOnCpu = value;
    }

    private SwavStep maskedStep(NDArray p1, NDArray p2, NDArray selection) {
        SinkhornKnopp sinkhorn = sinkhornKnopp();
        NDArray q1 = sinkhorn.codes(p1, selection);
        NDArray q2 = sinkhorn.codes(p2, selection);
        NDArray bias = selection == null ? null : SinkhornKnopp.maskBias(selection);
        NDArray loss = ScalarOps.mul(swappedLoss(q1, p2, bias).add(swappedLoss(q2, p1, bias)), -0.5f);
        NDArray width = selection == null ? OwnedArrays.scalar(manager, (float) numPrototypes) : selection.toType(DataType.FLOAT32, false).sum();
        return new SwavStep(loss, meanNormalizedEntropy(q1, width), p1, p2, selection, q1, q2);
    }

    /**
     * novae's {@code P[:, ilocs]}, computed as {@code norm(z) . C[ilocs]^T}: the selected
     * prototypes are gathered before the product, so the backward pass scatters into a (K', O)
     * slice instead of a (B, K) one. The full projections (for the queue) carry no gradient.
     */
    private SwavStep gatheredStep(NDArray z1, NDArray z2, int slideRow, boolean withCodes) {
        NDArray weights = trainablePrototypes();
        NDArray n1 = z1.normalize(2, 1, 1e-12);
        NDArray n2 = z2.normalize(2, 1, 1e-12);
        NDArray all = weights.stopGradient().transpose();
        NDArray p1 = n1.stopGradient().matMul(all);
        NDArray selection = updateQueueAndSelect(p1, slideRow);
        NDArray columns = selection.nonzero().squeeze(1);
        long width = columns.getShape().get(0);
        NDArray selected = weights.get(columns).transpose();
        NDArray s1 = n1.matMul(selected);
        NDArray s2 = n2.matMul(selected);
        SinkhornKnopp sinkhorn = sinkhornKnopp();
        NDArray c1 = sinkhorn.codes(s1);
        NDArray c2 = sinkhorn.codes(s2);
        NDArray loss = ScalarOps.mul(swappedLoss(c1, s2, null).add(swappedLoss(c2, s1, null)), -0.5f);
        NDArray entropy = meanNormalizedEntropy(c1, OwnedArrays.scalar(manager, (float) width));
        if (!withCodes) { // forward() returns the loss and entropy only: view 2's full projections are not needed
            return new SwavStep(loss, entropy, p1, null, selection, null, null);
        }
        NDArray p2 = n2.stopGradient().matMul(all);
        NDArray index = columns.expandDims(0).broadcast(new Shape(p1.getShape().get(0), width));
        NDArray q1 = p1.zerosLike().scatter(index, c1, 1);
        NDArray q2 = p2.zerosLike().scatter(index, c2, 1);
        return new SwavStep(loss, entropy, p1, p2, selection, q1, q2);
    }

    private long validateViews(NDArray z1, NDArray z2) {
        Shape s1 = Checks.matrixWithColumns("z1", z1, outputSize);
        Shape s2 = Checks.matrixWithColumns("z2", z2, outputSize);
        if (!s1.equals(s2)) {
            throw new IllegalArgumentException("z1 and z2 must have the same shape (B, " + outputSize + "), got " + s1 + " and " + s2);
        }
        if (s1.get(0) < 1) {
            throw new IllegalArgumentException("z1 must have at least 1 row, got shape " + s1);
        }
        requireOnDevice("z1", z1);
        requireOnDevice("z2", z2);
        if (settings.checkFinite()) {
            Checks.finite("z1", z1, "z2", z2);
        }
        return s1.get(0);
    }

    private void requireOnDevice(String name, NDArray x) {
        if (!x.getDevice().equals(device())) {
            throw new IllegalArgumentException(name + " must be on the head's device " + device() + ", got " + x.getDevice()
                    + " (move it with toDevice)");
        }
    }

    private boolean usesQueue(String slideId) {
        return queue != null && slideId != null && !mode.zeroShot();
    }

    /** Sum over prototypes of {@code q * log_softmax(p / T)}, averaged over rows (novae's cross_entropy_loss, positive sign). */
    public NDArray crossEntropyLoss(NDArray q, NDArray p) {
        Checks.matrix("q", q);
        Checks.matrix("p", p);
        if (!q.getShape().equals(p.getShape())) {
            throw new IllegalArgumentException("q and p must have the same shape, got " + q.getShape() + " and " + p.getShape());
        }
        return swappedLoss(q, p, null);
    }

    private NDArray swappedLoss(NDArray q, NDArray p, NDArray logitBias) {
        NDArray logits = ScalarOps.div(p, (float) temperature);
        if (logitBias != null) {
            logits = logits.add(logitBias);
        }
        return q.mul(logits.logSoftmax(1)).sum(new int[] {1}).mean();
    }

    /** Mean over rows of the codes' entropy in bits, divided by log2 of the number of prototypes used. */
    private NDArray meanNormalizedEntropy(NDArray q, NDArray width) {
        NDArray codes = q.stopGradient();
        NDArray bits = ScalarOps.div(codes.mul(ScalarOps.add(codes, (float) settings.eps()).log()).sum(new int[] {1}).neg().mean(), (float) Math.log(2));
        return bits.div(ScalarOps.div(width.log(), (float) Math.log(2)));
    }

    /** Cosine projections of {@code z} {@code (B, O)} over the prototypes in use: {@code (B, K)}. */
    public NDArray projection(NDArray z) {
        Checks.matrixWithColumns("z", z, outputSize);
        return z.normalize(2, 1, 1e-12).matMul(trainablePrototypes().transpose());
    }

    /** The prototypes in use, cut from the gradient while frozen or in zero-shot mode. */
    private NDArray trainablePrototypes() {
        NDArray weights = prototypes();
        return prototypesFrozen || mode.zeroShot() ? weights.stopGradient() : weights;
    }

    /**
     * The prototypes this batch's slide may use, updating the slide queue like novae.
     *
     * @param projections {@code (B, K)} projections of view 1, B >= 3 when the queue is used
     * @param slideId the slide, or null
     * @return prototype indices in ascending order; all of 0..K-1 without queue, slide or in zero-shot mode
     */
    public NDArray prototypeIlocs(NDArray projections, String slideId) {
        Shape shape = Checks.matrixWithColumns("projections", projections, numPrototypes);
        requireOnDevice("projections", projections);
        if (!usesQueue(slideId)) {
            return manager.arange(numPrototypes).toType(DataType.INT64, false);
        }
        int row = queue.row(slideId);
        if (shape.get(0) < 3) {
            throw new IllegalArgumentException("projections must have at least 3 rows when the slide queue is used, got " + shape.get(0));
        }
        try (NDArray mask = updateQueueAndSelect(projections, row)) {
            return mask.nonzero().squeeze(1);
        }
    }

    /** Pushes the batch's third-largest projections and returns the {@code (K)} selection mask. */
    private NDArray updateQueueAndSelect(NDArray projections, int row) {
        return Scopes.run(() -> {
            NDArray thirdLargest = projections.stopGradient().topK(3, 0, true, true).get(0).get(2);
            queue.push(row, thirdLargest);
            QueueWeights qw = queueWeights();
            NDArray slideWeights = qw.weights().get(row);
            NDArray selection = slideWeights.gte(qw.thresholds());
            return minPrototypes > 0 ? withTopKFallback(selection, slideWeights) : selection;
        });
    }

    /** {@code passers} when at least min_prototypes pass, else the top min_prototypes weights (no host read). */
    private NDArray withTopKFallback(NDArray passers, NDArray slideWeights) {
        NDArray top = slideWeights.topK(minPrototypes, 0, true, false).get(1);
        NDArray topMask = manager.zeros(new Shape(numPrototypes), DataType.FLOAT32)
                .scatter(top, manager.ones(new Shape(minPrototypes), DataType.FLOAT32), 0);
        NDArray fallback = ScalarOps.lt(passers.toType(DataType.INT64, false).sum(), minPrototypes).toType(DataType.FLOAT32, false);
        NDArray blended = topMask.mul(fallback).add(passers.toType(DataType.FLOAT32, false).mul(ScalarOps.rsub(1f, fallback)));
        return ScalarOps.gt(blended, 0.5f);
    }

    /** Per-slide prototype weights {@code (n_slides, K)} and thresholds {@code (K)} of the queue. */
    public QueueWeights queueWeights() {
        if (queue == null) {
            throw new IllegalStateException("the head has no slide queue; call initQueue(slideIds) first");
        }
        NDArray weights = queue.weights();
        return new QueueWeights(weights, ScalarOps.mul(weights.max(new int[] {0}), settings.queueWeightThresholdRatio()));
    }

    /** Sinkhorn-Knopp codes {@code (B, K)} of cosine projections {@code (B, K)} with the head's settings. */
    public NDArray sinkhorn(NDArray projections) {
        Checks.matrix("projections", projections);
        return sinkhornKnopp().codes(projections);
    }

    private SinkhornKnopp sinkhornKnopp() {
        return new SinkhornKnopp(settings.swavEpsilon(), settings.sinkhornIterations(), 1.0, allReduce);
    }

    // ---------------------------------------------------------------- zero-shot k-means prototypes

    /**
     * novae's zero-shot prototypes: k-means (K clusters, seed 0) on the row-normalised latent,
     * centres normalised the same way ({@code x / (EPS + ||x||)}). Resets the zero-shot clustering.
     *
     * @param latent {@code (N, O)} representations, N >= K, finite
     */
    public void setKmeansPrototypes(NDArray latent) {
        NDArray centres = kmeansCentres(latent);
        if (kmeansPrototypes != null) {
            kmeansPrototypes.close();
        }
        kmeansPrototypes = centres;
        resetClustering(true);
    }

    /** Normalised k-means centres {@code (K, O)} of the row-normalised {@code latent}, owned by the head's manager. */
    private NDArray kmeansCentres(NDArray latent) {
        Shape shape = Checks.matrixWithColumns("latent", latent, outputSize);
        if (shape.get(0) < numPrototypes) {
            throw new IllegalArgumentException("latent must have at least K=" + numPrototypes + " rows (one per prototype), got " + shape.get(0));
        }
        Checks.finite("latent", latent);
        NDArray centres;
        try (NDScope ignored = new NDScope()) {
            NDArray x = rowNormalized(latent.stopGradient().toDevice(device(), false));
            centres = rowNormalized(new KMeans(numPrototypes, 0L).fit(x).centers());
            NDScope.unregister(centres);
        }
        centres.attach(manager);
        return centres;
    }

    void restoreKmeansPrototypes(NDArray values) {
        values.attach(manager);
        kmeansPrototypes = values;
    }

    private NDArray rowNormalized(NDArray x) {
        return x.div(ScalarOps.add(x.norm(new int[] {1}, true), (float) settings.eps()));
    }

    // ---------------------------------------------------------------- hierarchical domains

    /** Builds the average-linkage (cosine) tree of the prototypes in use and caches it for the current mode. */
    public void hierarchicalClustering() {
        Dendrogram dendrogram = AverageLinkage.fit(prototypes());
        clusterings.put(mode.clusteringSlot(), new Clustering(dendrogram, new ClustersLevels(dendrogram)));
    }

    private Clustering clustering() {
        if (!clusterings.containsKey(mode.clusteringSlot())) {
            hierarchicalClustering();
        }
        return clusterings.get(mode.clusteringSlot());
    }

    /** The tree of the current mode's prototypes (computed on first use): sklearn's {@code children_}. */
    public Dendrogram dendrogram() {
        return clustering().dendrogram();
    }

    /** The {@code (K, K)} levels matrix of the current mode (computed on first use). */
    public ClustersLevels clustersLevels() {
        return clustering().levels();
    }

    /** Forgets every cached tree. */
    public void resetClustering() {
        clusterings.clear();
    }

    /** Forgets the zero-shot tree only ({@code onlyZeroShot}) or every tree. */
    public void resetClustering(boolean onlyZeroShot) {
        if (onlyZeroShot) {
            clusterings.remove(Mode.ClusteringSlot.ZERO_SHOT);
        } else {
            clusterings.clear();
        }
    }

    /** Leaves "D{k}" to their domain at {@code level} in [1, K]; missing values pass through. */
    public StringColumn mapLeavesDomains(StringColumn leaves, int level) {
        return clustersLevels().mapLeavesDomains(leaves, level);
    }

    /** The first level at which {@code leafIndices} fall into exactly {@code nDomains} domains. */
    public int findLevel(int[] leafIndices, int nDomains) {
        return clustersLevels().findLevel(leafIndices, nDomains);
    }

    // ---------------------------------------------------------------- checkpoints

    /** Writes the whole head to {@code path} atomically (see {@link SwavHeadCheckpoint} for the format). */
    public void save(java.nio.file.Path path) throws java.io.IOException {
        SwavHeadCheckpoint.save(this, path);
    }

    /**
     * Reads a head written by {@link #save} onto {@code device} (null: DJL's default).
     *
     * @throws dev.sslheads.util.CheckpointFormatException for a foreign, truncated, corrupted or newer-version file
     */
    public static SwavHead load(java.nio.file.Path path, Device device) throws java.io.IOException {
        return SwavHeadCheckpoint.load(path, device);
    }

    // ---------------------------------------------------------------- block plumbing and lifecycle

    /** Block entry point: {@code (z1, z2)} without a slide, returns {@code (loss, entropy)}. */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("inputs must hold (z1, z2), got " + inputs.size() + " arrays");
        }
        return forward(inputs.get(0), inputs.get(1), null);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(), new Shape()};
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "SwavHead(K=" + numPrototypes + ", O=" + outputSize + ", temperature=" + temperature + ", device=" + device()
                + ", slides=" + slideIds().size() + ", minPrototypes=" + minPrototypes + ", " + mode + ")";
    }
}
