package dev.sslheads.yaware;

import dev.sslheads.optim.AdamW;
import dev.sslheads.optim.Sgd;
import dev.sslheads.optim.ParameterOptimizer;
import static dev.sslheads.testing.GcSafety.assertBitIdentical;
import static dev.sslheads.testing.GcSafety.snapshot;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 9: nidl's y-Aware loss (labelled with each kernel, and unlabelled) through its projection
 * head, and one step of each of the toolkit's optimizers (AdamW, Adam's L2 variant, SGD with
 * momentum) give bit-identical gradients and parameters with a collection and direct-buffer churn
 * between forward and backward.
 */
class YAwareGcSafetyTest {
    @ParameterizedTest(name = "kernel {0}")
    @EnumSource(Kernel.class)
    void labelledLossSurvivesACollection(Kernel kernel) {
        assertBitIdentical("y-Aware labelled, " + kernel, between -> run(kernel, true, "adamW", between));
    }

    @ParameterizedTest(name = "optimizer {0}")
    @ValueSource(strings = {"adamW", "adam", "sgd"})
    void unlabelledLossAndOptimizerStepSurviveACollection(String optimizer) {
        assertBitIdentical("y-Aware unlabelled, " + optimizer, between -> run(Kernel.GAUSSIAN, false, optimizer, between));
    }

    /** Two steps: projection head, loss, {@code between}, backward, optimizer; returns gradients and parameters. */
    private static List<byte[]> run(Kernel kernel, boolean labelled, String optimizerName, Runnable between) {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                YAwareInfoNCE loss = new YAwareInfoNCE(kernel.reference(), Bandwidth.scalar(0.7), 0.1)) {
            Block head = YAwareProjectionHead.create(m, 6, 12, 4);
            List<NDArray> parameters = new ArrayList<>();
            for (Pair<String, Parameter> p : head.getParameters()) {
                parameters.add(p.getValue().getArray());
            }
            ParameterStore store = new ParameterStore(m, false);
            NDList seen = new NDList();
            try (ParameterOptimizer optimizer = switch (optimizerName) {
                case "adamW" -> new AdamW(parameters, 5e-4, true, 0.9, 0.999, 1e-8, true);
                case "adam" -> new AdamW(parameters, 5e-4, false, 0.9, 0.999, 1e-8, false);
                default -> new Sgd(parameters, 5e-4, true, 0.9);
            }) {
                for (int step = 0; step < 2; step++) {
                    NDArray x1 = m.randomNormal(new Shape(10, 6));
                    NDArray x2 = m.randomNormal(new Shape(10, 6));
                    NDArray y = m.randomNormal(new Shape(10)).toType(DataType.FLOAT64, false);
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray z1 = head.forward(store, new NDList(x1), true).singletonOrThrow();
                        NDArray z2 = head.forward(store, new NDList(x2), true).singletonOrThrow();
                        NDArray value = labelled ? loss.forward(z1, z2, y) : loss.forward(z1, z2);
                        between.run();
                        collector.backward(value);
                        seen.add(value.stopGradient());
                    }
                    for (NDArray p : parameters) {
                        seen.add(p.getGradient().duplicate());
                    }
                    optimizer.step(1e-2);
                }
            }
            seen.addAll(new NDList(parameters));
            return snapshot(seen.toArray(new NDArray[0]));
        }
    }
}
