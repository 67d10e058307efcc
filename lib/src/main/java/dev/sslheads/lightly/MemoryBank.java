package dev.sslheads.lightly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;

/**
 * lightly's {@code MemoryBankModule} as of v1.4.19 (the version fmcib pins): a ring buffer
 * {@code (dim, size)} of past embeddings, one per column.
 *
 * <ul>
 *   <li>The bank starts lazily, at the first {@link #forward}, as {@code randn(dim, size)} with
 *       every column L2-normalised (drawn from the engine's generator), pointer 0.</li>
 *   <li>{@link #forward} returns a copy of the bank taken <em>before</em> the batch is enqueued.</li>
 *   <li>Enqueueing a batch of B rows at pointer p: if {@code p + B >= size}, only the first
 *       {@code size - p} rows are written (the rest of the batch is dropped) and the pointer wraps
 *       to 0; otherwise all B rows are written and the pointer moves to {@code p + B}.</li>
 *   <li>{@code size == 0} means no bank: {@link #forward} returns null.</li>
 * </ul>
 * The bank lives on the manager's device; a forward copies nothing to the host.
 */
public final class MemoryBank implements AutoCloseable {
    private final NDManager manager;
    private final int size;
    private NDArray bank;
    private int pointer;

    /**
     * @param manager where the bank will live
     * @param size number of stored embeddings, >= 0 (0: no bank)
     */
    public MemoryBank(NDManager manager, int size) {
        if (manager == null) {
            throw new IllegalArgumentException("manager must not be null");
        }
        this.size = Checks.atLeast("size", size, 0);
        this.manager = manager.newSubManager();
    }

    public int size() {
        return size;
    }

    /** The next column to be written. */
    public int pointer() {
        return pointer;
    }

    /** The live bank {@code (dim, size)}, or null before the first forward (and always when size is 0). */
    public NDArray bank() {
        return bank;
    }

    /**
     * lightly's {@code forward(output, update)}.
     *
     * @param output {@code (B, dim)} embeddings on the bank's device (their dim fixes the bank's at the first call)
     * @param update whether to enqueue {@code output} (detached) after taking the copy
     * @return a copy {@code (dim, size)} of the bank before the update, or null when size is 0
     */
    public NDArray forward(NDArray output, boolean update) {
        Shape shape = Checks.matrix("output", output);
        if (size == 0) {
            return null;
        }
        if (!output.getDevice().equals(manager.getDevice())) {
            throw new IllegalArgumentException("output must be on the bank's device " + manager.getDevice() + ", got " + output.getDevice());
        }
        if (bank != null && shape.get(1) != bank.getShape().get(0)) {
            throw new IllegalArgumentException("output must have " + bank.getShape().get(0)
                    + " columns (the bank's dim, fixed at its first batch), got shape " + shape);
        }
        if (bank == null) {
            try (NDScope ignored = new NDScope()) {
                start(manager.randomNormal(0f, 1f, new Shape(shape.get(1), size), DataType.FLOAT32).normalize(2, 0, 1e-12));
            }
        }
        NDArray snapshot = bank.duplicate();
        if (update) {
            enqueue(output);
        }
        return snapshot;
    }

    /**
     * Replaces the bank with a copy of {@code initial} {@code (dim, size)} and resets the pointer to 0
     * (a chosen start instead of the random one, e.g. to reproduce a reference run).
     */
    public void start(NDArray initial) {
        Shape shape = Checks.matrix("initial", initial);
        if (shape.get(1) != size) {
            throw new IllegalArgumentException("initial must have shape (dim, " + size + "), got " + shape);
        }
        NDArray copy = Scopes.run(() -> initial.stopGradient().toDevice(manager.getDevice(), false).toType(DataType.FLOAT32, true));
        NDScope.unregister(copy);
        copy.attach(manager);
        if (bank != null) {
            bank.close();
        }
        bank = copy;
        pointer = 0;
    }

    private void enqueue(NDArray batch) {
        int rows = (int) batch.getShape().get(0);
        try (NDScope ignored = new NDScope()) {
            if (pointer + rows >= size) {
                int written = size - pointer;
                bank.set(new NDIndex(":, {}:", pointer), batch.stopGradient().get(new NDIndex(":{}", written)).transpose());
                pointer = 0;
            } else {
                bank.set(new NDIndex(":, {}:{}", pointer, pointer + rows), batch.stopGradient().transpose());
                pointer += rows;
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
