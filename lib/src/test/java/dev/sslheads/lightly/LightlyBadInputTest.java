package dev.sslheads.lightly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every constructor and method of the lightly parts rejects bad input with a message naming argument, expected and actual value, and leaves state unchanged. */
class LightlyBadInputTest {

    private static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    private static Linear backbone(NDManager m, int in, int out) {
        Linear b = Linear.builder().setUnits(out).build();
        b.initialize(m, DataType.FLOAT32, new Shape(1, in));
        return b;
    }

    @Test
    void prototypeFreezing() {
        rejects(() -> PrototypeFreezing.firstSteps(-1), "n must be >= 0, got -1");
        rejects(() -> new PrototypeFreezing(null, 2), "counter", "got null");
        rejects(() -> PrototypeFreezing.firstSteps(3).frozen(4, null), "step must be given", "first 3 steps", "got null");
        rejects(() -> PrototypeFreezing.firstEpochs(3).frozen(null, 4), "epoch must be given", "first 3 epochs", "got null");
        rejects(() -> PrototypeFreezing.firstEpochs(3).frozen(-1, null), "epoch must be >= 0, got -1");
        assertTrue(PrototypeFreezing.firstEpochs(3).frozen(2, null));
        assertTrue(!PrototypeFreezing.firstSteps(3).frozen(null, 3));
        assertTrue(!PrototypeFreezing.NEVER.frozen(null, null));
    }

    @Test
    void swavPrototypes() {
        try (NDManager m = NDManager.newBaseManager()) {
            rejects(() -> new SwavPrototypes(m, 0, 5), "inputDim must be >= 1, got 0");
            rejects(() -> new SwavPrototypes(m, 4, -2), "nPrototypes[i] must be >= 1, got -2");
            rejects(() -> new SwavPrototypes(m, 4, new int[0], true, PrototypeFreezing.NEVER), "nPrototypes must hold at least one head size, got []");
            rejects(() -> new SwavPrototypes(m, 4, new int[] {3}, true, null), "freezing must not be null");
            SwavPrototypes p = new SwavPrototypes(m, 4, new int[] {3, 5}, false, PrototypeFreezing.firstSteps(2));
            rejects(() -> p.forward(m.ones(new Shape(2, 6)), null, 1), "x must have 4 columns, got shape (2, 6)");
            rejects(() -> p.forward(m.ones(new Shape(4)), null, 1), "x must be a 2-D array (B, D), got shape (4)");
            rejects(() -> p.forward(m.ones(new Shape(2, 4)), 7, null), "step must be given", "got null");
            rejects(() -> p.weight(2), "h must be a head index in [0, 1], got 2");
            assertNull(p.bias(1));
            assertEquals(2, p.forward(m.ones(new Shape(2, 4)), null, 0).size());
        }
    }

    @Test
    void swavModelConstructor() {
        try (NDManager m = NDManager.newBaseManager()) {
            Linear b = backbone(m, 6, 8);
            rejects(() -> new SwavModel(m, b, 1, 4, 10, 0, 0, 0, 0), "numFtrs must be >= 2, got 1");
            rejects(() -> new SwavModel(m, b, 8, 0, 10, 0, 0, 0, 0), "inputDim must be >= 1, got 0");
            rejects(() -> new SwavModel(m, b, 8, 4, 0, 0, 0, 0, 0), "nPrototypes[i] must be >= 1, got 0");
            rejects(() -> new SwavModel(m, b, 8, 4, 10, -1, 0, 0, 0), "nQueues must be >= 0, got -1");
            rejects(() -> new SwavModel(m, b, 8, 4, 10, 2, 0, 0, 0), "queueLength must be >= 1, got 0");
            rejects(() -> new SwavModel(m, b, 8, 4, 10, 0, -3, 0, 0), "queueLength must be >= 0, got -3");
            rejects(() -> new SwavModel(m, b, 8, 4, 10, 2, 8, -1, 0), "startQueueAtEpoch must be >= 0, got -1");
            rejects(() -> new SwavModel(m, b, 8, 4, 10, 2, 8, 0, -1), "n must be >= 0, got -1");
            rejects(() -> new SwavModel(m, null, 8, 4, 10, 2, 8, 0, 0), "backbone", "must not be null");
        }
    }

