package dev.sslheads.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The regression check of issue 9: a training step computed with {@link GcChurn} between its
 * forward and backward passes must give bit-identical gradients and updated parameters to the
 * same step without it.
 */
public final class GcSafety {
    private GcSafety() {}

    /**
     * Runs {@code step} twice from scratch, once with a no-op and once with
     * {@link GcChurn#collectAndChurn} as its argument, which the step must call between forward and
     * backward, and compares the raw bytes it returns.
     *
     * @param step builds a seeded model and inputs, runs forward, the given runnable, backward and
     *     the update, and returns {@link #snapshot} of its gradients and updated parameters (the
     *     same arrays, in order, on every run)
     */
    public static void assertBitIdentical(String what, Function<Runnable, List<byte[]>> step) {
        List<byte[]> plain = step.apply(() -> {});
        List<byte[]> churned = step.apply(GcChurn::collectAndChurn);
        assertFalse(plain.isEmpty(), what + ": the step returned nothing to compare");
        assertEquals(plain.size(), churned.size(), what + ": number of arrays");
        for (int i = 0; i < plain.size(); i++) {
            if (!Arrays.equals(plain.get(i), churned.get(i))) {
                throw new AssertionError(what + ": array " + i + " differs after a collection between forward and backward ("
                        + firstDifference(plain.get(i), churned.get(i)) + ")");
            }
        }
    }

    /** The raw bytes of each array (null arrays, such as a missing gradient, are an error). */
    public static List<byte[]> snapshot(NDArray... arrays) {
        List<byte[]> out = new ArrayList<>();
        for (NDArray array : arrays) {
            out.add(array.toByteArray());
        }
        return out;
    }

    private static String firstDifference(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return a.length + " bytes against " + b.length;
        }
        for (int i = 0; i + 4 <= a.length; i += 4) {
            if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] || a[i + 3] != b[i + 3]) {
                java.nio.ByteBuffer x = java.nio.ByteBuffer.wrap(a, i, 4).order(java.nio.ByteOrder.nativeOrder());
                java.nio.ByteBuffer y = java.nio.ByteBuffer.wrap(b, i, 4).order(java.nio.ByteOrder.nativeOrder());
                return "bytes " + i + "-" + (i + 3) + ": " + x.getFloat() + " without, " + y.getFloat() + " with, as float32";
            }
        }
        return "differs";
    }
}
