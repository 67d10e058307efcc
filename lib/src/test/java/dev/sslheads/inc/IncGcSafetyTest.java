package dev.sslheads.inc;

import static dev.sslheads.testing.GcSafety.assertBitIdentical;
import static dev.sslheads.testing.GcSafety.snapshot;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: pyagc's INC head (loss, {@code gradient_normalize}, Adam on the centres,
 * {@code normalize_cluster_centers}) gives bit-identical gradients and centres with a collection
 * and direct-buffer churn between forward and backward.
 */
class IncGcSafetyTest {
    @Test
    void stepsWithGradientNormalizeSurviveACollection() {
        assertBitIdentical("INC head steps", between -> {
            Engine.getInstance().setRandomSeed(2);
            try (IncClusterHead head = new IncClusterHead(5, 8, IncClusterHead.DEFAULT_ALPHA, 6L, Device.cpu());
                    NDManager m = NDManager.newBaseManager(Device.cpu())) {
                Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
                NDArray centers = head.clusterCentersParameter().getArray();
                NDList seen = new NDList();
                for (int step = 0; step < 3; step++) {
                    NDArray z = m.randomNormal(new Shape(16, 8));
                    z.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = head.forward(z);
                        between.run();
                        collector.backward(loss);
                        seen.add(loss.stopGradient());
                    }
                    seen.add(z.getGradient().duplicate());
                    seen.add(centers.getGradient().duplicate());
                    head.gradientNormalize();
                    seen.add(centers.getGradient().duplicate());
                    adam.update("centers", centers, centers.getGradient());
                    head.normalizeClusterCenters();
                }
                seen.add(centers);
                seen.add(head.computeClusterCenter());
                return snapshot(seen.toArray(new NDArray[0]));
            }
        });
    }
}
