package dev.sslheads.ndarray;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.function.Consumer;

/**
 * The one way the toolkit makes arrays from host data and from Java numbers: every array it returns
 * keeps its values in storage that libtorch allocated and owns, so closing its Java wrapper, a
 * scope closing it, or a garbage collection can never free memory that an autograd graph or a view
 * still reads.
 *
 * <p>Why not DJL's own factories: in DJL 0.35.1 and 0.36.0, {@code NDManager.create(Number |
 * float[] | ... | Buffer)} and {@code NDArray.set(Buffer | float[] | ...)} wrap a direct
 * {@code ByteBuffer} with {@code torch::from_blob} on the CPU; only the Java {@code PtNDArray} keeps
 * that buffer alive and {@code close()} drops it. DJL's scalar overloads ({@code mul(Number)},
 * {@code div(Number)}, ...) make such a scalar and close it right after the op, while autograd keeps
 * the tensor (a {@code MulBackward} saves its {@code other}), so a collection before
 * {@code backward()} hands the backward pass freed memory. DJL 0.36.0 has the same code. Here the
 * host values are copied into an empty libtorch tensor through its direct view (CPU) or staged on
 * the CPU that way and copied to the device, and scalars come from {@code torch::full}. The test
 * {@code GcSafeArraysRuleTest} fails the build if code outside this class makes arrays the other way,
 * or calls an {@code NDArray} method that takes a {@code Number} (use {@link ScalarOps}).
 *
 * <p>Java code of a user that calls DJL directly meets the same pitfall: make arrays from host data
 * with {@code OwnedArrays.of(...)} and combine arrays with numbers through {@link ScalarOps}.
 */
public final class OwnedArrays {
    private OwnedArrays() {}

    /** {@code data} as a {@code shape} float32 array on {@code manager}'s device. */
    public static NDArray of(NDManager manager, float[] data, Shape shape) {
        return of(manager, FloatBuffer.wrap(data), shape, DataType.FLOAT32);
    }

    /** {@code data} as a float32 vector {@code (n)}. */
    public static NDArray of(NDManager manager, float[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** A float32 matrix {@code (rows, cols)} from rectangular {@code rows}. */
    public static NDArray of(NDManager manager, float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        FloatBuffer flat = FloatBuffer.allocate(rows.length * cols);
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("rows must all have " + cols + " values, row " + i + " has " + rows[i].length);
            }
            flat.put(rows[i]);
        }
        return of(manager, flat.flip(), new Shape(rows.length, cols), DataType.FLOAT32);
    }

    /** {@code data} as a {@code shape} float64 array. */
    public static NDArray of(NDManager manager, double[] data, Shape shape) {
        return of(manager, DoubleBuffer.wrap(data), shape, DataType.FLOAT64);
    }

    /** {@code data} as a float64 vector {@code (n)}. */
    public static NDArray of(NDManager manager, double[] data) {
        return of(manager, data, new Shape(data.length));
    }

    /** {@code data} as an int64 vector {@code (n)} (indices, orders, labels). */
    public static NDArray of(NDManager manager, long[] data) {
        return of(manager, LongBuffer.wrap(data), new Shape(data.length), DataType.INT64);
    }

    /** {@code data} as an int32 vector {@code (n)}. */
    public static NDArray of(NDManager manager, int[] data) {
        return of(manager, IntBuffer.wrap(data), new Shape(data.length), DataType.INT32);
    }

    /** {@code data} as a boolean vector {@code (n)}. */
    public static NDArray of(NDManager manager, boolean[] data) {
        ByteBuffer bytes = ByteBuffer.allocate(data.length);
        for (boolean value : data) {
            bytes.put((byte) (value ? 1 : 0));
        }
        return of(manager, bytes.flip(), new Shape(data.length), DataType.BOOLEAN);
    }

    /**
     * {@code data}'s remaining elements (of {@code type}; a {@code ByteBuffer} holds raw bytes in
     * native order) as a {@code shape} array on {@code manager}'s device, in storage libtorch owns.
     */
    public static NDArray of(NDManager manager, Buffer data, Shape shape, DataType type) {
        checkBufferType(data, type);
        long expected = shape.size();
        long actual = data instanceof ByteBuffer ? data.remaining() / type.getNumOfBytes() : data.remaining();
        if (expected != actual) {
            throw new IllegalArgumentException("data must hold " + expected + " " + type + " values for shape " + shape + ", got " + actual);
        }
        return written(manager, shape, type, view -> copy(data, view));
    }

