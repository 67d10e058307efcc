package dev.sslheads.stablepretraining;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import ai.djl.nn.Parameter;
import dev.sslheads.train.MlpEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every rejected call names the argument, the expected and the actual value, and leaves the
 * model (parameters, queue) unchanged.
 */
class SwAVBadInputTest {
    private NDManager m;
    private SwAV model;

    @BeforeEach
    void open() {
        m = NDManager.newBaseManager();
        model = new SwAV(MlpEncoder.create(m, 6, 8, 5), new Shape(1, 6), new SwavConfig(8, 4, 7, 0.1, 3, 0.05), 1L, null);
        model.enableQueue(32, 1);
        model.functionalForward(List.of(rows(4, 6), rows(4, 6)), 0); // 8 rows in the queue
    }

    @AfterEach
    void close() {
        model.close();
        m.close();
    }

    private NDArray rows(int n, int cols) {
        return m.randomNormal(new Shape(n, cols));
    }

    /** The call throws IllegalArgumentException with {@code message}; parameters and queue are unchanged. */
    private void rejects(String message, Executable call) {
        List<float[]> before = parameters();
        float[] queue = model.queue().contents().toFloatArray();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
        List<float[]> after = parameters();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " changed by a rejected call");
        }
        assertArrayEquals(queue, model.queue().contents().toFloatArray(), "queue changed by a rejected call");
    }

    private List<float[]> parameters() {
        List<float[]> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            out.add(p.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void configRejectsBadSizesAndCoefficients() {
        assertEquals("projectorHidden must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(0, 4, 7, 0.1, 3, 0.05)).getMessage());
        assertEquals("projectorOut must be >= 1, got -2", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(8, -2, 7, 0.1, 3, 0.05)).getMessage());
        assertEquals("nPrototypes must be >= 1, got -1", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(8, 4, -1, 0.1, 3, 0.05)).getMessage());
        assertEquals("temperature must be a finite number > 0, got 0.0", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(8, 4, 7, 0, 3, 0.05)).getMessage());
        assertEquals("sinkhornIterations must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(8, 4, 7, 0.1, 0, 0.05)).getMessage());
        assertEquals("epsilon must be a finite number > 0, got NaN", assertThrows(IllegalArgumentException.class,
                () -> new SwavConfig(8, 4, 7, 0.1, 3, Double.NaN)).getMessage());
        assertEquals("epsilon must be a finite number > 0, got -0.05", assertThrows(IllegalArgumentException.class,
                () -> new SwavLoss(0.1, 3, -0.05)).getMessage());
        assertEquals("temperature must be a finite number > 0, got Infinity", assertThrows(IllegalArgumentException.class,
                () -> new SwavLoss(Double.POSITIVE_INFINITY, 3, 0.05)).getMessage());
        assertEquals("sinkhornIterations must be >= 1, got -3", assertThrows(IllegalArgumentException.class,
                () -> new SwavLoss(0.1, -3, 0.05)).getMessage());
    }

    @Test
    void constructorRejectsBadBackbones() {
        SwavConfig config = new SwavConfig(8, 4, 7, 0.1, 3, 0.05);
        assertEquals("backbone, inputShape and config must not be null", assertThrows(IllegalArgumentException.class,
                () -> new SwAV(null, new Shape(1, 6), config, 0L, null)).getMessage());
        SequentialBlock uninitialised = new SequentialBlock().add(Linear.builder().setUnits(3).build());
        assertEquals("backbone must be initialised (call initialize first), got an uninitialised SequentialBlock",
                assertThrows(IllegalArgumentException.class, () -> new SwAV(uninitialised, new Shape(1, 6), config, 0L, null)).getMessage());
        SequentialBlock flat = new SequentialBlock().add(Linear.builder().setUnits(3).build());
        flat.initialize(m, DataType.FLOAT32, new Shape(6));
        assertEquals("backbone must map inputShape (6) to (B, E), got (3)", assertThrows(IllegalArgumentException.class,
                () -> new SwAV(flat, new Shape(6), config, 0L, null)).getMessage());
    }

    @Test
    void forwardsRejectBadViews() {
        rejects("globalViews must hold at least 1 view, got 0", () -> model.forward(List.of(), List.of(rows(4, 6))));
        rejects("globalViews and localViews must hold at least 2 views together, got 1", () -> model.forward(List.of(rows(4, 6)), List.of()));
        rejects("globalViews and localViews must not be null (use an empty list for no local views)", () -> model.forward(List.of(rows(4, 6)), null));
        rejects("views[1] must be an array (B, ...), got null", () -> model.forward(rows(4, 6), null));
        rejects("every view must have the same number of rows 4, got shape (5, 6) for views[2]",
                () -> model.forward(List.of(rows(4, 6), rows(4, 6)), List.of(rows(5, 6))));
        rejects("views[0] must have at least 2 rows (BatchNorm in training mode), got shape (1, 6)", () -> model.forward(rows(1, 6), rows(1, 6)));
        rejects("views[0] must have a batch dimension and features (B, ...), got shape (6)",
                () -> model.forward(m.zeros(new Shape(6)), rows(4, 6)));
        rejects("images must be an array (B, ...), got null", () -> model.forward((NDArray) null));
        rejects("images must have at least 1 row, got shape (0, 6)", () -> model.forward(rows(0, 6)));
    }

    @Test
    void functionalForwardRejectsBadViewsEpochsAndTooSmallQueues() {
        rejects("views must hold at least 2 views, got 1", () -> model.functionalForward(List.of(rows(4, 6)), 0));
        rejects("views must hold at least 2 views, got null", () -> model.functionalForward(null, 0));
        rejects("epoch must be >= 0, got -1", () -> model.functionalForward(List.of(rows(4, 6), rows(4, 6)), -1));
        rejects("the queue must hold at least one batch of every view (2 x 20 rows), got queueLength=32",
                () -> model.functionalForward(List.of(rows(20, 6), rows(20, 6)), 1));
        rejects("capacity must be >= 1, got 0", () -> model.enableQueue(0, 0));
        rejects("startQueueAtEpoch must be >= 0, got -2", () -> model.enableQueue(8, -2));
    }

    @Test
    void lossRejectsMismatchedShapes() {
        SwavLoss loss = model.swavLoss();
        NDArray prototypes = rows(7, 4);
        float[] before = prototypes.toFloatArray();
        assertEquals("proj1 and proj2 must have the same shape (B, D), got (4, 4) and (5, 4)", assertThrows(IllegalArgumentException.class,
                () -> loss.forward(rows(4, 4), rows(5, 4), prototypes, null)).getMessage());
        assertEquals("prototypes must have 4 columns, got shape (7, 3)", assertThrows(IllegalArgumentException.class,
                () -> loss.forward(rows(4, 4), rows(4, 4), rows(7, 3), null)).getMessage());
        assertEquals("queueFeats must have 4 columns, got shape (9, 2)", assertThrows(IllegalArgumentException.class,
                () -> loss.forward(rows(4, 4), rows(4, 4), prototypes, rows(9, 2))).getMessage());
        assertEquals("proj1 must have at least 1 row, got shape (0, 4)", assertThrows(IllegalArgumentException.class,
                () -> loss.forward(rows(0, 4), rows(0, 4), prototypes, null)).getMessage());
        assertEquals("proj1 must be a 2-D array (B, D), got null", assertThrows(IllegalArgumentException.class,
                () -> loss.forward(null, rows(4, 4), prototypes, null)).getMessage());
        assertEquals("scores and codes must have the same shape (B, K), got (4, 7) and (4, 6)", assertThrows(IllegalArgumentException.class,
                () -> loss.swappedPrediction(rows(4, 7), rows(4, 6))).getMessage());
        assertArrayEquals(before, prototypes.toFloatArray(), "rejected calls must not renormalise the prototypes");
    }

    @Test
    void scoresAndProjectionRejectWrongWidths() {
        rejects("projections must have 4 columns, got shape (3, 5)", () -> model.scores(rows(3, 5)));
        rejects("h must have 5 columns, got shape (3, 4)", () -> model.project(rows(3, 4)));
    }

    @Test
    void assignRejectsBadBatchesAndInputs() {
        rejects("batchSize must be >= 1, got 0", () -> model.assign(rows(4, 6), 0));
        rejects("features must be an array (N, ...), got null", () -> model.assign(null, 4));
        rejects("features must have at least 1 row, got shape (0, 6)", () -> model.assign(rows(0, 6), 4));
        int[] clusters = model.assign(rows(10, 6), 4);
        assertEquals(10, clusters.length);
        for (int c : clusters) {
            assertTrue(c >= 0 && c < 7, "cluster " + c + " out of [0, 7)");
        }
        assertTrue(model.isTraining(), "assign restores the training mode");
    }

    @Test
    void queueRejectsBadSizesAndRows() {
        assertEquals("capacity must be >= 1, got -1", assertThrows(IllegalArgumentException.class, () -> new ProjectionQueue(m, -1, 3)).getMessage());
        assertEquals("dim must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> new ProjectionQueue(m, 4, 0)).getMessage());
        try (ProjectionQueue q = new ProjectionQueue(m, 5, 2)) {
            assertEquals("rows must have 2 columns, got shape (3, 4)", assertThrows(IllegalArgumentException.class, () -> q.append(rows(3, 4))).getMessage());
            assertEquals("rows must have at most capacity=5 rows, got 6", assertThrows(IllegalArgumentException.class, () -> q.append(rows(6, 2))).getMessage());
            assertEquals(0, q.size());
        }
    }

    @Test
    void queueWrapsLikeTheReferenceRingBuffer() {
        try (ProjectionQueue q = new ProjectionQueue(m, 5, 1)) {
            assertEquals(new Shape(0, 1), q.contents().getShape());
            q.append(m.create(new float[] {1, 2, 3}, new Shape(3, 1)));
            assertArrayEquals(new float[] {1, 2, 3}, q.contents().toFloatArray());
            q.append(m.create(new float[] {4, 5}, new Shape(2, 1))); // exactly fills: wraps to pointer 0
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, q.contents().toFloatArray());
            q.append(m.create(new float[] {6, 7}, new Shape(2, 1)));
            assertArrayEquals(new float[] {6, 7, 3, 4, 5}, q.contents().toFloatArray());
            q.append(m.create(new float[] {8, 9, 10, 11}, new Shape(4, 1))); // 3 at the end, 1 at the start
            assertArrayEquals(new float[] {11, 7, 8, 9, 10}, q.contents().toFloatArray());
            assertEquals(5, q.size());
            q.clear();
            assertEquals(0, q.size());
        }
        assertEquals(Arrays.asList(PrototypeFreezing.ZERO_GRADIENTS, PrototypeFreezing.SKIP_PARAMETER), Arrays.asList(PrototypeFreezing.values()));
    }
}
