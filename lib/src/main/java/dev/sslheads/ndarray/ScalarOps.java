package dev.sslheads.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.function.UnaryOperator;

/**
 * An array combined with a Java number, GC-safe: the number becomes a 0-dimensional array from
 * {@link OwnedArrays#scalarLike} (libtorch owns its storage, so autograd may keep it after it is
 * closed here), never DJL's {@code mul(Number)} and friends, whose from_blob scalar a collection
 * frees under the backward pass. Results follow PyTorch's rules for a tensor and a Python number
 * ({@code x * 0.5} stays float32 for a float32 {@code x}). Shapes: {@code x} any, the result
 * {@code x}'s shape.
 */
public final class ScalarOps {
    private ScalarOps() {}

    /** {@code op(scalar)} with {@code value} as {@code x}'s scalar, closed once {@code op} has returned. */
    private static NDArray withScalar(NDArray x, double value, UnaryOperator<NDArray> op) {
        try (NDArray scalar = OwnedArrays.scalarLike(x, value)) {
            return op.apply(scalar);
        }
    }

    /** {@code x + value}. */
    public static NDArray add(NDArray x, double value) {
        return withScalar(x, value, x::add);
    }

    /** {@code x - value}. */
    public static NDArray sub(NDArray x, double value) {
        return withScalar(x, value, x::sub);
    }

    /** {@code value - x}. */
    public static NDArray rsub(double value, NDArray x) {
        return withScalar(x, value, s -> s.sub(x));
    }

    /** {@code x * value}. */
    public static NDArray mul(NDArray x, double value) {
        return withScalar(x, value, x::mul);
    }

    /** {@code x / value}. */
    public static NDArray div(NDArray x, double value) {
        return withScalar(x, value, x::div);
    }

    /** {@code value / x}. */
    public static NDArray rdiv(double value, NDArray x) {
        return withScalar(x, value, s -> s.div(x));
    }

    /** {@code x ** exponent}. */
    public static NDArray pow(NDArray x, double exponent) {
        return withScalar(x, exponent, x::pow);
    }

    /** Elementwise {@code max(x, value)}. */
    public static NDArray maximum(NDArray x, double value) {
        return withScalar(x, value, x::maximum);
    }

    /** Elementwise {@code min(x, value)}. */
    public static NDArray minimum(NDArray x, double value) {
        return withScalar(x, value, x::minimum);
    }

    /** {@code x > value} (boolean). */
    public static NDArray gt(NDArray x, double value) {
        return withScalar(x, value, x::gt);
    }

    /** {@code x >= value} (boolean). */
    public static NDArray gte(NDArray x, double value) {
        return withScalar(x, value, x::gte);
    }

    /** {@code x < value} (boolean). */
    public static NDArray lt(NDArray x, double value) {
        return withScalar(x, value, x::lt);
    }

    /** {@code x <= value} (boolean). */
    public static NDArray lte(NDArray x, double value) {
        return withScalar(x, value, x::lte);
    }

    /** {@code x == value} (boolean). */
    public static NDArray eq(NDArray x, double value) {
        return withScalar(x, value, x::eq);
    }

    /** {@code x != value} (boolean). */
    public static NDArray neq(NDArray x, double value) {
        return withScalar(x, value, x::neq);
    }

    /** {@code x += value} in place; returns {@code x}. */
    public static NDArray addi(NDArray x, double value) {
        return withScalar(x, value, x::addi);
    }

    /** {@code x -= value} in place; returns {@code x}. */
    public static NDArray subi(NDArray x, double value) {
        return withScalar(x, value, x::subi);
    }

    /** {@code x *= value} in place; returns {@code x}. */
    public static NDArray muli(NDArray x, double value) {
        return withScalar(x, value, x::muli);
    }

    /** {@code x /= value} in place; returns {@code x}. */
    public static NDArray divi(NDArray x, double value) {
        return withScalar(x, value, x::divi);
    }

    /**
     * {@code x[index] = value} in place (no gradient through it), stored in {@code x}'s type as
     * PyTorch does: truncated toward zero for integer types, nonzero is true for booleans.
     */
    public static void set(NDArray x, NDIndex index, double value) {
        DataType type = x.getDataType();
        double stored = type.isFloating() || type == DataType.BOOLEAN ? value : (double) (long) value;
        try (NDArray s = OwnedArrays.scalar(x.getManager(), stored, type)) {
            x.set(index, s);
        }
    }
}
