package dev.sslheads.bindings;

import java.lang.ref.Reference;
import java.lang.ref.Cleaner;
import dev.sslheads.inc.IncClusterHead;

/**
 * An {@link IncClusterHead} as guests use it (the Python {@code pyagc.clusters.INCClusterHead}):
 * tensors cross as {@link HostTensor}s, results are owned by the guest, and the cluster centres are
 * a borrowed live view. After {@link #close} every method throws {@link ClosedException}.
 *
 * <p>Shapes: N rows, F = n_features, K = n_clusters.
 */
public final class HostIncClusterHead implements AutoCloseable {

    private IncClusterHead head;
    private final Cleaner.Cleanable lifetime;

    private HostIncClusterHead(IncClusterHead head) {
        this.head = head;
        this.lifetime = NativeReaper.whenUnreachable(this, head::close);
    }

    /** A head on the toolkit's device with Xavier-uniform centres drawn from {@code seed}, then normalised. */
    public static HostIncClusterHead create(int nClusters, int nFeatures, double alpha, long seed) {
        return new HostIncClusterHead(new IncClusterHead(nClusters, nFeatures, alpha, seed, Tensors.device()));
    }

    /** The wrapped head; {@link ClosedException} once closed. */
    public IncClusterHead head() {
        if (head == null) {
            throw new ClosedException("INCClusterHead");
        }
        return head;
    }

    public int nClusters() {
        return head().nClusters();
    }

    public int nFeatures() {
        return head().nFeatures();
    }

    public double alpha() {
        return head().alpha();
    }

    /** The cluster centres parameter {@code (K, F)} (live; what an optimizer updates). */
    public HostTensor clusterCenters() {
        return HostTensor.borrow(head().clusterCenters(), this);
    }

    /** Row-normalised copy of {@code centers} {@code (K, F)} into the centres, or fresh Xavier centres when null. */
    public void resetClusterCenters(HostTensor centers) {
        IncClusterHead h = head();
        if (centers == null) {
            h.resetClusterCenters();
        } else {
            h.resetClusterCenters(centers.array());
        }
        Reference.reachabilityFence(centers); // its array is freed once the wrapper is unreachable
    }

    public void normalizeClusterCenters() {
        head().normalizeClusterCenters();
    }

    /** {@code (0.5 / alpha) W = norm(C)} {@code (K, F)}. */
    public HostTensor computeClusterCenter() {
        return HostTensor.compute(() -> head().computeClusterCenter());
    }

    /** The INC loss of {@code z} {@code (N, F)} (a differentiable scalar). */
    public HostTensor forward(HostTensor z) {
        IncClusterHead h = head();
        return HostTensor.compute(() -> h.forward(HostTensor.require("z", z).array()));
    }

    /** Hard labels {@code (N)} int64, or soft assignments {@code (N, K)}. */
    public HostTensor cluster(HostTensor z, boolean soft) {
        IncClusterHead h = head();
        return HostTensor.compute(() -> h.cluster(HostTensor.require("z", z).array(), soft));
    }

    /** pyagc's gradient normalisation (row norm 0.2 alpha). */
    public void gradientNormalize() {
        head().gradientNormalize();
    }

    /** Gradient rows rescaled to norm {@code rowNorm}. */
    public void gradientNormalize(double rowNorm) {
        head().gradientNormalize(rowNorm);
    }

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
        return head == null ? "INCClusterHead(<closed>)" : head.toString();
    }

}
