package dev.sslheads.bindings;

import ai.djl.ndarray.NDArray;
import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frees the native memory of tensors that guest code no longer references.
 *
 * <p>Guests have no {@code close()} discipline (Python frees by reference counting, JS by GC), so
 * each {@link HostTensor} that owns its array registers it here: when the wrapper becomes
 * unreachable, a {@link Cleaner} closes the array. The Java heap does not see native memory, so
 * after every {@value #GC_BUDGET_BYTES} bytes of new tensors a collection is requested, which
 * keeps the native footprint of a long guest training loop bounded.
 */
final class NativeReaper {
    static final long GC_BUDGET_BYTES = 256L << 20;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final AtomicLong SINCE_GC = new AtomicLong();

    private NativeReaper() {}

    /** Closes {@code array} once {@code owner} is unreachable. */
    static void register(Object owner, NDArray array) {
        CLEANER.register(owner, new CloseAction(array));
        long bytes = array.getShape().size() * array.getDataType().getNumOfBytes();
        if (SINCE_GC.addAndGet(bytes) > GC_BUDGET_BYTES) {
            SINCE_GC.set(0);
            System.gc();
        }
    }

    /**
     * Runs {@code close} once {@code owner} is unreachable (a head or module the guest dropped
     * without {@code close()}), or when the returned cleanable is cleaned, whichever comes first,
     * at most once. {@code close} must not reference {@code owner}, or it never becomes unreachable.
     */
    static Cleaner.Cleanable whenUnreachable(Object owner, Runnable close) {
        return CLEANER.register(owner, close);
    }

    /** Holds the array, never the owner, so the owner can become unreachable. */
    private record CloseAction(NDArray array) implements Runnable {
        @Override
        public void run() {
            if (!array.isReleased()) {
                array.close();
            }
        }
    }
}
