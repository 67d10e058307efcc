package dev.sslheads.inc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every constructor and method rejects bad input with a message naming the argument, the expectation and the value; the head is unchanged. */
class IncClusterHeadBadInputTest {
    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void constructorRejectsBadSizesAndAlpha() {
        assertEquals("nClusters must be >= 1, got 0", message(() -> new IncClusterHead(0, 4)));
        assertEquals("nClusters must be >= 1, got -3", message(() -> new IncClusterHead(-3, 4)));
        assertEquals("nFeatures must be >= 1, got 0", message(() -> new IncClusterHead(3, 0)));
        assertEquals("nFeatures must be >= 1, got -1", message(() -> new IncClusterHead(3, -1, 0.1)));
        assertEquals("alpha must be a finite number > 0, got 0.0", message(() -> new IncClusterHead(3, 4, 0.0)));
        assertEquals("alpha must be a finite number > 0, got -0.001", message(() -> new IncClusterHead(3, 4, -0.001)));
        assertEquals("alpha must be a finite number > 0, got NaN", message(() -> new IncClusterHead(3, 4, Double.NaN)));
        assertEquals("alpha must be a finite number > 0, got Infinity", message(() -> new IncClusterHead(3, 4, Double.POSITIVE_INFINITY)));
        assertEquals("alpha must keep 2*alpha and 1/alpha within float32 range, i.e. lie in [" + 1 / (double) Float.MAX_VALUE
                + ", " + Float.MAX_VALUE / 2 + "], got 1.0E300", message(() -> new IncClusterHead(3, 4, 1e300)));
        assertEquals("alpha must keep 2*alpha and 1/alpha within float32 range, i.e. lie in [" + 1 / (double) Float.MAX_VALUE
                + ", " + Float.MAX_VALUE / 2 + "], got 1.0E-40", message(() -> new IncClusterHead(3, 4, 1e-40)));
    }

    /** Runs {@code body} on a (K=3, F=4) head and checks that the centres did not change. */
    private static void unchanged(Consumer<IncClusterHead> body) {
        try (IncClusterHead head = new IncClusterHead(3, 4, 0.001, 5L, null)) {
            float[] before = head.clusterCenters().toFloatArray();
            body.accept(head);
            assertArrayEquals(before, head.clusterCenters().toFloatArray(), "centres unchanged");
        }
    }

    @Test
    void resetClusterCentersRejectsWrongShapesTypesAndNaN() {
        unchanged(head -> {
            NDManager m = head.manager();
            assertEquals("clusterCenters must have shape (nClusters, nFeatures)=(3, 4), got null", message(() -> head.resetClusterCenters(null)));
            assertEquals("clusterCenters must have shape (nClusters, nFeatures)=(3, 4), got (4, 3)",
                    message(() -> head.resetClusterCenters(m.ones(new Shape(4, 3)))));
            assertEquals("clusterCenters must have shape (nClusters, nFeatures)=(3, 4), got (12)",
                    message(() -> head.resetClusterCenters(m.ones(new Shape(12)))));
            assertEquals("clusterCenters must be float32 or float64, got int32",
                    message(() -> head.resetClusterCenters(m.ones(new Shape(3, 4), DataType.INT32))));
            NDArray nan = m.ones(new Shape(3, 4));
            nan.set(new ai.djl.ndarray.index.NDIndex(1, 2), Float.NaN);
            assertEquals("clusterCenters must contain only finite values, got NaN or Inf", message(() -> head.resetClusterCenters(nan)));
            NDArray inf = m.ones(new Shape(3, 4), DataType.FLOAT64).mul(Double.POSITIVE_INFINITY);
            assertEquals("clusterCenters must contain only finite values, got NaN or Inf", message(() -> head.resetClusterCenters(inf)));
        });
    }

    @Test
    void forwardAndClusterRejectWrongShapesTypesAndNaN() {
        unchanged(head -> {
            NDManager m = head.manager();
            for (boolean viaCluster : new boolean[] {false, true}) {
                Consumer<NDArray> call = z -> {
                    if (viaCluster) {
                        head.cluster(z, true);
                    } else {
                        head.forward(z);
                    }
                };
                assertEquals("z must be a 2-D array (B, D), got null", message(() -> call.accept(null)));
                assertEquals("z must be a 2-D array (B, D), got shape (4)", message(() -> call.accept(m.ones(new Shape(4)))));
                assertEquals("z must have 4 columns, got shape (2, 5)", message(() -> call.accept(m.ones(new Shape(2, 5)))));
                assertEquals("z must have at least 1 row, got shape (0, 4)", message(() -> call.accept(m.ones(new Shape(0, 4)))));
                assertEquals("z must be float32, got float64", message(() -> call.accept(m.ones(new Shape(2, 4), DataType.FLOAT64))));
                NDArray nan = m.ones(new Shape(2, 4));
                nan.set(new ai.djl.ndarray.index.NDIndex(0, 3), Float.NaN);
                assertEquals("z must contain only finite values, got NaN or Inf", message(() -> call.accept(nan)));
            }
            assertEquals("inputs must hold (z), got 2 arrays", message(() -> head.forward(new ai.djl.training.ParameterStore(m, false),
                    new ai.djl.ndarray.NDList(m.ones(new Shape(2, 4)), m.ones(new Shape(2, 4))), false)));
        });
    }

    @Test
    void finiteCheckCanBeTurnedOff() {
        try (IncClusterHead head = new IncClusterHead(3, 4)) {
            head.setCheckFinite(false);
            NDArray nan = head.manager().ones(new Shape(2, 4)).mul(Float.NaN);
            assertTrue(Float.isNaN(head.forward(nan).getFloat()), "NaN propagates, as in pyagc");
        }
    }

    @Test
    void gradientNormalizeRejectsBadRowNorms() {
        unchanged(head -> {
            assertEquals("rowNorm must be a finite number > 0, got 0.0", message(() -> head.gradientNormalize(0)));
            assertEquals("rowNorm must be a finite number > 0, got -1.0", message(() -> head.gradientNormalize(-1)));
            assertEquals("rowNorm must be a finite number > 0, got NaN", message(() -> head.gradientNormalize(Double.NaN)));
        });
    }
}
