package dev.sslheads.bindings;

import java.lang.ref.Reference;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import dev.sslheads.util.Scopes;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.sslheads.cluster.ClustersLevels;
import dev.sslheads.cluster.Dendrogram;
import dev.sslheads.swav.Leaves;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.NovaeSettings;
import dev.sslheads.swav.QueueWeights;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.swav.SwavStep;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.StringColumn;

/**
 * A {@link SwavHead} as guests use it (the Python {@code novae.module.SwavHead}): tensors cross as
 * {@link HostTensor}s, results are owned by the guest, and the head's own tensors (prototypes,
 * queue) are borrowed live views. After {@link #close} every method throws {@link ClosedException}.
 *
 * <p>Shapes: B rows, O = output size, K = number of prototypes, N latent rows.
 */
public final class HostSwavHead implements AutoCloseable {

    private SwavHead head;
    private final Cleaner.Cleanable lifetime;

    private HostSwavHead(SwavHead head) {
        this.head = head;
        this.lifetime = NativeReaper.whenUnreachable(this, head::close);
    }

    /** A head on the toolkit's device with Kaiming-uniform prototypes drawn from {@code seed}. */
    public static HostSwavHead create(Mode mode, int outputSize, int numPrototypes, double temperature, long seed) {
        if (mode == null) {
            throw new GuestTypeException("mode must be a novae.utils.Mode, got None");
        }
        return new HostSwavHead(new SwavHead(mode, outputSize, numPrototypes, temperature, seed, Tensors.device()));
    }

    /** Reads a head written by {@link #save} onto the toolkit's device. */
    public static HostSwavHead load(String path) throws IOException {
        return new HostSwavHead(SwavHead.load(Path.of(requireText("path", path)), Tensors.device()));
    }

    /** Writes the whole head (prototypes, k-means prototypes, queue, settings, mode) to {@code path}. */
    public void save(String path) throws IOException {
        head().save(Path.of(requireText("path", path)));
    }

    /** The wrapped head; {@link ClosedException} once closed. */
    public SwavHead head() {
        if (head == null) {
            throw new ClosedException("SwavHead");
        }
        return head;
    }

    // ---------------------------------------------------------------- configuration and state

    public Mode mode() {
        return head().mode();
    }

    public int outputSize() {
        return head().outputSize();
    }

    public int numPrototypes() {
        return head().numPrototypes();
    }

    public double temperature() {
        return head().temperature();
    }

    public int minPrototypes() {
        return head().minPrototypes();
    }

    public void setMinPrototypes(double minPrototypesRatio) {
        head().setMinPrototypes(minPrototypesRatio);
    }

    /** Replaces novae's {@code Nums} constants of the head, keeping its finiteness check. */
    public void setSettings(double eps, double swavEpsilon, int sinkhornIterations, int queueSize, double queueWeightThresholdRatio) {
        SwavHead h = head();
        h.setSettings(new NovaeSettings(eps, swavEpsilon, sinkhornIterations, queueSize, queueWeightThresholdRatio,
                h.settings().checkFinite()));
    }

    /** Starts a fresh slide queue {@code (n_slides, QUEUE_SIZE, K)}; ids map to rows in order. */
    public void initQueue(List<String> slideIds) {
        if (slideIds == null) {
            throw new GuestTypeException("slide_ids must be a list of str, got None");
        }
        head().initQueue(slideIds);
    }

    public void clearQueue() {
        head().clearQueue();
    }

    public boolean hasQueue() {
        return head().hasQueue();
    }

    /** Slide ids in queue-row order (empty without a queue). */
    public List<String> slideIds() {
        return head().slideIds();
    }

    /** The live queue {@code (n_slides, QUEUE_SIZE, K)}, or null without a queue. */
    public HostTensor queue() {
        NDArray queue = head().queue();
        return queue == null ? null : HostTensor.borrow(queue, this);
    }

    /** The prototypes in use {@code (K, O)}: k-means ones in zero-shot mode, else the trained ones (live). */
    public HostTensor prototypes() {
        return HostTensor.borrow(head().prototypes(), this);
    }

