package dev.sslheads.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Argument checks that throw {@link IllegalArgumentException} naming the argument, the expected and the actual value. */
public final class Checks {
    private Checks() {}

    /** Requires {@code x} to be a 2-D array; returns its shape. */
    public static Shape matrix(String name, NDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + " must be a 2-D array (B, D), got null");
        }
        Shape shape = x.getShape();
        if (shape.dimension() != 2) {
            throw new IllegalArgumentException(name + " must be a 2-D array (B, D), got shape " + shape);
        }
        return shape;
    }

    /** Requires a 2-D array whose second dimension is {@code cols}. */
    public static Shape matrixWithColumns(String name, NDArray x, long cols) {
        Shape shape = matrix(name, x);
        if (shape.get(1) != cols) {
            throw new IllegalArgumentException(name + " must have " + cols + " columns, got shape " + shape);
        }
        return shape;
    }

    /** Requires every element of {@code x} to be finite (one scalar read back from the device). */
    public static void finite(String name, NDArray x) {
        boolean bad;
        try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
            bad = x.isNaN().logicalOr(x.isInfinite()).any().getBoolean();
        }
        if (bad) {
            throw new IllegalArgumentException(name + " must contain only finite values, got NaN or Inf");
        }
    }

    /**
     * Requires every element of {@code first} and {@code second} to be finite, reading one scalar
     * back from the device: the sum of their largest magnitudes is NaN or infinite whenever an
     * element is (or, rarely, when both hold values near the float limit; the exact per-argument
     * check then decides and names the offending argument).
     */
    public static void finite(String firstName, NDArray first, String secondName, NDArray second) {
        boolean suspect;
        try (ai.djl.ndarray.NDScope ignored = new ai.djl.ndarray.NDScope()) {
            NDArray total = first.abs().max().add(second.abs().max());
            suspect = total.isNaN().logicalOr(total.isInfinite()).getBoolean();
        }
        if (suspect) {
            finite(firstName, first);
            finite(secondName, second);
        }
    }

    /** Requires {@code value} to lie in [lo, hi]. */
    public static double inRange(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + value);
        }
        return value;
    }

    /** Requires {@code value > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + value);
        }
        return value;
    }

    /** Requires {@code value >= min}. */
    public static int atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
        return value;
    }
}
