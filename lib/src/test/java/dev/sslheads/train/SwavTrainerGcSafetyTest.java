package dev.sslheads.train;

import static dev.sslheads.testing.GcSafety.assertBitIdentical;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.testing.GcSafety;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: novae's trainer (MLP encoder, head, Adam, prototype freezing, two slides) ends two epochs
 * with bit-identical parameters and epoch losses when every step collects garbage and churns
 * direct buffers between forward and backward.
 */
class SwavTrainerGcSafetyTest {
    @Test
    void twoEpochsSurviveACollectionInEveryStep() {
        assertBitIdentical("SwavTrainer.fit", between -> {
            Engine.getInstance().setRandomSeed(11);
            try (SwavHead head = new SwavHead(new Mode(), 8, 16, 0.1, 5L, Device.cpu())) {
                NDManager manager = head.manager();
                NDArray features = manager.randomNormal(new Shape(64, 12));
                List<String> slides = new ArrayList<>(Collections.nCopies(32, "a"));
                slides.addAll(Collections.nCopies(32, "b"));
                head.initQueue(List.of("a", "b"));
                Block encoder = MlpEncoder.create(manager, 12, 16, 8);
                SwavTrainer trainer = new SwavTrainer(head, encoder, new NoiseDropoutAugmentation(0.2, 0.1),
                        new TrainingConfig(2, 16, 1e-2f, 1, 13L));
                trainer.setBeforeBackward(between);
                List<EpochStats> history = trainer.fit(features, slides, null);
                List<byte[]> out = new ArrayList<>();
                for (EpochStats stats : history) {
                    out.add(ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putDouble(stats.loss()).putDouble(stats.entropy()).array());
                }
                for (Pair<String, Parameter> p : encoder.getParameters()) {
                    out.addAll(GcSafety.snapshot(p.getValue().getArray()));
                }
                out.addAll(GcSafety.snapshot(head.prototypesParameter().getArray()));
                return out;
            }
        });
    }
}