    /** The trained prototypes parameter {@code (K, O)} (live; what an optimizer updates). */
    public HostTensor prototypesParameter() {
        return HostTensor.borrow(head().prototypesParameter().getArray(), this);
    }

    /** The k-means prototypes {@code (K, O)} (live), or null before they are set. */
    public HostTensor kmeansPrototypes() {
        NDArray kmeans = head().kmeansPrototypes();
        return kmeans == null ? null : HostTensor.borrow(kmeans, this);
    }

    /**
     * Overwrites the prototypes in use with {@code values} {@code (K, O)} (copied, as float32): the
     * k-means prototypes in zero-shot mode, else the trained ones. Forgets the cached trees.
     */
    public void setPrototypes(HostTensor values) {
        head().setPrototypes(HostTensor.require("values", values).array());
        Reference.reachabilityFence(values); // its array is freed once the wrapper is unreachable
    }

    public boolean prototypesFrozen() {
        return head().prototypesFrozen();
    }

    /** Freezes the prototypes (novae's warm-up): no gradient reaches them while frozen. */
    public void setPrototypesFrozen(boolean frozen) {
        head().setPrototypesFrozen(frozen);
    }

    public void normalizePrototypes() {
        head().normalizePrototypes();
    }

    // ---------------------------------------------------------------- training forward

    /** novae's {@code forward}: {@code [loss, entropy]} (scalars; the loss is differentiable). */
    public HostTensor[] forward(HostTensor z1, HostTensor z2, String slideId) {
        SwavHead h = head();
        NDList out = Scopes.run(() -> h.forward(HostTensor.require("z1", z1).array(), HostTensor.require("z2", z2).array(), slideId),
                list -> list);
        return new HostTensor[] {HostTensor.own(out.get(0)), HostTensor.own(out.get(1))};
    }

    /**
     * {@link #forward} with every intermediate: {@code [loss, entropy, projections1 (B, K),
     * projections2 (B, K), selection (K) bool or null, codes1 (B, K), codes2 (B, K)]}.
     */
    public HostTensor[] forwardStep(HostTensor z1, HostTensor z2, String slideId) {
        SwavHead h = head();
        SwavStep s = Scopes.run(() -> h.forwardStep(HostTensor.require("z1", z1).array(), HostTensor.require("z2", z2).array(), slideId),
                step -> Arrays.asList(step.loss(), step.entropy(), step.projections1(), step.projections2(), step.selection(),
                        step.codes1(), step.codes2()));
        return new HostTensor[] {HostTensor.own(s.loss()), HostTensor.own(s.entropy()), HostTensor.own(s.projections1()),
            HostTensor.own(s.projections2()), s.selection() == null ? null : HostTensor.own(s.selection()),
            HostTensor.own(s.codes1()), HostTensor.own(s.codes2())};
    }

    /** Cosine projections {@code (B, K)} of {@code z} {@code (B, O)} over the prototypes in use. */
    public HostTensor projection(HostTensor z) {
        SwavHead h = head();
        return HostTensor.compute(() -> h.projection(HostTensor.require("z", z).array()));
    }

    /** Prototype indices (int64, ascending) for {@code slideId}, updating the slide queue like novae. */
    public HostTensor prototypeIlocs(HostTensor projections, String slideId) {
        SwavHead h = head();
        return HostTensor.compute(() -> h.prototypeIlocs(HostTensor.require("projections", projections).array(), slideId));
    }

    /** {@code [weights (n_slides, K), thresholds (K)]} of the slide queue. */
    public HostTensor[] queueWeights() {
        SwavHead h = head();
        QueueWeights qw = Scopes.run(h::queueWeights, weights -> List.of(weights.weights(), weights.thresholds()));
        return new HostTensor[] {HostTensor.own(qw.weights()), HostTensor.own(qw.thresholds())};
    }

    /** Sinkhorn-Knopp codes {@code (B, K')} of projections {@code (B, K')}. */
    public HostTensor sinkhorn(HostTensor projections) {
        SwavHead h = head();
        return HostTensor.compute(() -> h.sinkhorn(HostTensor.require("projections", projections).array()));
    }

