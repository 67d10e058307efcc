package dev.sslheads.stablepretraining;

import static dev.sslheads.testing.GcSafety.assertBitIdentical;
import static dev.sslheads.testing.GcSafety.snapshot;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.sslheads.train.MlpEncoder;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: stable-pretraining's SwAVLoss and SwAV method (with its queue, AdamW as its trainer
 * uses) give bit-identical gradients and parameters with a collection and direct-buffer churn
 * between forward and backward.
 */
class StablePretrainingGcSafetyTest {
    @Test
    void swavLossGradientsSurviveACollection() {
        assertBitIdentical("stable-pretraining SwAVLoss", between -> {
            Engine.getInstance().setRandomSeed(3);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                NDArray proj1 = m.randomNormal(new Shape(8, 6));
                NDArray proj2 = m.randomNormal(new Shape(8, 6));
                NDArray prototypes = m.randomNormal(new Shape(12, 6));
                NDArray queue = m.randomNormal(new Shape(10, 6));
                proj1.setRequiresGradient(true);
                prototypes.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = new SwavLoss().forward(proj1, proj2, prototypes, queue).loss();
                    between.run();
                    collector.backward(loss);
                    return snapshot(loss.stopGradient(), proj1.getGradient(), prototypes.getGradient());
                }
            }
        });
    }

    @Test
    void swavStepsWithTheQueueSurviveACollection() {
        assertBitIdentical("stable-pretraining SwAV steps", between -> {
            Engine.getInstance().setRandomSeed(9);
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    SwAV model = new SwAV(MlpEncoder.create(m, 6, 12, 8), new Shape(1, 6), new SwavConfig(16, 6, 10, 0.1, 3, 0.05),
                            4L, Device.cpu())) {
                model.enableQueue(8, 1);
                Optimizer adamW = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
                NDList seen = new NDList();
                for (int step = 0; step < 4; step++) {
                    NDArray v1 = m.randomNormal(new Shape(4, 6));
                    NDArray v2 = m.randomNormal(new Shape(4, 6));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = model.functionalForward(java.util.List.of(v1, v2), step / 2).loss();
                        between.run();
                        collector.backward(loss);
                        seen.add(loss.stopGradient());
                    }
                    for (Pair<String, Parameter> p : model.getParameters()) {
                        NDArray weight = p.getValue().getArray();
                        if (!weight.hasGradient()) {
                            continue; // BatchNorm's running statistics
                        }
                        seen.add(weight.getGradient().duplicate());
                        adamW.update(p.getValue().getId(), weight, weight.getGradient());
                    }
                }
                for (Pair<String, Parameter> p : model.getParameters()) {
                    seen.add(p.getValue().getArray());
                }
                return snapshot(seen.toArray(new NDArray[0]));
            }
        });
    }
}
