package dev.sslheads.swav;

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
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: novae's head gives the same gradients and Adam update with a full collection and
 * direct-buffer churn ({@code GcChurn}) between forward and backward, on the gathered (CPU) and
 * the masked (accelerator) path.
 */
class SwavHeadGcSafetyTest {
    @ParameterizedTest(name = "masked path: {0}")
    @ValueSource(booleans = {false, true})
    void gradientsAndAdamStepSurviveACollection(boolean masked) {
        assertBitIdentical("SwavHead forward/backward/Adam (masked=" + masked + ")", between -> {
            Engine.getInstance().setRandomSeed(7);
            try (SwavHead head = new SwavHead(new Mode(), 16, 32, 0.1, 3L, Device.cpu());
                    NDManager inputs = NDManager.newBaseManager(Device.cpu())) {
                head.setMaskOnCpu(masked);
                head.initQueue(List.of("a", "b"));
                head.setMinPrototypes(0.3);
                Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
                NDArray prototypes = head.prototypesParameter().getArray();
                NDList seen = new NDList();
                for (int step = 0; step < 3; step++) {
                    NDArray z1 = inputs.randomNormal(new Shape(24, 16));
                    NDArray z2 = inputs.randomNormal(new Shape(24, 16));
                    z1.setRequiresGradient(true);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDList out = head.forward(z1, z2, step % 2 == 0 ? "a" : "b");
                        between.run();
                        collector.backward(out.get(0));
                        seen.add(out.get(0).stopGradient());
                        seen.add(out.get(1));
                    }
                    seen.add(z1.getGradient().duplicate());
                    seen.add(prototypes.getGradient().duplicate());
                    adam.update("prototypes", prototypes, prototypes.getGradient());
                    head.normalizePrototypes();
                }
                seen.add(prototypes);
                return snapshot(seen.toArray(new NDArray[0]));
            }
        });
    }
}