    /** {@code mean_b sum_k q * log_softmax(p / T)} for q, p {@code (B, K')} (novae's sign: not negated). */
    public HostTensor crossEntropyLoss(HostTensor q, HostTensor p) {
        SwavHead h = head();
        return HostTensor.compute(() -> h.crossEntropyLoss(HostTensor.require("q", q).array(), HostTensor.require("p", p).array()));
    }

    /** k-means (K clusters, seed 0) prototypes from {@code latent} {@code (N, O)}, N >= K. */
    public void setKmeansPrototypes(HostTensor latent) {
        SwavHead h = head();
        h.setKmeansPrototypes(HostTensor.require("latent", latent).array());
        Reference.reachabilityFence(latent);
    }

    /** novae's leaves {@code "D{k}"} of {@code latent} {@code (N, O)}: the nearest prototype in use. */
    public String[] leaves(HostTensor latent) {
        SwavHead h = head();
        String[] leaves = Leaves.assign(h, HostTensor.require("latent", latent).array()).asObjectArray();
        Reference.reachabilityFence(latent);
        return leaves;
    }

    // ---------------------------------------------------------------- hierarchical domains

    public void hierarchicalClustering() {
        head().hierarchicalClustering();
    }

    public void resetClustering(boolean onlyZeroShot) {
        head().resetClustering(onlyZeroShot);
    }

    /** The current mode's tree ({@code children} (K-1, 2), {@code distances} (K-1)), built on first use. */
    public Dendrogram dendrogram() {
        return head().dendrogram();
    }

    /** The current mode's {@code (K, K)} levels, built on first use. */
    public ClustersLevels clustersLevels() {
        return head().clustersLevels();
    }

    /** {@link SwavHead#mapLeavesDomains} on a Tablesaw column. */
    public StringColumn mapLeavesDomainsColumn(StringColumn leaves, int level) {
        SwavHead h = head();
        if (leaves == null) {
            throw new GuestTypeException("series must be a StringColumn or a list, got None");
        }
        return h.mapLeavesDomains(leaves, level);
    }

    /** {@link SwavHead#mapLeavesDomains} on leaf labels; null entries stay null, empty strings are rejected. */
    public String[] mapLeavesDomains(List<String> leaves, int level) {
        SwavHead h = head();
        if (leaves == null) {
            throw new GuestTypeException("series must be a StringColumn or a list, got None");
        }
        StringColumn column = StringColumn.create("leaves");
        for (int i = 0; i < leaves.size(); i++) {
            String leaf = leaves.get(i);
            if (leaf == null) {
                column.appendMissing();
            } else if (leaf.isEmpty()) {
                throw new IllegalArgumentException("series[" + i + "] must be a leaf \"D<k>\", got \"\"");
            } else {
                column.append(leaf);
            }
        }
        String[] mapped = h.mapLeavesDomains(column, level).asObjectArray();
        for (int i = 0; i < mapped.length; i++) {
            if (leaves.get(i) == null) {
                mapped[i] = null;
            }
        }
        return mapped;
    }

    /** The first level at which {@code leafIndices} fall into exactly {@code nDomains} domains. */
    public int findLevel(int[] leafIndices, int nDomains) {
        SwavHead h = head();
        if (leafIndices == null) {
            throw new GuestTypeException("leaves_indices must be a sequence of ints, got None");
        }
        return h.findLevel(leafIndices, nDomains);
    }

    // ---------------------------------------------------------------- lifecycle

    public boolean isClosed() {
        return head == null;
    }

    /** Frees the head's tensors; later calls throw {@link ClosedException}. Idempotent. */
    @Override
    public void close() {
        if (head != null) {
            head = null;
            lifetime.clean();
        }
    }

    @Override
    public String toString() {
        return head == null ? "SwavHead(<closed>)" : head.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static String requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new GuestTypeException(name + " must be a non-empty path string, got " + (value == null ? "None" : "''"));
        }
        return value;
    }

}
