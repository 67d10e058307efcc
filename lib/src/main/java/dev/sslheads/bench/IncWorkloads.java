package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sslheads.inc.IncClusterHead;
import java.util.Random;

/** The Java side of the INC benchmark ({@code inc_step}; the reference is {@code scripts/reference/bench_inc.py}). */
final class IncWorkloads {
    private IncWorkloads() {}

    /**
     * One training step of the INC head as {@link dev.sslheads.inc.IncTrainer} runs it: forward on
     * {@code (n, d)} Gaussian embeddings that require grad (standing in for an encoder's output),
     * backward, gradientNormalize, Adam (lr 1e-3) on the centres, normalizeClusterCenters;
     * pyagc's alpha, finiteness check off (the trainer checks its features once instead).
     */
    static Stats incStep(Device device, int n, int k, int d, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        try (IncClusterHead head = new IncClusterHead(k, d, IncClusterHead.DEFAULT_ALPHA, Inputs.SEED, device)) {
            head.setCheckFinite(false);
            NDArray z = head.manager().create(Inputs.gaussian(random, n, d), new Shape(n, d));
            z.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            NDArray centers = head.clusterCenters();
            return Stats.measure(warmup, reps, () -> {
                try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(head.forward(z));
                }
                head.gradientNormalize();
                try (NDArray gradient = centers.getGradient()) { // outside the scope: Adam keeps its state arrays
                    adam.update("inc.cluster_centers", centers, gradient);
                    gradient.muli(0);
                }
                head.normalizeClusterCenters();
            });
        }
    }
}
