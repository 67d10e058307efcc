package dev.sslheads.inc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import org.junit.jupiter.api.Test;

/** A short run of the INC training loop on the digits, and its argument checks. */
class IncTrainerTest {

    @Test
    void clustersDigitsWellAboveChance() {
        IncDigits.Setup setup = new IncDigits.Setup(10, 128, 16, IncClusterHead.DEFAULT_ALPHA,
                new IncTrainingConfig(12, 3, 128, 1e-3f, 1e-4f, 0.1, 7L));
        IncDigits.Scores s = IncDigits.run(setup, null, false);
        // chance level is NMI ~0.01 for 10 random clusters of 1797 digits; k-means on the pixels gives ~0.75
        assertTrue(s.incNmi() > 0.55, "INC NMI should be well above chance: " + s);
        assertTrue(s.incAri() > 0.35, "INC ARI should be well above chance: " + s);
        assertTrue(s.lastClusteringLoss() < s.firstClusteringLoss(), "INC loss should fall while fine-tuning: " + s);
    }

    @Test
    void fineTuningKeepsUnitCentresAndRejectsBadFeatures() {
        try (IncClusterHead head = new IncClusterHead(4, 8, 0.001, 1L, null)) {
            var m = head.manager();
            NDArray x = m.randomUniform(0f, 1f, new Shape(64, 12));
            IncTrainer trainer = new IncTrainer(head, MlpEncoder.create(m, 12, 16, 8), MlpEncoder.create(m, 8, 16, 12),
                    new NoiseDropoutAugmentation(0.1, 0.05), new IncTrainingConfig(1, 2, 32, 1e-3f, 1e-3f, 1.0, 3L));
            var history = trainer.fit(x, null);
            assertEquals(3, history.size());
            assertEquals(IncTrainer.PRETRAIN, history.get(0).stage());
            assertEquals(IncTrainer.FINE_TUNE, history.get(2).stage());
            assertEquals(2, history.get(2).steps());
            assertTrue(head.checkFinite(), "the head's finiteness check is restored after training");
            float[] norms = head.clusterCenters().norm(new int[] {1}).toFloatArray();
            for (float n : norms) {
                assertEquals(1f, n, 1e-5f, "unit centres after training");
            }
            assertEquals(new Shape(64), trainer.cluster(x).getShape());

            assertEquals("features must have at least batchSize=32 rows, got 10",
                    assertThrows(IllegalArgumentException.class, () -> trainer.pretrain(x.get("0:10"), null)).getMessage());
            assertEquals("features must be float32, got float64",
                    assertThrows(IllegalArgumentException.class, () -> trainer.fineTune(x.toType(DataType.FLOAT64, false), null)).getMessage());
            NDArray nan = x.duplicate();
            nan.set(new ai.djl.ndarray.index.NDIndex(3, 3), Float.NaN);
            assertEquals("features must contain only finite values, got NaN or Inf",
                    assertThrows(IllegalArgumentException.class, () -> trainer.initClusterCenters(nan)).getMessage());
            assertEquals("head, encoder, decoder, augmentation and config must not be null",
                    assertThrows(IllegalArgumentException.class, () -> new IncTrainer(head, null, null, null, null)).getMessage());
        }
        assertEquals("gamma must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new IncTrainingConfig(1, 1, 8, 1e-3f, 1e-3f, 0, 0L)).getMessage());
        assertEquals("epochs must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new IncTrainingConfig(1, 0, 8, 1e-3f, 1e-3f, 1, 0L)).getMessage());
    }
}
