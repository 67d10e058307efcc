package dev.sslheads.anndata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sparse selections, conversions and stacking agree with the same operations on the dense matrix. */
class SparseMatrixTest {
    private static DenseArray randomDense(Random random, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() < 0.3 ? random.nextInt(9) + 1 : 0;
        }
        return DenseArray.of(v, rows, cols);
    }

    private static SparseMatrix toCsr(DenseArray dense) {
        int rows = dense.rows();
        int cols = dense.rowLength();
        long[] ptr = new long[rows + 1];
        List<Integer> idx = new java.util.ArrayList<>();
        List<Float> val = new java.util.ArrayList<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float v = (float) dense.getDouble(r * cols + c);
                if (v != 0) {
                    idx.add(c);
                    val.add(v);
                }
            }
            ptr[r + 1] = idx.size();
        }
        float[] data = new float[val.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = val.get(i);
        }
        return SparseMatrix.csr(rows, cols, ptr, idx.stream().mapToInt(Integer::intValue).toArray(), data);
    }

    @Test
    void selectionsMatchDense() {
        Random random = new Random(7);
        DenseArray dense = randomDense(random, 9, 6);
        SparseMatrix csr = toCsr(dense);
        SparseMatrix csc = csr.toFormat(SparseMatrix.Format.CSC);
        assertArrayEquals(dense.toFloatArray(), csc.toFloatArray());
        int[] rows = {8, 0, 3, 3};
        int[] cols = {5, 1, 1, 0};
        for (SparseMatrix m : List.of(csr, csc)) {
            assertArrayEquals(dense.selectRows(rows).toFloatArray(), m.selectRows(rows).toFloatArray());
            assertArrayEquals(dense.selectColumns(cols).toFloatArray(), m.selectColumns(cols).toFloatArray());
            assertArrayEquals(dense.selectRows(rows).selectColumns(cols).toFloatArray(),
                    m.selectRows(rows).selectColumns(cols).toFloatArray());
        }
        SparseMatrix stacked = SparseMatrix.concatRows(List.of(csr, csc));
        assertArrayEquals(DenseArray.concatRows(List.of(dense, dense)).toFloatArray(), stacked.toFloatArray());
    }

    @Test
    void inconsistentPartsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparseMatrix.csr(2, 3, new long[] {0, 1, 2}, new int[] {0, 3}, new float[] {1, 2}));
        assertEquals("CSR indices[1] = 3 is out of range [0, 3)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SparseMatrix.csr(2, 3, new long[] {0, 1}, new int[] {0}, new float[] {1}));
        assertEquals("CSR indptr must have length 3 for shape (2, 3), got 2", e.getMessage());
    }
}
