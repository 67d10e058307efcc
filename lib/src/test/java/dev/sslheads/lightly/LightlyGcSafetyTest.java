package dev.sslheads.lightly;

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
import dev.sslheads.train.MlpEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: lightly's SwaVLoss and fmcib's SwaV training step (memory-bank queues in use, prototypes
 * frozen in the first epoch, Adam) give bit-identical gradients and parameters with a collection
 * and direct-buffer churn between forward and backward.
 */
class LightlyGcSafetyTest {
    @Test
    void swavLossGradientsSurviveACollection() {
        assertBitIdentical("lightly SwaVLoss", between -> {
            Engine.getInstance().setRandomSeed(3);
            try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
                List<NDArray> high = List.of(m.randomNormal(new Shape(8, 10)), m.randomNormal(new Shape(8, 10)));
                List<NDArray> low = List.of(m.randomNormal(new Shape(8, 10)));
                List<NDArray> queue = List.of(m.randomNormal(new Shape(16, 10)), m.randomNormal(new Shape(16, 10)));
                high.forEach(h -> h.setRequiresGradient(true));
                low.forEach(l -> l.setRequiresGradient(true));
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = new SwavLoss().forward(high, low, queue);
                    between.run();
                    collector.backward(loss);
                    return snapshot(loss.stopGradient(), high.get(0).getGradient(), high.get(1).getGradient(), low.get(0).getGradient());
                }
            }
        });
    }

    @Test
    void fmcibSwavTrainingStepsSurviveACollection() {
        assertBitIdentical("fmcib SwaV training steps", between -> {
            Engine.getInstance().setRandomSeed(5);
            try (NDManager m = NDManager.newBaseManager(Device.cpu());
                    SwavModel model = new SwavModel(m, MlpEncoder.create(m, 6, 12, 8), 8, 4, 10, 2, 8, 1, 1)) {
                SwavTrainingStep training = new SwavTrainingStep(model, new SwavLoss(), 1e-2);
                training.setBeforeBackward(between);
                NDList seen = new NDList();
                for (int step = 0; step < 4; step++) {
                    List<NDArray> high = List.of(m.randomNormal(new Shape(4, 6)), m.randomNormal(new Shape(4, 6)));
                    List<NDArray> low = List.of(m.randomNormal(new Shape(4, 6)));
                    seen.add(training.step(high, low, step / 2, step));
                }
                for (Parameter p : model.trainableParameters()) {
                    seen.add(p.getArray());
                }
                return snapshot(seen.toArray(new NDArray[0]));
            }
        });
    }
}
