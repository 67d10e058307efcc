package dev.sslheads.lightly;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import dev.sslheads.nn.ProjectionHead;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * fmcib's {@code SwaV} model (heads-spec §3.1): backbone, lightly's projection head
 * ({@code numFtrs -> numFtrs / 2 -> outDim}, first Linear without bias), L2-normalised features,
 * {@link SwavPrototypes}, and {@code nQueues} {@link MemoryBank} queues of {@code queueLength}.
 *
 * <p>{@link #forward} follows the seed rule by rule:
 * <ul>
 *   <li>the prototypes are renormalised, every crop goes through backbone, flatten, projection
 *       head and L2 normalisation, and is scored by the prototypes;</li>
 *   <li>with queues, each high-resolution crop i is pushed into queue i, which returns its snapshot
 *       taken before the push; {@code numFeaturesQueued} grows by the first crop's batch size;</li>
 *   <li>queue scores are returned only once {@code numFeaturesQueued >= queueLength} and, when
 *       {@code startQueueAtEpoch > 0}, only from that epoch on (the epoch is then required);
 *       otherwise null. Off-by-one of the reference, kept: the snapshot is taken before the push,
 *       so on the first step the queue is used it still holds the last {@code B} random start
 *       vectors when {@code queueLength} is a multiple of {@code B}.</li>
 * </ul>
 * Unlike the reference, every argument is checked before any state changes (the prototypes'
 * renormalisation, the queues, the counter), so a rejected call leaves the model unchanged; the
 * errors are the seed's (wrong number of high-resolution crops; missing epoch) raised at the same
 * calls. Tensors stay on the model's device.
 */
public final class SwavModel implements AutoCloseable {
    private final NDManager manager;
    private final Block backbone;
    private final SequentialBlock projectionHead;
    private final SwavPrototypes prototypes;
    private final List<MemoryBank> queues;
    private final int queueLength;
    private final int startQueueAtEpoch;
    private final ParameterStore parameterStore;
    private long numFeaturesQueued;
    private boolean training = true;

    /**
     * fmcib's constructor: lightly's prototypes (bias on), frozen during the first
     * {@code nStepsFrozenPrototypes} <em>epochs</em> because fmcib passes the epoch where lightly
     * expects the step (use the other constructor with {@link PrototypeFreezing#firstSteps} to
     * count steps).
     *
     * @param manager where every parameter and queue lives
     * @param backbone an initialised block {@code (B, ...) -> (B, ...)} whose output flattens to {@code numFtrs}
     * @param numFtrs backbone features, >= 2
     * @param outDim projection size, >= 1
     * @param nPrototypes K, >= 1
     * @param nQueues number of queues (must equal the number of high-resolution crops), >= 0 (0: none)
     * @param queueLength length of each queue, >= 1 when nQueues > 0
     * @param startQueueAtEpoch first epoch whose loss uses the queue, >= 0
     * @param nStepsFrozenPrototypes epochs during which the prototypes are frozen, >= 0
     */
    public SwavModel(NDManager manager, Block backbone, int numFtrs, int outDim, int nPrototypes, int nQueues, int queueLength,
            int startQueueAtEpoch, int nStepsFrozenPrototypes) {
        this(manager, backbone, numFtrs, prototypesFor(manager, outDim, nPrototypes, nStepsFrozenPrototypes), nQueues, queueLength,
                startQueueAtEpoch);
    }

    /**
     * A model around given prototypes (several heads, bias off as in the original SwAV, or freezing
     * counted in steps); the projection head outputs {@code prototypes.inputDim()} features.
     */
    public SwavModel(NDManager manager, Block backbone, int numFtrs, SwavPrototypes prototypes, int nQueues, int queueLength,
            int startQueueAtEpoch) {
        if (manager == null || backbone == null || prototypes == null) {
            throw new IllegalArgumentException("manager, backbone and prototypes must not be null");
        }
        Checks.atLeast("numFtrs", numFtrs, 2);
        Checks.atLeast("nQueues", nQueues, 0);
        Checks.atLeast("queueLength", queueLength, nQueues > 0 ? 1 : 0);
        Checks.atLeast("startQueueAtEpoch", startQueueAtEpoch, 0);
        if (!prototypes.device().equals(manager.getDevice())) {
            throw new IllegalArgumentException("prototypes must be on the model's device " + manager.getDevice() + ", got " + prototypes.device());
        }
        this.manager = manager;
        this.backbone = backbone;
        this.prototypes = prototypes;
        this.projectionHead = ProjectionHead.create(manager, numFtrs, numFtrs / 2, prototypes.inputDim(), false);
        this.queueLength = queueLength;
        this.startQueueAtEpoch = startQueueAtEpoch;
        List<MemoryBank> banks = new ArrayList<>();
        for (int i = 0; i < nQueues; i++) {
            banks.add(new MemoryBank(manager, queueLength));
        }
        this.queues = Collections.unmodifiableList(banks);
        this.parameterStore = new ParameterStore(manager, false);
    }

    private static SwavPrototypes prototypesFor(NDManager manager, int outDim, int nPrototypes, int nStepsFrozenPrototypes) {
        if (manager == null) {
            throw new IllegalArgumentException("manager must not be null");
        }
        return new SwavPrototypes(manager, outDim, new int[] {nPrototypes}, true, PrototypeFreezing.firstEpochs(nStepsFrozenPrototypes));
    }

    public Block backbone() {
        return backbone;
    }

    /** Linear(numFtrs, numFtrs/2, no bias), BatchNorm1d, ReLU, Linear(numFtrs/2, outDim). */
    public SequentialBlock projectionHead() {
        return projectionHead;
    }

    public SwavPrototypes prototypes() {
        return prototypes;
    }

    /** The queues, one per high-resolution crop (empty without queues). */
    public List<MemoryBank> queues() {
        return queues;
    }

    public int queueLength() {
        return queueLength;
    }

    public int startQueueAtEpoch() {
        return startQueueAtEpoch;
    }

    /** fmcib's {@code num_features_queued}: batch rows pushed so far (first high-resolution crop). */
    public long numFeaturesQueued() {
        return numFeaturesQueued;
    }

    public Device device() {
        return manager.getDevice();
    }

    public NDManager manager() {
        return manager;
    }

    /** Training mode (the default; BatchNorm uses batch statistics) or evaluation mode. */
    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean training() {
        return training;
    }

    /** Every trainable parameter: backbone, projection head (BatchNorm running statistics excluded), prototypes. */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Block block : List.of(backbone, projectionHead, prototypes)) {
            for (Parameter p : block.getParameters().values()) {
                if (p.requiresGradient()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /**
     * The forward of the seed for a single prototype head.
     *
     * @param high high-resolution crops, each {@code (B, ...)}; as many as queues when there are queues
     * @param low low-resolution crops, each {@code (B, ...)} (may be empty)
     * @param epoch current epoch, or null (needed when freezing counts epochs or a later queue start is due)
     * @param step current step, or null (needed when freezing counts steps)
     * @return high-resolution, low-resolution and queue scores (queue null while unused)
     */
    public SwavScores forward(List<NDArray> high, List<NDArray> low, Integer epoch, Integer step) {
        if (prototypes.heads() != 1) {
            throw new IllegalStateException("forward() is for one prototype head; this model has " + prototypes.heads()
                    + ", use forwardHeads()");
        }
        return forwardHeads(high, low, epoch, step).get(0);
    }

    /** {@link #forward} for several prototype heads: one {@link SwavScores} per head. */
    public List<SwavScores> forwardHeads(List<NDArray> high, List<NDArray> low, Integer epoch, Integer step) {
        long batch = checkCrops(high, low);
        prototypes.freezing().frozen(epoch, step); // the reference scores the crops (and checks this) before the queue
        boolean queueUsed = queueUsedAfter(batch, epoch);

        prototypes.normalize();
        List<NDArray> highFeatures = high.stream().map(this::features).toList();
        List<NDArray> lowFeatures = low.stream().map(this::features).toList();
        List<NDList> highScores = highFeatures.stream().map(f -> prototypes.forward(f, epoch, step)).toList();
        List<NDList> lowScores = lowFeatures.stream().map(f -> prototypes.forward(f, epoch, step)).toList();
        List<NDList> queueScores = queueScores(highFeatures, queueUsed);

        List<SwavScores> perHead = new ArrayList<>();
        for (int h = 0; h < prototypes.heads(); h++) {
            perHead.add(new SwavScores(head(highScores, h), head(lowScores, h), queueScores == null ? null : head(queueScores, h)));
        }
        return perHead;
    }

    private static List<NDArray> head(List<NDList> scores, int h) {
        return scores.stream().map(s -> s.get(h)).toList();
    }

    /**
     * fmcib's {@code _subforward}: backbone, flatten, projection head, L2 normalisation
     * {@code (B, ...) -> (B, outDim)}, in the model's current mode (see {@link #setTraining}).
     */
    public NDArray embed(NDArray x) {
        checkCrop("x", x);
        return features(x);
    }

    private NDArray features(NDArray x) {
        NDArray f = backbone.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        f = f.reshape(f.getShape().get(0), -1);
        NDArray projected = projectionHead.forward(parameterStore, new NDList(f), training).singletonOrThrow();
        return projected.normalize(2, 1, 1e-12);
    }

    private List<NDList> queueScores(List<NDArray> highFeatures, boolean used) {
        if (queues.isEmpty()) {
            return null;
        }
        List<NDList> scores = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            MemoryBank queue = queues.get(i);
            NDArray features = highFeatures.get(i);
            // the snapshot and its transpose are temporaries: only the scores are kept
            scores.add(Scopes.run(() -> {
                NDArray snapshot = queue.forward(features, true);
                return used ? prototypes.scoresWithoutGradient(snapshot.transpose()) : new NDList();
            }, list -> list));
        }
        numFeaturesQueued += highFeatures.get(0).getShape().get(0);
        return used ? scores : null;
    }

    /** Whether this call returns queue scores; throws the seed's missing-epoch error before any state changes. */
    private boolean queueUsedAfter(long batch, Integer epoch) {
        if (queues.isEmpty() || numFeaturesQueued + batch < queueLength) {
            return false;
        }
        if (startQueueAtEpoch > 0) {
            if (epoch == null) {
                throw new IllegalArgumentException("epoch must be given (a number >= 0) when startQueueAtEpoch > 0 (startQueueAtEpoch = "
                        + startQueueAtEpoch + ") and the queue is filled, got null");
            }
            return epoch >= startQueueAtEpoch;
        }
        return true;
    }

    /** Checks the crops; returns their common batch size. */
    private long checkCrops(List<NDArray> high, List<NDArray> low) {
        if (high == null || high.isEmpty()) {
            throw new IllegalArgumentException("high must hold at least one high-resolution crop, got " + (high == null ? "null" : "[]"));
        }
        if (low == null) {
            throw new IllegalArgumentException("low must be a list of low-resolution crops (possibly empty), got null");
        }
        if (!queues.isEmpty() && high.size() != queues.size()) {
            throw new IllegalArgumentException("high must hold nQueues = " + queues.size()
                    + " high-resolution crops (the number of queues should equal the number of high-resolution inputs; set nQueues accordingly), got "
                    + high.size());
        }
        long batch = -1;
        List<NDArray> all = new ArrayList<>(high);
        all.addAll(low);
        for (int i = 0; i < all.size(); i++) {
            String name = i < high.size() ? "high[" + i + "]" : "low[" + (i - high.size()) + "]";
            NDArray x = all.get(i);
            checkCrop(name, x);
            long b = x.getShape().get(0);
            if (batch >= 0 && b != batch) {
                throw new IllegalArgumentException(name + " must have the batch size of high[0] (" + batch + " rows), got shape " + x.getShape());
            }
            batch = b;
        }
        if (batch < 2 && training) {
            throw new IllegalArgumentException("high[0] must have at least 2 rows in training mode (BatchNorm), got " + batch);
        }
        return batch;
    }

    /** Requires an array {@code (B, ...)} on the model's device. */
    private void checkCrop(String name, NDArray x) {
        if (x == null || x.getShape().dimension() < 1) {
            throw new IllegalArgumentException(name + " must be an array (B, ...), got " + (x == null ? "null" : "shape " + x.getShape()));
        }
        if (!x.getDevice().equals(device())) {
            throw new IllegalArgumentException(name + " must be on the model's device " + device() + ", got " + x.getDevice());
        }
    }

    @Override
    public void close() {
        for (MemoryBank q : queues) {
            q.close();
        }
    }
}
