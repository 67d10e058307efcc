package dev.sslheads.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.data.Digits;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.testing.Approx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adam through DJL's autograd trains the encoder and the prototypes; the warm-up epoch freezes the prototypes. */
class SwavTrainerTest {
    private static final int ROWS = 600;

    private static NDArray digits(SwavHead head) {
        Digits digits = Digits.load();
        float[] flat = new float[ROWS * Digits.FEATURES];
        for (int r = 0; r < ROWS; r++) {
            System.arraycopy(digits.pixels()[r], 0, flat, r * Digits.FEATURES, Digits.FEATURES);
        }
        return head.manager().create(flat, new Shape(ROWS, Digits.FEATURES)).div(16f);
    }

    private static List<String> twoSlides() {
        List<String> slides = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            slides.add(i < ROWS / 2 ? "left" : "right");
        }
        return slides;
    }

    @Test
    void warmupFreezesPrototypesThenBothAreTrained() {
        Engine.getInstance().setRandomSeed(1);
        try (SwavHead head = new SwavHead(new Mode(), 8, 16, 0.1, 1L, null)) {
            head.initQueue(List.of("left", "right"));
            head.setMinPrototypes(0.3);
            NDArray x = digits(head);
            SequentialBlock encoder = MlpEncoder.create(head.manager(), Digits.FEATURES, 32, 8);
            float[] prototypes0 = head.prototypesParameter().getArray().toFloatArray();
            float[] encoder0 = encoder.getParameters().get(0).getValue().getArray().toFloatArray();
            Augmentation views = new NoiseDropoutAugmentation(0.2, 0.1);

            List<EpochStats> warmup = new SwavTrainer(head, encoder, views, new TrainingConfig(1, 64, 1e-3f, 1, 1L)).fit(x, twoSlides(), null);
            assertTrue(warmup.get(0).prototypesFrozen());
            // frozen: only the per-forward renormalisation (as in novae) may move the last bits
            Approx.assertClose("prototypes frozen during warm-up", prototypes0, head.prototypesParameter().getArray().toFloatArray(), 1e-6, 0);
            assertFalse(Arrays.equals(encoder0, encoder.getParameters().get(0).getValue().getArray().toFloatArray()), "encoder trained during warm-up");

            List<EpochStats> history = new SwavTrainer(head, encoder, views, new TrainingConfig(25, 64, 1e-3f, 0, 2L)).fit(x, twoSlides(), null);
            assertTrue(maxAbsDifference(prototypes0, head.prototypesParameter().getArray().toFloatArray()) > 1e-2, "prototypes trained after warm-up");
            assertFalse(head.prototypesFrozen());
            assertEquals(8, history.get(0).steps(), "two slides of 300 rows give 4 full batches of 64 each");
            double first = history.get(0).loss();
            double last = history.get(history.size() - 1).loss();
            assertTrue(last < 0.9 * first, "loss should fall by over 10%: first epoch " + first + ", last " + last);
            assertTrue(history.get(history.size() - 1).entropy() < 0.95, "codes should not stay uniform: " + history);
        }
    }

    @Test
    void rejectsMismatchedSlidesAndTooFewRows() {
        try (SwavHead head = new SwavHead(new Mode(), 8, 16, 0.1)) {
            NDArray x = digits(head);
            SwavTrainer trainer = new SwavTrainer(head, MlpEncoder.create(head.manager(), Digits.FEATURES, 16, 8),
                    new NoiseDropoutAugmentation(0.1, 0.1), new TrainingConfig(1, 64, 1e-3f, 1, 0L));
            assertEquals("slideOfRow must have one entry per row of features (600), got 2",
                    assertThrows(IllegalArgumentException.class, () -> trainer.fit(x, List.of("a", "b"), null)).getMessage());
            assertEquals("features must have at least batchSize=64 rows, got 10",
                    assertThrows(IllegalArgumentException.class, () -> trainer.fit(x.get("0:10"), null, null)).getMessage());
        }
        assertEquals("batchSize must be >= 3, got 2",
                assertThrows(IllegalArgumentException.class, () -> new TrainingConfig(1, 2, 1e-3f, 1, 0L)).getMessage());
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
