package dev.sslheads.stablepretraining;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.testing.Approx;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Training on the digits clusters them (NMI of the argmax prototype against the labels clearly
 * above chance), and the two ways of freezing the prototypes behave as documented.
 */
class StablePretrainingTrainerTest {

    @Test
    void digitsClusterWellAboveChance() {
        StablePretrainingDigits.Result r = StablePretrainingDigits.run(6, 10, 0L, null, null);
        System.out.println("stable-pretraining SwAV on digits, 6 epochs: " + r.swav() + "; k-means on pixels: " + r.kmeansOnPixels());
        // chance level: a random 10-way assignment of 1797 images has NMI ~ 0.01
        assertTrue(r.swav().nmi() > 0.4, "NMI of the argmax prototypes: " + r.swav());
        assertTrue(r.swav().clusters() >= 5, "clusters used: " + r.swav());
        List<EpochLoss> h = r.history();
        assertTrue(h.get(h.size() - 1).loss() < h.get(0).loss() - 0.05, "loss should fall: " + h);
    }

    /**
     * AdamW with weight decay, prototypes frozen in the only epoch: zeroed gradients still let the
     * optimizer apply the decay (rows shrink to 1 - lr * wd after each step, the next forward
     * renormalises them), while skipping the parameter leaves the unit rows untouched.
     */
    @Test
    void zeroedGradientsStillDecayWhileSkippingLeavesPrototypesAlone() {
        float lr = 1e-2f;
        float wd = 0.5f;
        for (PrototypeFreezing freezing : PrototypeFreezing.values()) {
            Engine.getInstance().setRandomSeed(3);
            try (NDManager m = NDManager.newBaseManager()) {
                SequentialBlock encoder = MlpEncoder.create(m, 16, 16, 8);
                try (SwAV model = new SwAV(encoder, new Shape(1, 16), new SwavConfig(16, 8, 6, 0.1, 3, 0.05), 3L, null)) {
                    NDArray x = m.randomNormal(new Shape(64, 16));
                    model.normalizePrototypes();
                    float[] before = model.prototypesParameter().getArray().toFloatArray();
                    float[] encoderBefore = encoder.getParameters().get(0).getValue().getArray().toFloatArray();
                    new StablePretrainingTrainer(model, new NoiseDropoutAugmentation(0.1, 0.1),
                            new TrainingSettings(1, 32, lr, wd, 1, freezing, 0L)).fit(x, null);
                    float[] after = model.prototypesParameter().getArray().toFloatArray();
                    float[] expected = before.clone();
                    if (freezing == PrototypeFreezing.ZERO_GRADIENTS) {
                        for (int i = 0; i < expected.length; i++) {
                            expected[i] *= 1 - lr * wd; // last step's decay, not yet renormalised
                        }
                    }
                    Approx.assertClose(freezing + ": frozen prototypes", expected, after, 1e-6, 0);
                    assertTrue(maxAbsDifference(encoderBefore, encoder.getParameters().get(0).getValue().getArray().toFloatArray()) > 1e-4,
                            freezing + ": the encoder trains while the prototypes are frozen");
                }
            }
        }
    }

    @Test
    void rejectsBadSettingsAndInputs() {
        assertEquals("batchSize must be >= 2, got 1", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(1, 1, 1e-3f, 0f, 0, PrototypeFreezing.ZERO_GRADIENTS, 0L)).getMessage());
        assertEquals("learningRate must be a finite number > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(1, 8, 0f, 0f, 0, PrototypeFreezing.ZERO_GRADIENTS, 0L)).getMessage());
        assertEquals("weightDecay must be a finite number >= 0, got -1.0", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(1, 8, 1e-3f, -1f, 0, PrototypeFreezing.ZERO_GRADIENTS, 0L)).getMessage());
        assertEquals("freezePrototypesEpochs must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(1, 8, 1e-3f, 0f, -1, PrototypeFreezing.ZERO_GRADIENTS, 0L)).getMessage());
        assertEquals("freezing must be ZERO_GRADIENTS or SKIP_PARAMETER, got null", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(1, 8, 1e-3f, 0f, 0, null, 0L)).getMessage());
        assertEquals("epochs must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new TrainingSettings(0, 8, 1e-3f, 0f, 0, PrototypeFreezing.ZERO_GRADIENTS, 0L)).getMessage());
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = MlpEncoder.create(m, 4, 8, 4);
            try (SwAV model = new SwAV(encoder, new Shape(1, 4), new SwavConfig(8, 4, 3, 0.1, 3, 0.05), 0L, null)) {
                StablePretrainingTrainer trainer = new StablePretrainingTrainer(model, new NoiseDropoutAugmentation(0, 0),
                        new TrainingSettings(1, 8, 1e-3f, 0f, 0, PrototypeFreezing.ZERO_GRADIENTS, 0L));
                assertEquals("features must have at least batchSize=8 rows, got 5", assertThrows(IllegalArgumentException.class,
                        () -> trainer.fit(m.zeros(new Shape(5, 4)), null)).getMessage());
                assertEquals("features must be a 2-D array (B, D), got shape (8)", assertThrows(IllegalArgumentException.class,
                        () -> trainer.fit(m.zeros(new Shape(8)), null)).getMessage());
                assertEquals("model, augmentation and settings must not be null", assertThrows(IllegalArgumentException.class,
                        () -> new StablePretrainingTrainer(model, null, TrainingSettings.of(1, 0L))).getMessage());
            }
        }
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
