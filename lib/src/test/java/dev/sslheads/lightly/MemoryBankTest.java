package dev.sslheads.lightly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import org.junit.jupiter.api.Test;

/** lightly v1.4.19 MemoryBankModule semantics, on small hand-checked sequences. */
class MemoryBankTest {

    @Test
    void startsLazilyWithUnitColumnsAndReturnsTheBankBeforeTheUpdate() {
        try (NDManager m = NDManager.newBaseManager(); MemoryBank bank = new MemoryBank(m, 5)) {
            assertNull(bank.bank(), "no bank before the first forward");
            NDArray batch = m.arange(6f).reshape(2, 3);
            NDArray before = bank.forward(batch, true);
            assertEquals(new Shape(3, 5), before.getShape());
            Approx.assertClose("unit columns", new float[] {1, 1, 1, 1, 1}, before.norm(new int[] {0}).toFloatArray(), 1e-6, 0);
            NDArray live = bank.bank();
            Approx.assertClose("columns 0-1 hold the batch", batch.transpose().toFloatArray(), live.get(":, 0:2").toFloatArray(), 0, 0);
            Approx.assertClose("the rest is untouched", before.get(":, 2:").toFloatArray(), live.get(":, 2:").toFloatArray(), 0, 0);
            assertEquals(2, bank.pointer());
            NDArray again = bank.forward(batch.add(10f), false);
            Approx.assertClose("update=false leaves the bank", live.toFloatArray(), again.toFloatArray(), 0, 0);
            assertEquals(2, bank.pointer());
        }
    }

    @Test
    void writesOnlyUpToTheEndThenWrapsToZero() {
        try (NDManager m = NDManager.newBaseManager(); MemoryBank bank = new MemoryBank(m, 5)) {
            bank.start(m.zeros(new Shape(1, 5)));
            bank.forward(m.create(new float[] {1, 2, 3}, new Shape(3, 1)), true);
            assertEquals(3, bank.pointer());
            bank.forward(m.create(new float[] {4, 5, 6}, new Shape(3, 1)), true); // 3 + 3 >= 5: rows 4, 5 written, 6 dropped
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, bank.bank().toFloatArray());
            assertEquals(0, bank.pointer());
            bank.forward(m.create(new float[] {7, 8}, new Shape(2, 1)), true);
            assertArrayEquals(new float[] {7, 8, 3, 4, 5}, bank.bank().toFloatArray());
            bank.forward(m.create(new float[] {9, 10, 11}, new Shape(3, 1)), true); // 2 + 3 >= 5 (equal): wraps
            assertArrayEquals(new float[] {7, 8, 9, 10, 11}, bank.bank().toFloatArray());
            assertEquals(0, bank.pointer());
            bank.forward(m.create(new float[] {1, 2, 3, 4, 5, 6, 7}, new Shape(7, 1)), true); // larger than the bank
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, bank.bank().toFloatArray());
            assertEquals(0, bank.pointer());
        }
    }

    @Test
    void sizeZeroIsNoBank() {
        try (NDManager m = NDManager.newBaseManager(); MemoryBank bank = new MemoryBank(m, 0)) {
            assertNull(bank.forward(m.ones(new Shape(4, 3)), true));
            assertNull(bank.bank());
        }
    }

    @Test
    void rejectsBadInputWithoutChangingTheBank() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryBank(m, -1));
            assertTrue(e.getMessage().contains("size must be >= 0, got -1"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new MemoryBank(null, 3));
            assertTrue(e.getMessage().contains("manager must not be null"), e.getMessage());
            try (MemoryBank bank = new MemoryBank(m, 4)) {
                bank.forward(m.ones(new Shape(2, 3)), true);
                float[] before = bank.bank().toFloatArray();
                e = assertThrows(IllegalArgumentException.class, () -> bank.forward(m.ones(new Shape(2, 5)), true));
                assertTrue(e.getMessage().contains("output must have 3 columns") && e.getMessage().contains("(2, 5)"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> bank.forward(m.ones(new Shape(6)), true));
                assertTrue(e.getMessage().contains("output must be a 2-D array"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class, () -> bank.start(m.ones(new Shape(3, 7))));
                assertTrue(e.getMessage().contains("initial must have shape (dim, 4), got (3, 7)"), e.getMessage());
                assertArrayEquals(before, bank.bank().toFloatArray());
                assertEquals(2, bank.pointer());
            }
        }
    }
}
