package dev.sslheads.stablepretraining;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.nn.ProjectionHead;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * stable-pretraining's {@code SwAV} method (heads-spec §4.3) as a DJL block: backbone, projector
 * (Linear with bias, BatchNorm1d, ReLU, Linear, then L2 normalisation), bias-free prototypes
 * {@code (K, P)} renormalised once per step, and {@link SwavLoss}.
 *
 * <p>The backbone: the reference builds a timm model from {@code encoder_name} (optionally
 * {@code pretrained}, {@code low_resolution}, {@code dynamic_img_size}) or takes a module. No timm
 * model exists here, so the caller always passes an initialised DJL {@link Block} (e.g.
 * {@code train.MlpEncoder}) and the shape of one input batch; the embedding size E is read from
 * the block's output shape instead of the reference's forward of a zero 224x224 image. Loading
 * pretrained weights is the caller's business (load them into the block first).
 *
 * <p>Three calling conventions, as in the reference:
 * <ul>
 *   <li>{@link #forward(NDArray, NDArray)}: two views;</li>
 *   <li>{@link #forward(List, List)}: multi-crop. Sinkhorn runs separately on every view,
 *       local crops included; the loss sums {@code CE(scores_i, q_j) + CE(scores_j, q_i)} over
 *       every global view i and every view j > i and divides by the number of terms;</li>
 *   <li>{@link #forward(NDArray)}: the eval path, backbone features and a zero loss.</li>
 * </ul>
 * {@link #functionalForward} is the functional {@code stable_pretraining.forward.swav} used by
 * the reference benchmarks: joint Sinkhorn of {@link SwavLoss} over views 0 and 1 plus the
 * optional {@link ProjectionQueue} (see {@link #enableQueue}).
 *
 * <p>Every tensor stays on the model's device; nothing is read back to the host in a forward.
 * Arguments are validated before any state changes. Training mode (BatchNorm batch statistics,
 * the default, as for a fresh torch module) is switched with {@link #setTraining}.
 */
public final class SwAV extends AbstractBlock implements AutoCloseable {
    private static final byte VERSION = 1;

    private final NDManager manager;
    private final Block backbone;
    private final SequentialBlock projector;
    private final Parameter prototypes;
    private final SwavLoss swavLoss;
    private final SwavConfig config;
    private final long embedDim;
    private final ParameterStore parameterStore;
    private boolean training = true;
    private ProjectionQueue queue;
    private int startQueueAtEpoch;

    /**
     * @param backbone an initialised block mapping {@code inputShape} to {@code (B, E)}, its
     *     parameters on {@code device}
     * @param inputShape the shape of one input batch, e.g. {@code (1, 64)}
     * @param config projector sizes, K, temperature and Sinkhorn settings
     * @param seed seed of the prototypes' init (torch's Linear init, U(-1/sqrt(P), 1/sqrt(P))); the
     *     projector draws from the engine's generator ({@code Engine.setRandomSeed})
     * @param device where the projector, the prototypes and every forward live (null: DJL's default)
     */
    public SwAV(Block backbone, Shape inputShape, SwavConfig config, long seed, Device device) {
        super(VERSION);
        if (backbone == null || config == null || inputShape == null) {
            throw new IllegalArgumentException("backbone, inputShape and config must not be null");
        }
        if (!backbone.isInitialized()) {
            throw new IllegalArgumentException("backbone must be initialised (call initialize first), got an uninitialised "
                    + backbone.getClass().getSimpleName());
        }
        Shape out = backbone.getOutputShapes(new Shape[] {inputShape})[0];
        if (out.dimension() != 2 || out.get(1) < 1) {
            throw new IllegalArgumentException("backbone must map inputShape " + inputShape + " to (B, E), got " + out);
        }
        this.manager = NDManager.newBaseManager(device);
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            if (p.getValue().isInitialized() && !p.getValue().getArray().getDevice().equals(manager.getDevice())) {
                manager.close();
                throw new IllegalArgumentException("backbone parameter " + p.getKey() + " must be on device " + manager.getDevice()
                        + ", got " + p.getValue().getArray().getDevice());
            }
        }
        this.config = config;
        this.embedDim = out.get(1);
        this.backbone = addChildBlock("backbone", backbone);
        this.projector = addChildBlock("projector",
                ProjectionHead.create(manager, (int) embedDim, config.projectorHidden(), config.projectorOut(), true));
        NDArray init = OwnedArrays.of(manager, linearInit(config.nPrototypes(), config.projectorOut(), seed),
                new Shape(config.nPrototypes(), config.projectorOut()));
        init.setRequiresGradient(true);
        this.prototypes = addParameter(Parameter.builder()
                .setName("prototypes")
                .setType(Parameter.Type.WEIGHT)
                .optShape(init.getShape())
                .optArray(init)
                .build());
        this.swavLoss = new SwavLoss(config.temperature(), config.sinkhornIterations(), config.epsilon());
        this.parameterStore = new ParameterStore(manager, false);
    }

    private static float[] linearInit(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = 1.0 / Math.sqrt(cols);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-bound, bound);
        }
        return values;
    }

    // ---------------------------------------------------------------- accessors and modes

    public SwavConfig config() {
        return config;
    }

    public SwavLoss swavLoss() {
        return swavLoss;
    }

    /** E, the backbone's output size. */
    public long embedDim() {
        return embedDim;
    }

    public Block backbone() {
        return backbone;
    }

    /** The projector block without its final L2 normalisation (applied in {@link #project}). */
    public SequentialBlock projector() {
        return projector;
    }

    /** The bias-free prototypes {@code (K, P)} (the reference's {@code prototypes.weight}). */
    public Parameter prototypesParameter() {
        return prototypes;
    }

    public NDManager manager() {
        return manager;
    }

    public Device device() {
        return manager.getDevice();
    }

    public boolean isTraining() {
        return training;
    }

    /** torch's {@code train(mode)}: BatchNorm uses batch statistics in training mode, running ones otherwise. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    /**
     * Turns on the queue of the functional forward: {@code queueLength} rows of detached
     * projections (3840 in the reference benchmark), used by {@link #functionalForward} from
     * epoch {@code startQueueAtEpoch} (15 there) whenever it is non-empty. Replaces any queue.
     */
    public void enableQueue(int queueLength, int startQueueAtEpoch) {
        Checks.atLeast("startQueueAtEpoch", startQueueAtEpoch, 0);
        ProjectionQueue fresh = new ProjectionQueue(manager, queueLength, config.projectorOut());
        disableQueue();
        this.queue = fresh;
        this.startQueueAtEpoch = startQueueAtEpoch;
    }

    /** Drops the queue (the reference's {@code use_queue=False}). */
    public void disableQueue() {
        if (queue != null) {
            queue.close();
            queue = null;
        }
    }

    /** The queue, or null when disabled. */
    public ProjectionQueue queue() {
        return queue;
    }

    public int startQueueAtEpoch() {
        return startQueueAtEpoch;
    }

    /** Renormalises the prototype rows in place, outside autograd (once per training step). */
    public void normalizePrototypes() {
        SwavLoss.normalizeRowsInPlace(prototypes.getArray());
    }

    // ---------------------------------------------------------------- forwards

    /** Two views {@code (B, ...)} each: {@link #forward(List, List)} with two global views. */
    public SwavOutput forward(NDArray view1, NDArray view2) {
        return forward(Arrays.asList(view1, view2), List.of());
    }

    /**
     * Multi-crop forward.
     *
     * @param globalViews G >= 1 batches {@code (B, ...)} of global crops
     * @param localViews batches {@code (B, ...)} of local crops (may be empty); G + L >= 2 (the
     *     reference returns a constant 0 loss for a single view, which cannot train)
     * @return the loss averaged over the {@code 2 * sum_i (V - 1 - i)} terms, the detached
     *     embeddings of the global views {@code (G * B, E)} and all projections {@code (V * B, P)}
     */
    public SwavOutput forward(List<NDArray> globalViews, List<NDArray> localViews) {
        if (globalViews == null || localViews == null) {
            throw new IllegalArgumentException("globalViews and localViews must not be null (use an empty list for no local views)");
        }
        if (globalViews.isEmpty()) {
            throw new IllegalArgumentException("globalViews must hold at least 1 view, got 0");
        }
        List<NDArray> views = new ArrayList<>(globalViews);
        views.addAll(localViews);
        if (views.size() < 2) {
            throw new IllegalArgumentException("globalViews and localViews must hold at least 2 views together, got " + views.size());
        }
        validateViews("views", views);
        int nGlobal = globalViews.size();
        return Scopes.run(() -> {
            List<NDArray> hs = encodeAll(views);
            List<NDArray> zs = hs.stream().map(this::project).toList();
            normalizePrototypes();
            NDArray weightsT = prototypes.getArray().transpose();
            List<NDArray> scores = new ArrayList<>();
            List<NDArray> codes = new ArrayList<>();
            for (NDArray z : zs) {
                NDArray s = SwavLoss.normalizeRows(z).matMul(weightsT);
                scores.add(s);
                codes.add(swavLoss.sinkhorn(s));
            }
            NDArray loss = null;
            int terms = 0;
            for (int i = 0; i < nGlobal; i++) {
                for (int j = i + 1; j < views.size(); j++) {
                    NDArray pair = swavLoss.swappedPrediction(scores.get(i), codes.get(j))
                            .add(swavLoss.swappedPrediction(scores.get(j), codes.get(i)));
                    loss = loss == null ? pair : loss.add(pair);
                    terms += 2;
                }
            }
            NDArray embedding = NDArrays.concat(new NDList(hs.subList(0, nGlobal)), 0).stopGradient();
            return new SwavOutput(ScalarOps.div(loss, (float) terms), embedding, NDArrays.concat(new NDList(zs), 0));
        }, outputs());
    }

    /**
     * The eval path ({@code forward(images=...)}): backbone features {@code (B, E)} without
     * gradient and a zero scalar loss on the model's device.
     */
    public SwavOutput forward(NDArray images) {
        if (images == null) {
            throw new IllegalArgumentException("images must be an array (B, ...), got null");
        }
        validateViews("images", List.of(images), 1);
        return Scopes.run(() -> new SwavOutput(manager.zeros(new Shape(), DataType.FLOAT32), encode(images).stopGradient(), null),
                outputs());
    }

    /**
     * stable-pretraining's functional {@code forward.swav}: backbone on every view, projections of
     * every view, {@link SwavLoss} (joint Sinkhorn) on views 0 and 1 with the queue's contents when
     * the queue is enabled, non-empty (a partial fill counts) and {@code epoch >= startQueueAtEpoch};
     * then the detached projections of every view are appended to the queue (also before the
     * start epoch). Outside training mode only the embeddings are computed (zero loss, no queue update).
     *
     * @param views V >= 2 batches {@code (B, ...)}
     * @param epoch the current epoch, >= 0
     * @return the loss, the embeddings of every view {@code (V * B, E)} and the projections {@code (V * B, P)}
     */
    public SwavOutput functionalForward(List<NDArray> views, int epoch) {
        if (views == null || views.size() < 2) {
            throw new IllegalArgumentException("views must hold at least 2 views, got " + (views == null ? "null" : views.size()));
        }
        Checks.atLeast("epoch", epoch, 0);
        validateViews("views", views);
        if (queue != null && views.size() * views.get(0).getShape().get(0) > queue.capacity()) {
            throw new IllegalArgumentException("the queue must hold at least one batch of every view (" + views.size() + " x "
                    + views.get(0).getShape().get(0) + " rows), got queueLength=" + queue.capacity());
        }
        if (!training) {
            return Scopes.run(() -> {
                NDList hs = new NDList(encodeAll(views));
                return new SwavOutput(manager.zeros(new Shape(), DataType.FLOAT32), NDArrays.concat(hs, 0).stopGradient(), null);
            }, outputs());
        }
        boolean useQueue = queue != null && !queue.isEmpty() && epoch >= startQueueAtEpoch;
        SwavOutput out = Scopes.run(() -> {
            NDList hs = new NDList(encodeAll(views));
            NDList zs = new NDList(hs.stream().map(this::project).toList());
            NDArray queueFeats = useQueue ? queue.contents() : null;
            NDArray loss = swavLoss.forward(zs.get(0), zs.get(1), prototypes.getArray(), queueFeats).loss();
            return new SwavOutput(loss, NDArrays.concat(hs, 0).stopGradient(), NDArrays.concat(zs, 0));
        }, outputs());
        if (queue != null) {
            queue.append(out.projection());
        }
        return out;
    }

    /** Backbone features of every view, all computed before any projection (as the reference orders them). */
    private List<NDArray> encodeAll(List<NDArray> views) {
        return views.stream().map(this::encode).toList();
    }

    /** Backbone features {@code (B, E)} of one batch, in the current mode. */
    public NDArray encode(NDArray x) {
        return backbone.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    /** Unit-norm projections {@code (B, P)} of backbone features {@code (B, E)}. */
    public NDArray project(NDArray h) {
        Checks.matrixWithColumns("h", h, embedDim);
        return SwavLoss.normalizeRows(projector.forward(parameterStore, new NDList(h), training).singletonOrThrow());
    }

    /** Cosine scores {@code (B, K)} of unit projections against the prototypes as they are (no renormalisation). */
    public NDArray scores(NDArray projections) {
        Checks.matrixWithColumns("projections", projections, config.projectorOut());
        return SwavLoss.normalizeRows(projections).matMul(prototypes.getArray().transpose());
    }

    /**
     * Cluster of every row: the argmax over prototypes of the scores of its projection, in eval
     * mode (the mode is restored), in batches of {@code batchSize}; one read-back at the end.
     *
     * @param features {@code (N, ...)} inputs on the model's device
     * @param batchSize rows per batch, >= 1
     * @return N prototype indices in [0, K)
     */
    public int[] assign(NDArray features, int batchSize) {
        Checks.atLeast("batchSize", batchSize, 1);
        if (features == null) {
            throw new IllegalArgumentException("features must be an array (N, ...), got null");
        }
        validateViews("features", List.of(features), 1);
        long rows = features.getShape().get(0);
        boolean wasTraining = training;
        training = false;
        try (NDScope ignored = new NDScope()) {
            NDList parts = new NDList();
            for (long start = 0; start < rows; start += batchSize) {
                NDArray x = features.get(new NDIndex("{}:{}", start, Math.min(rows, start + batchSize)));
                parts.add(scores(project(encode(x))).stopGradient().argMax(1));
            }
            return NDArrays.concat(parts, 0).toType(DataType.INT32, false).toIntArray();
        } finally {
            training = wasTraining;
        }
    }

    private static java.util.function.Function<SwavOutput, List<NDArray>> outputs() {
        return o -> Arrays.asList(o.loss(), o.embedding(), o.projection());
    }

    private void validateViews(String name, List<NDArray> views) {
        validateViews(name, views, training ? 2 : 1);
    }

    /** Every view non-null, on the model's device, with the same number of rows, at least {@code minRows}. */
    private void validateViews(String name, List<NDArray> views, long minRows) {
        Long rows = null;
        for (int i = 0; i < views.size(); i++) {
            NDArray v = views.get(i);
            String label = views.size() == 1 ? name : name + "[" + i + "]";
            if (v == null) {
                throw new IllegalArgumentException(label + " must be an array (B, ...), got null");
            }
            Shape shape = v.getShape();
            if (shape.dimension() < 2) {
                throw new IllegalArgumentException(label + " must have a batch dimension and features (B, ...), got shape " + shape);
            }
            if (rows == null) {
                rows = shape.get(0);
                if (rows < minRows) {
                    throw new IllegalArgumentException(label + " must have at least " + minRows
                            + (minRows > 1 ? " rows (BatchNorm in training mode)" : " row") + ", got shape " + shape);
                }
            } else if (shape.get(0) != rows) {
                throw new IllegalArgumentException("every view must have the same number of rows " + rows + ", got shape " + shape
                        + " for " + label);
            }
            if (!v.getDevice().equals(device())) {
                throw new IllegalArgumentException(label + " must be on the model's device " + device() + ", got " + v.getDevice());
            }
        }
    }

    // ---------------------------------------------------------------- block plumbing and lifecycle

    /**
     * Block entry point: {@code (images)} runs the eval path, {@code (view1, view2)} the two-view
     * forward, in the mode given by {@code training} (the model's mode is restored afterwards);
     * returns {@code (loss, embedding)}. The model keeps its own parameter store.
     */
    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 1 && inputs.size() != 2) {
            throw new IllegalArgumentException("inputs must hold (images) or (view1, view2), got " + inputs.size() + " arrays");
        }
        boolean previous = this.training;
        this.training = training;
        try {
            SwavOutput out = inputs.size() == 1 ? forward(inputs.get(0)) : forward(inputs.get(0), inputs.get(1));
            if (out.projection() != null) {
                out.projection().close();
            }
            return new NDList(out.loss(), out.embedding());
        } finally {
            this.training = previous;
        }
    }

    /** Built initialised: the backbone comes initialised and the projector and prototypes are created so. */
    @Override
    public boolean isInitialized() {
        return true;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long rows = inputShapes.length == 1 ? inputShapes[0].get(0) : inputShapes.length * inputShapes[0].get(0);
        return new Shape[] {new Shape(), new Shape(rows, embedDim)};
    }

    /** Closes the projector, the prototypes and the queue (the backbone belongs to the caller). */
    @Override
    public void close() {
        disableQueue();
        manager.close();
    }

    @Override
    public String toString() {
        return "SwAV(E=" + embedDim + ", projector=" + embedDim + "->" + config.projectorHidden() + "->" + config.projectorOut()
                + ", K=" + config.nPrototypes() + ", temperature=" + config.temperature() + ", sinkhornIterations="
                + config.sinkhornIterations() + ", epsilon=" + config.epsilon() + ", queue=" + queue + ", device=" + device() + ")";
    }
}
