package dev.sslheads.inc;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.cluster.KMeansResult;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.train.Augmentation;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Permutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Clusters embeddings with an {@link IncClusterHead} the way pyagc trains its prototype heads
 * (its "joint training" recipe: DAEGC / DEC-style), since no pyagc model uses INC itself:
 * <ol>
 *   <li>{@link #pretrain}: an autoencoder (encoder + decoder) learns to reconstruct each batch from
 *       an augmented view of it (denoising; MSE), Adam at {@code pretrainLearningRate};</li>
 *   <li>{@link #initClusterCenters}: k-means (K clusters) on the row-normalised embeddings, whose
 *       centres go to {@link IncClusterHead#resetClusterCenters(NDArray)};</li>
 *   <li>{@link #fineTune}: encoder, decoder and centres trained together on
 *       {@code MSE(decoder(encoder(view)), batch) + gamma * INC(encoder(batch))} with a fresh Adam at
 *       {@code learningRate}. The INC loss sees the clean batch: on the augmented view it pulled the
 *       noise into the clusters (digits NMI 0.64 instead of 0.73 at gamma 1). Between backward and
 *       update the centres' gradient is normalised ({@link IncClusterHead#gradientNormalize()}), after
 *       the update the centres are renormalised ({@link IncClusterHead#normalizeClusterCenters()}).
 *       The reconstruction term keeps the encoder from collapsing every row onto one centre (where
 *       the INC loss alone is 0).</li>
 * </ol>
 *
 * <p>A step stays on the head's device: the batch indices of an epoch are uploaded once, the losses
 * are summed on the device and read back once per epoch, and the head's finiteness check is
 * replaced by one check of the features before training.
 */
public final class IncTrainer {
    private static final String CENTERS_ID = "inc.cluster_centers";
    static final String PRETRAIN = "pretrain";
    static final String FINE_TUNE = "fine-tune";

    private final IncClusterHead head;
    private final Block encoder;
    private final Block decoder;
    private final Augmentation augmentation;
    private final IncTrainingConfig config;
    private final ParameterStore parameterStore;
    private final Random random;

    /**
     * @param head the INC head, K clusters of the encoder's output size d
     * @param encoder {@code (B, F) -> (B, d)}, initialised on the head's device
     * @param decoder {@code (B, d) -> (B, F)}, initialised on the head's device
     * @param augmentation the view fed to the encoder (the decoder reconstructs the clean batch)
     * @param config epochs, batch size, learning rates, gamma, seed
     */
    public IncTrainer(IncClusterHead head, Block encoder, Block decoder, Augmentation augmentation, IncTrainingConfig config) {
        if (head == null || encoder == null || decoder == null || augmentation == null || config == null) {
            throw new IllegalArgumentException("head, encoder, decoder, augmentation and config must not be null");
        }
        this.head = head;
        this.encoder = encoder;
        this.decoder = decoder;
        this.augmentation = augmentation;
        this.config = config;
        this.parameterStore = new ParameterStore(head.manager(), false);
        this.random = new Random(config.seed());
    }

    /** The three stages in order; returns every epoch's statistics. */
    public List<IncEpochStats> fit(NDArray features, Consumer<IncEpochStats> onEpoch) {
        List<IncEpochStats> history = new ArrayList<>(pretrain(features, onEpoch));
        initClusterCenters(features).close();
        history.addAll(fineTune(features, onEpoch));
        return history;
    }

    /**
     * Autoencoder pretraining, {@code pretrainEpochs} epochs.
     *
     * @param features {@code (N, F)} float32 inputs on the head's device, finite, N >= batchSize
     */
    public List<IncEpochStats> pretrain(NDArray features, Consumer<IncEpochStats> onEpoch) {
        checkFeatures(features);
        Optimizer adam = adam(config.pretrainLearningRate());
        List<IncEpochStats> history = new ArrayList<>();
        for (int epoch = 0; epoch < config.pretrainEpochs(); epoch++) {
            history.add(report(runEpoch(PRETRAIN, epoch, features, adam), onEpoch));
        }
        return history;
    }

    /**
     * k-means ({@link KMeans}, K = the head's clusters, the config's seed) on the row-normalised
     * embeddings of {@code features}; its centres become the head's.
     *
     * @return the k-means result on the normalised embeddings (labels: the clustering before fine-tuning)
     */
    public KMeansResult initClusterCenters(NDArray features) {
        checkFeatures(features);
        try (NDArray z = encodeAll(features); NDArray normalized = z.normalize(2, 1, 1e-12)) {
            KMeansResult result = new KMeans(head.nClusters(), config.seed()).fit(normalized);
            head.resetClusterCenters(result.centers());
            return result;
        }
    }

    /** Joint fine-tuning, {@code epochs} epochs (call after {@link #initClusterCenters}). */
    public List<IncEpochStats> fineTune(NDArray features, Consumer<IncEpochStats> onEpoch) {
        checkFeatures(features);
        Optimizer adam = adam(config.learningRate());
        boolean check = head.checkFinite();
        head.setCheckFinite(false);
        try {
            List<IncEpochStats> history = new ArrayList<>();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                history.add(report(runEpoch(FINE_TUNE, epoch, features, adam), onEpoch));
            }
            return history;
        } finally {
            head.setCheckFinite(check);
        }
    }

    /** Encoder outputs {@code (N, d)} for {@code features} {@code (N, F)}, in batches, without gradients. */
    public NDArray encodeAll(NDArray features) {
        Shape shape = Checks.matrix("features", features);
        NDList parts = new NDList();
        for (long start = 0; start < shape.get(0); start += config.batchSize()) {
            long end = Math.min(shape.get(0), start + config.batchSize());
            parts.add(run(encoder, features.get(new NDIndex("{}:{}", start, end)), false).stopGradient());
        }
        NDArray all = NDArrays.concat(parts, 0);
        parts.close();
        return all;
    }

    /** The head's hard labels {@code (N)} (int64) of the encoded {@code features}. */
    public NDArray cluster(NDArray features) {
        try (NDArray z = encodeAll(features)) {
            return head.cluster(z, false);
        }
    }

    private static IncEpochStats report(IncEpochStats stats, Consumer<IncEpochStats> onEpoch) {
        if (onEpoch != null) {
            onEpoch.accept(stats);
        }
        return stats;
    }

    private void checkFeatures(NDArray features) {
        Shape shape = Checks.matrix("features", features);
        if (shape.get(0) < config.batchSize()) {
            throw new IllegalArgumentException("features must have at least batchSize=" + config.batchSize() + " rows, got " + shape.get(0));
        }
        if (features.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("features must be float32, got " + features.getDataType());
        }
        if (!features.getDevice().equals(head.device())) {
            throw new IllegalArgumentException("features must be on the head's device " + head.device() + ", got " + features.getDevice());
        }
        Checks.finite("features", features);
    }

    private Optimizer adam(float learningRate) {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
    }

    private IncEpochStats runEpoch(String stage, int epoch, NDArray features, Optimizer adam) {
        int rows = (int) features.getShape().get(0);
        int steps = rows / config.batchSize();
        long[] order = Permutations.shuffled(rows, random);
        boolean fineTune = stage.equals(FINE_TUNE);
        try (NDArray indices = OwnedArrays.of(head.manager(), order);
                NDArray reconstructionSum = head.manager().zeros(new Shape(), DataType.FLOAT32);
                NDArray clusteringSum = head.manager().zeros(new Shape(), DataType.FLOAT32)) {
            for (int b = 0; b < steps; b++) {
                try (NDScope ignored = new NDScope()) {
                    NDArray batchRows = indices.get(new NDIndex("{}:{}", (long) b * config.batchSize(), (long) (b + 1) * config.batchSize()));
                    step(features.get(batchRows), fineTune, reconstructionSum, clusteringSum);
                }
                update(adam, fineTune);
            }
            return new IncEpochStats(stage, epoch, reconstructionSum.getFloat() / steps,
                    fineTune ? clusteringSum.getFloat() / steps : Double.NaN, steps);
        }
    }

    private void step(NDArray batch, boolean fineTune, NDArray reconstructionSum, NDArray clusteringSum) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray reconstruction = run(decoder, run(encoder, augmentation.apply(batch), true), true).sub(batch).square().mean();
            NDArray loss = reconstruction;
            if (fineTune) {
                NDArray clustering = head.forward(run(encoder, batch, true));
                loss = reconstruction.add(ScalarOps.mul(clustering, (float) config.gamma()));
                clusteringSum.addi(clustering.stopGradient());
            }
            collector.backward(loss);
            reconstructionSum.addi(reconstruction.stopGradient());
        }
    }

    private NDArray run(Block block, NDArray x, boolean training) {
        return block.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    private void update(Optimizer adam, boolean fineTune) {
        for (Block block : new Block[] {encoder, decoder}) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                update(adam, p.getValue().getId(), p.getValue().getArray());
            }
        }
        if (fineTune) {
            head.gradientNormalize();
            update(adam, CENTERS_ID, head.clusterCenters());
            head.normalizeClusterCenters();
        }
    }

    private static void update(Optimizer adam, String id, NDArray weight) {
        try (NDArray gradient = weight.getGradient()) {
            adam.update(id, weight, gradient);
            ScalarOps.muli(gradient, 0);
        }
    }
}
