package dev.sslheads.testing;

import static org.junit.jupiter.api.Assertions.fail;

import ai.djl.ndarray.NDArray;

/** Element-wise comparison with |a - e| <= atol + rtol * |e|, reporting the worst element. */
public final class Approx {
    private Approx() {}

    public static void assertClose(String what, float[] expected, float[] actual, double atol, double rtol) {
        if (expected.length != actual.length) {
            fail(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
            if (!(excess <= 0) && (worstAt < 0 || !(excess <= worst))) {
                worst = excess;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            fail(what + ": element " + worstAt + " is " + actual[worstAt] + ", expected " + expected[worstAt]
                    + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }

    public static void assertClose(String what, float[][] expected, NDArray actual, double atol, double rtol) {
        assertClose(what, flatten(expected), actual.toFloatArray(), atol, rtol);
    }

    public static void assertClose(String what, double expected, double actual, double atol, double rtol) {
        if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
            fail(what + ": got " + actual + ", expected " + expected + " (atol " + atol + ", rtol " + rtol + ")");
        }
    }

    public static float[] flatten(float[][] rows) {
        int n = 0;
        for (float[] r : rows) {
            n += r.length;
        }
        float[] flat = new float[n];
        int at = 0;
        for (float[] r : rows) {
            System.arraycopy(r, 0, flat, at, r.length);
            at += r.length;
        }
        return flat;
    }
}