    @Test
    void swavModelForwardLeavesStateUnchanged() {
        try (NDManager m = NDManager.newBaseManager();
                SwavModel model = new SwavModel(m, backbone(m, 6, 8), 8, 4, 10, 2, 8, 2, 1)) {
            List<NDArray> two = List.of(m.randomNormal(new Shape(4, 6)), m.randomNormal(new Shape(4, 6)));
            List<NDArray> low = List.of(m.randomNormal(new Shape(4, 6)));
            model.forward(two, low, 0, null); // 4 of 8 queued
            float[] bank = model.queues().get(0).bank().toFloatArray();
            float[] weight = model.prototypes().weight(0).getArray().toFloatArray();

            List<NDArray> three = List.of(two.get(0), two.get(1), two.get(0));
            rejects(() -> model.forward(three, low, 0, null), "high must hold nQueues = 2", "set nQueues accordingly", "got 3");
            rejects(() -> model.forward(two.subList(0, 1), low, 0, null), "high must hold nQueues = 2", "got 1");
            rejects(() -> model.forward(List.of(), low, 0, null), "high must hold at least one", "got []");
            rejects(() -> model.forward(two, null, 0, null), "low must be a list", "got null");
            rejects(() -> model.forward(two, List.of(m.randomNormal(new Shape(3, 6))), 0, null), "low[0] must have the batch size of high[0] (4 rows), got shape (3, 6)");
            // fmcib counts prototype freezing in epochs: the epoch is needed
            rejects(() -> model.forward(two, low, null, 5), "epoch must be given", "first 1 epochs", "got null");
            rejects(() -> model.forward(two, low, -1, null), "epoch must be >= 0, got -1");
            rejects(() -> model.embed(null), "x must be an array (B, ...), got null");
            rejects(() -> model.forward(two, java.util.Arrays.asList((NDArray) null), 0, null), "low[0] must be an array (B, ...), got null");
            assertEquals(4, model.numFeaturesQueued());
            assertEquals(4, model.queues().get(0).pointer());
            assertArrayEquals(bank, model.queues().get(0).bank().toFloatArray());
            assertArrayEquals(weight, model.prototypes().weight(0).getArray().toFloatArray());
        }
    }

    @Test
    void theEpochIsNeededOnceTheQueueIsFilledWithALaterStart() {
        try (NDManager m = NDManager.newBaseManager();
                SwavModel model = new SwavModel(m, backbone(m, 6, 8), 8, 4, 10, 1, 8, 2, 0)) {
            List<NDArray> one = List.of(m.randomNormal(new Shape(4, 6)));
            List<NDArray> low = List.of(m.randomNormal(new Shape(4, 6)));
            assertNull(model.forward(one, low, null, null).queue(), "4 < 8 queued: no epoch needed yet");
            float[] bank = model.queues().get(0).bank().toFloatArray();
            rejects(() -> model.forward(one, low, null, null), "epoch must be given", "startQueueAtEpoch = 2", "got null");
            assertEquals(4, model.numFeaturesQueued());
            assertArrayEquals(bank, model.queues().get(0).bank().toFloatArray());
            assertNull(model.forward(one, low, 1, null).queue(), "filled but before startQueueAtEpoch");
            assertEquals(1, model.forward(one, low, 2, null).queue().size());
        }
    }

    @Test
    void forwardOfSeveralHeadsNeedsForwardHeads() {
        try (NDManager m = NDManager.newBaseManager()) {
            SwavPrototypes p = new SwavPrototypes(m, 4, new int[] {3, 5}, true, PrototypeFreezing.NEVER);
            try (SwavModel model = new SwavModel(m, backbone(m, 6, 8), 8, p, 0, 0, 0)) {
                List<NDArray> crops = List.of(m.randomNormal(new Shape(4, 6)), m.randomNormal(new Shape(4, 6)));
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.forward(crops, List.of(), null, null));
                assertTrue(e.getMessage().contains("use forwardHeads()"), e.getMessage());
                assertEquals(2, model.forwardHeads(crops, List.of(), null, null).size());
            }
        }
    }

    @Test
    void swavLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            rejects(() -> new SwavLoss(0, 3, 0.05), "temperature must be a finite number > 0, got 0.0");
            rejects(() -> new SwavLoss(0.1, 0, 0.05), "iterations must be >= 1, got 0");
            rejects(() -> new SwavLoss(0.1, 3, -0.05), "epsilon must be a finite number > 0, got -0.05");
            SwavLoss loss = new SwavLoss();
            NDArray s = m.randomUniform(-1f, 1f, new Shape(4, 6));
            rejects(() -> loss.forward(List.of(), List.of(s), null), "high must hold the scores of at least one", "got []");
            rejects(() -> loss.forward(List.of(s), List.of(), null), "at least 2 crops in all", "got 1");
            rejects(() -> loss.forward(List.of(s), null, null), "low must be a list", "got null");
            rejects(() -> loss.forward(List.of(s), List.of(m.ones(new Shape(4, 5))), null), "low[0] must have the shape of high[0] (4, 6), got (4, 5)");
            rejects(() -> loss.forward(List.of(s, s), List.of(), List.of(s)), "queue must hold one score array per high-resolution crop (2), got 1");
            rejects(() -> loss.forward(List.of(s), List.of(s), List.of(m.ones(new Shape(9, 5)))), "queue[0] must have 6 columns, got shape (9, 5)");
            rejects(() -> loss.codes(s, m.ones(new Shape(9, 2))), "queueScores must have 6 columns, got shape (9, 2)");
            rejects(() -> loss.forward(null), "scores must not be null");
        }
    }

    @Test
    void trainingStep() {
        try (NDManager m = NDManager.newBaseManager(); SwavModel model = new SwavModel(m, backbone(m, 6, 8), 8, 4, 10, 0, 0, 0, 0)) {
            rejects(() -> new SwavTrainingStep(null, new SwavLoss(), 1e-3), "model and loss must not be null");
            rejects(() -> new SwavTrainingStep(model, new SwavLoss(), 0), "learningRate must be a finite number > 0, got 0.0");
        }
    }
}
