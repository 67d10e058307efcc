package dev.sslheads.ndarray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.GcChurn;
import java.nio.FloatBuffer;
import org.junit.jupiter.api.Test;

/** The GC-safe factory and scalar operations: values, types, shapes, lifetimes and bad input. */
class OwnedArraysTest {
    @Test
    void hostDataKeepsValuesTypesAndShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f = OwnedArrays.of(m, new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            assertEquals(DataType.FLOAT32, f.getDataType());
            assertEquals(new Shape(2, 3), f.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloatArray());
            assertArrayEquals(new double[] {0.1, 1e-300}, OwnedArrays.of(m, new double[] {0.1, 1e-300}).toDoubleArray());
            assertArrayEquals(new long[] {Long.MAX_VALUE, -1}, OwnedArrays.of(m, new long[] {Long.MAX_VALUE, -1}).toLongArray());
            assertArrayEquals(new int[] {7, -8}, OwnedArrays.of(m, new int[] {7, -8}).toIntArray());
            assertArrayEquals(new boolean[] {true, false, true}, OwnedArrays.of(m, new boolean[] {true, false, true}).toBooleanArray());
            NDArray rows = OwnedArrays.of(m, new float[][] {{1, 2}, {3, 4}, {5, 6}});
            assertEquals(new Shape(3, 2), rows.getShape());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, rows.toFloatArray());
            assertEquals(new Shape(0), OwnedArrays.of(m, new float[0]).getShape());
        }
    }

    /** A from_blob array closed under a view frees the view's memory; an owned one stays with the view. */
    @Test
    void aViewOutlivesTheClosedArrayItCameFrom() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray whole = OwnedArrays.of(m, new float[] {1.5f, 2.5f, 3.5f, 4.5f});
            NDArray view = whole.get(new NDIndex("1:3"));
            whole.close();
            GcChurn.collectAndChurn();
            assertArrayEquals(new float[] {2.5f, 3.5f}, view.toFloatArray());
        }
    }

    @Test
    void copyIntoWritesAParameterThatRequiresGradients() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray p = m.zeros(new Shape(2, 2));
            p.setRequiresGradient(true);
            OwnedArrays.copyInto(p, new float[] {1, 2, 3, 4});
            assertArrayEquals(new float[] {1, 2, 3, 4}, p.toFloatArray());
        }
    }

    @Test
    void scalarsTakeTheTypeThatAPythonNumberWouldGet() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray f32 = OwnedArrays.of(m, new float[] {1, 2});
            NDArray f64 = OwnedArrays.of(m, new double[] {1, 2});
            NDArray i64 = OwnedArrays.of(m, new long[] {3, 4});
            assertEquals(DataType.FLOAT32, ScalarOps.mul(f32, 0.1).getDataType());
            assertArrayEquals(new float[] {0.1f, 0.2f}, ScalarOps.mul(f32, 0.1).toFloatArray());
            assertArrayEquals(new double[] {0.1, 0.2}, ScalarOps.mul(f64, 0.1).toDoubleArray(), "float64 scalars are exact");
            assertEquals(DataType.INT64, ScalarOps.mul(i64, 2).getDataType());
            assertArrayEquals(new long[] {6, 8}, ScalarOps.mul(i64, 2).toLongArray());
            assertEquals(DataType.FLOAT32, ScalarOps.mul(i64, 0.5).getDataType());
            assertArrayEquals(new float[] {1.5f, 2f}, ScalarOps.mul(i64, 0.5).toFloatArray());
            assertArrayEquals(new float[] {-1, -3}, ScalarOps.rsub(1, ScalarOps.mul(f32, 2)).toFloatArray());
            assertArrayEquals(new float[] {2, 1}, ScalarOps.rdiv(2, f32).toFloatArray());
            assertArrayEquals(new boolean[] {false, true}, ScalarOps.gt(f32, 1).toBooleanArray());
            assertEquals(new Shape(), OwnedArrays.scalar(m, 3f).getShape());
            assertEquals(DataType.INT64, OwnedArrays.scalar(m, 3, DataType.INT64).getDataType());
        }
    }

    @Test
    void setStoresInTheArraysType() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray i64 = OwnedArrays.of(m, new long[] {3, 4, 5});
            ScalarOps.set(i64, new NDIndex("1:"), 2.7);
            assertArrayEquals(new long[] {3, 2, 2}, i64.toLongArray(), "truncated toward zero, as torch stores 2.7 in an int tensor");
            NDArray f32 = OwnedArrays.of(m, new float[] {1, 2});
            ScalarOps.set(f32, new NDIndex("0"), 0.25);
            assertArrayEquals(new float[] {0.25f, 2}, f32.toFloatArray());
        }
    }

    @Test
    void badInputIsRejectedWithTheArgumentAndTheValues() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals("data must hold 6 float32 values for shape (2, 3), got 4",
                    assertThrows(IllegalArgumentException.class, () -> OwnedArrays.of(m, new float[4], new Shape(2, 3))).getMessage());
            assertEquals("rows must all have 2 values, row 1 has 3",
                    assertThrows(IllegalArgumentException.class, () -> OwnedArrays.of(m, new float[][] {{1, 2}, {1, 2, 3}})).getMessage());
            assertEquals("data must be a ByteBuffer or the buffer type of float64, got HeapFloatBuffer",
                    assertThrows(IllegalArgumentException.class, () -> OwnedArrays.of(m, FloatBuffer.allocate(2), new Shape(2), DataType.FLOAT64)).getMessage());
            assertEquals("value must be an integer for an integer scalar, got 2.5",
                    assertThrows(IllegalArgumentException.class, () -> OwnedArrays.scalar(m, 2.5, DataType.INT64)).getMessage());
            NDArray ints = m.zeros(new Shape(2), DataType.INT32);
            assertEquals("target must be a float32 array of at least one dimension with 2 values, got int32 (2)",
                    assertThrows(IllegalArgumentException.class, () -> OwnedArrays.copyInto(ints, new float[2])).getMessage());
        }
    }
}
