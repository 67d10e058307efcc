package dev.sslheads.stablepretraining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.util.Checks;

/**
 * The SwAV queue of stable-pretraining's functional forward (an {@code OnlineQueue} over an
 * {@code UnsortedQueue}, heads-spec §4.2): a ring buffer of {@code capacity} detached projection
 * rows. Appending writes at the pointer and wraps around, overwriting the oldest rows;
 * {@link #contents()} returns the rows written so far in storage order (all {@code capacity} rows
 * once the buffer has wrapped), so a partly filled queue is usable.
 *
 * <p>The buffer lives on its manager's device; the pointer and fill state are host integers
 * derived from shapes only, so appending reads nothing back from the device.
 */
public final class ProjectionQueue implements AutoCloseable {
    private final int capacity;
    private final NDArray buffer;
    private int pointer;
    private boolean filled;

    /**
     * @param manager owner of the {@code (capacity, dim)} float32 buffer (zeros), and its device
     * @param capacity rows kept, >= 1 (the reference's {@code queue_length}; 3840 in its benchmark)
     * @param dim projection size, >= 1
     */
    public ProjectionQueue(NDManager manager, int capacity, int dim) {
        Checks.atLeast("capacity", capacity, 1);
        Checks.atLeast("dim", dim, 1);
        this.capacity = capacity;
        this.buffer = manager.zeros(new Shape(capacity, dim), DataType.FLOAT32);
    }

    public int capacity() {
        return capacity;
    }

    public long dim() {
        return buffer.getShape().get(1);
    }

    /** Rows currently held: the number appended, at most {@link #capacity()}. */
    public int size() {
        return filled ? capacity : pointer;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Appends {@code rows} {@code (n, dim)} without gradient, n <= capacity (the reference fails
     * on a larger batch), wrapping around at the end like {@code UnsortedQueue.append}.
     */
    public void append(NDArray rows) {
        Shape shape = Checks.matrixWithColumns("rows", rows, dim());
        if (shape.get(0) > capacity) {
            throw new IllegalArgumentException("rows must have at most capacity=" + capacity + " rows, got " + shape.get(0));
        }
        SwavLoss.requireSameDevice(buffer, "rows", rows);
        int n = (int) shape.get(0);
        int start = pointer;
        boolean wraps = start + n >= capacity;
        dev.sslheads.util.Scopes.run(() -> {
            NDArray data = rows.stopGradient().toType(DataType.FLOAT32, false);
            if (!wraps) {
                buffer.set(new NDIndex("{}:{}", start, start + n), data);
                return;
            }
            int remaining = capacity - start;
            buffer.set(new NDIndex("{}:", start), data.get("0:{}", remaining));
            if (n > remaining) {
                buffer.set(new NDIndex("0:{}", n - remaining), data.get("{}:", remaining));
            }
        });
        pointer = wraps ? n - (capacity - start) : start + n;
        filled |= wraps;
    }

    /** The held rows {@code (size(), dim)}, a copy in storage order; {@code (0, dim)} when empty. */
    public NDArray contents() {
        return buffer.get("0:{}", size()).duplicate();
    }

    /** Empties the queue (the buffer keeps its values until overwritten, as in the reference). */
    public void clear() {
        pointer = 0;
        filled = false;
    }

    @Override
    public void close() {
        buffer.close();
    }

    @Override
    public String toString() {
        return "ProjectionQueue(capacity=" + capacity + ", dim=" + dim() + ", size=" + size() + ")";
    }
}
