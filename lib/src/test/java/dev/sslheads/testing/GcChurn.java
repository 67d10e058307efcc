package dev.sslheads.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What breaks an array whose storage only a Java buffer keeps alive (issue 9): a full collection,
 * so the JDK frees every unreachable direct buffer, then a few thousand small direct buffers filled
 * with a marker value, so the freed blocks are handed out again and overwritten. A backward pass
 * that reads a freed scalar then reads the marker instead of the scalar.
 *
 * <p>The buffers are held until the next call, so they still occupy the reused memory while the
 * caller runs its backward pass. Used by the Java tests and, through {@code java.type}, by the
 * GraalPy and GraalJS ones.
 */
public final class GcChurn {
    /** How many buffers one churn allocates, of 4 to 512 bytes (the sizes of DJL's scalars and small arrays). */
    static final int BUFFERS = 4096;
    /** Written over the reused memory: far from any value a gradient in these tests takes. */
    public static final float MARKER = 12345.678f;

    private static List<ByteBuffer> held = List.of();

    private GcChurn() {}

    /** A full collection (twice, with the reference handler given time to free), then the churn. */
    public static synchronized void collectAndChurn() {
        held = List.of();
        for (int round = 0; round < 2; round++) {
            System.gc();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        List<ByteBuffer> buffers = new ArrayList<>(BUFFERS);
        for (int i = 0; i < BUFFERS; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4 << (i % 8)).order(ByteOrder.nativeOrder());
            while (buffer.remaining() >= Float.BYTES) {
                buffer.putFloat(MARKER);
            }
            buffers.add(buffer);
        }
        held = buffers;
    }
}
