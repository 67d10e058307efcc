package dev.sslheads.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import org.junit.jupiter.api.Test;

/** Shapes, the first Linear's bias switch, and BatchNorm's use of batch statistics in training mode. */
class ProjectionHeadTest {
    private static long biasCount(SequentialBlock head) {
        return head.getParameters().keys().stream().filter(k -> k.endsWith("bias")).count();
    }

    @Test
    void mapsInputToOutputDimAndSwitchesTheHiddenBias() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock lightly = ProjectionHead.create(manager, 12, 6, 4, false);
            SequentialBlock stable = ProjectionHead.create(manager, 12, 6, 4, true);
            // the BatchNorm's beta is named "beta", so the biases counted are the Linears' only
            assertEquals(1, biasCount(lightly));
            assertEquals(2, biasCount(stable));
            NDArray x = manager.randomNormal(new Shape(8, 12));
            NDArray y = lightly.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
            assertEquals(new Shape(8, 4), y.getShape());
        }
    }

    @Test
    void normalisesTheHiddenLayerWithBatchStatisticsWhenTraining() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock head = ProjectionHead.create(manager, 5, 7, 3, true);
            NDArray x = manager.randomNormal(new Shape(16, 5)).mul(10f).add(3f);
            ParameterStore store = new ParameterStore(manager, false);
            NDList afterNorm = new NDList(x);
            for (int i = 0; i < 2; i++) { // Linear, BatchNorm
                afterNorm = head.getChildren().get(i).getValue().forward(store, afterNorm, true);
            }
            NDArray h = afterNorm.singletonOrThrow();
            assertTrue(h.mean(new int[] {0}).abs().max().getFloat() < 1e-4f, "batch mean of the normalised layer");
            assertTrue(h.pow(2).mean(new int[] {0}).sub(1f).abs().max().getFloat() < 1e-3f, "biased batch variance 1");
        }
    }

    @Test
    void rejectsEmptyDimensions() {
        try (NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProjectionHead.create(manager, 0, 6, 4, true));
            assertTrue(e.getMessage().contains("inputDim"), e.getMessage());
        }
    }
}