    /**
     * A {@code shape} array of {@code type} on {@code manager}'s device whose bytes {@code writer}
     * writes (native order) into the direct view of fresh libtorch storage on the CPU; on another
     * device that CPU array is copied there. For bulk sources that are not a Java {@code Buffer}
     * (a guest's buffer, read in chunks). {@code writer} is not called for an empty shape.
     */
    public static NDArray written(NDManager manager, Shape shape, DataType type, Consumer<ByteBuffer> writer) {
        Device device = manager.getDevice();
        if (device.equals(Device.cpu())) {
            return write(manager.create(shape, type), writer);
        }
        try (NDManager staging = manager.newSubManager(Device.cpu())) {
            NDArray onDevice = write(staging.create(shape, type), writer).toDevice(device, false);
            onDevice.attach(manager); // DJL puts the copy in a sub-manager of the staging one, which closes here
            return onDevice;
        }
    }

    /** Copies {@code data} into {@code target} in place (float32, same element count, any device; no gradient). */
    public static void copyInto(NDArray target, float[] data) {
        if (target.getDataType() != DataType.FLOAT32 || target.size() != data.length || target.getShape().dimension() == 0) {
            throw new IllegalArgumentException("target must be a float32 array of at least one dimension with " + data.length
                    + " values, got " + target.getDataType() + " " + target.getShape());
        }
        // through a detached view, so a parameter that requires gradients takes the values too
        try (NDArray values = of(target.getManager(), data, target.getShape()); NDArray view = target.stopGradient()) {
            view.set(new NDIndex(":"), values);
        }
    }

    /**
     * A 0-dimensional {@code type} array of {@code value} on {@code manager}'s device. float32 and
     * smaller types come from {@code torch::full} (exact for them); float64, int32 and int64 are
     * copied from the host so every value stays exact.
     */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        return switch (type) {
            case FLOAT64 -> of(manager, DoubleBuffer.wrap(new double[] {value}), new Shape(), type);
            case INT64 -> of(manager, LongBuffer.wrap(new long[] {exactLong(value)}), new Shape(), type);
            case INT32 -> of(manager, IntBuffer.wrap(new int[] {Math.toIntExact(exactLong(value))}), new Shape(), type);
            default -> manager.full(new Shape(), (float) value, type);
        };
    }

    /** A 0-dimensional float32 {@code value}. */
    public static NDArray scalar(NDManager manager, float value) {
        return manager.full(new Shape(), value, DataType.FLOAT32);
    }

    /**
     * {@code value} as a 0-dimensional array on {@code like}'s manager and device that combines
     * with {@code like} the way a Python number combines with a torch tensor: {@code like}'s type
     * when it is floating point; for integer and boolean arrays int64 when {@code value} is
     * integral (the result keeps {@code like}'s type), float32 otherwise.
     */
    public static NDArray scalarLike(NDArray like, double value) {
        DataType type = like.getDataType();
        if (!type.isFloating()) {
            type = value == Math.rint(value) && !Double.isInfinite(value) ? DataType.INT64 : DataType.FLOAT32;
        }
        return scalar(like.getManager(), value, type);
    }

    private static long exactLong(double value) {
        long asLong = (long) value;
        if (asLong != value) {
            throw new IllegalArgumentException("value must be an integer for an integer scalar, got " + value);
        }
        return asLong;
    }

    private static void checkBufferType(Buffer data, DataType type) {
        boolean matches = switch (data) {
            case ByteBuffer b -> true;
            case FloatBuffer f -> type == DataType.FLOAT32;
            case DoubleBuffer d -> type == DataType.FLOAT64;
            case LongBuffer l -> type == DataType.INT64;
            case IntBuffer i -> type == DataType.INT32;
            default -> false;
        };
        if (!matches) {
            throw new IllegalArgumentException("data must be a ByteBuffer or the buffer type of " + type + ", got "
                    + data.getClass().getSimpleName());
        }
    }

    /** Lets {@code writer} fill the fresh CPU array {@code out} through its direct view. */
    private static NDArray write(NDArray out, Consumer<ByteBuffer> writer) {
        if (out.size() > 0) {
            writer.accept(out.toByteBuffer(true).order(ByteOrder.nativeOrder()));
        }
        return out;
    }

    /** Copies {@code data}'s remaining elements into {@code view} (checkBufferType admitted their type). */
    private static void copy(Buffer data, ByteBuffer view) {
        switch (data.duplicate()) {
            case ByteBuffer b -> view.put(b);
            case FloatBuffer f -> view.asFloatBuffer().put(f);
            case DoubleBuffer d -> view.asDoubleBuffer().put(d);
            case LongBuffer l -> view.asLongBuffer().put(l);
            case IntBuffer i -> view.asIntBuffer().put(i);
            default -> throw new AssertionError(data.getClass()); // checkBufferType admits only the cases above
        }
    }
}
