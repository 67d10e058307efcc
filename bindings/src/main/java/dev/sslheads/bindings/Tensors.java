package dev.sslheads.bindings;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.runtime.Devices;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;
import org.graalvm.polyglot.Value;

/**
 * Creates {@link HostTensor}s for guests on the toolkit's device ({@link Devices#resolve()}).
 * Data crosses the boundary in bulk: a guest buffer ({@code array.array}, {@code memoryview},
 * a JS typed array's {@code ArrayBuffer}) is read with one copy, never element by element.
 */
public final class Tensors {
    private static NDManager manager;

    private Tensors() {}

    /** The manager that owns guest tensors (on the toolkit's device). */
    public static synchronized NDManager manager() {
        if (manager == null) {
            manager = NDManager.newBaseManager(Devices.resolve());
        }
        return manager;
    }

    public static Device device() {
        return manager().getDevice();
    }

    /** Seeds the engine's random generator (randn, rand, dropout-style augmentations, module init). */
    public static void manualSeed(long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
    }

    /**
     * A tensor from a guest buffer holding {@code shape}'s elements of {@code dtype} in native
     * byte order (what {@code array.array} and typed arrays hold).
     */
    public static HostTensor fromBuffer(Value buffer, long[] shape, String dtype) {
        if (buffer == null || !buffer.hasBufferElements()) {
            throw new GuestTypeException("data must be a buffer (array.array, memoryview, bytes, or a typed array's buffer), got "
                    + (buffer == null ? "null" : buffer.toString()));
        }
        DataType type = dataType(dtype);
        Shape s = shapeOf(shape);
        long expected = s.size() * type.getNumOfBytes();
        long actual = buffer.getBufferSize();
        if (expected != actual) {
            throw new IllegalArgumentException("data must hold " + s.size() + " " + dtype + " values (" + expected
                    + " bytes) for shape " + Arrays.toString(shape) + ", got " + actual + " bytes");
        }
        return HostTensor.own(OwnedArrays.written(manager(), s, type, view -> copyInto(view, buffer)));
    }

    /** Bytes per {@code Value.readBuffer} call: a cache-sized chunk, so the copy streams through the cache. */
    private static final int CHUNK_BYTES = 1 << 18;

    /**
     * Copies the guest buffer into {@code view} (a fresh tensor's direct view, same byte size), in
     * chunks: no buffer of the whole size is allocated on the Java heap or off it. GraalPy 25.0 checks
     * {@code byteOffset + destination.length} (not {@code + length}) against the buffer size, so
     * every read fills the whole chunk array and the last one is aligned to the buffer's end.
     */
    private static void copyInto(ByteBuffer view, Value buffer) {
        long size = buffer.getBufferSize();
        int chunk = (int) Math.min(CHUNK_BYTES, size);
        byte[] bytes = new byte[chunk];
        for (long offset = 0; offset < size; offset += chunk) {
            long start = Math.min(offset, size - chunk);
            buffer.readBuffer(start, bytes, 0, chunk);
            view.put(bytes, (int) (offset - start), chunk - (int) (offset - start));
        }
    }

    /** A tensor from row-major values (the slow path for small literals). */
    public static HostTensor fromDoubles(double[] values, long[] shape, String dtype) {
        if (values == null) {
            throw new GuestTypeException("values must be a list of numbers, got None");
        }
        Shape s = shapeOf(shape);
        if (s.size() != values.length) {
            throw new IllegalArgumentException("values must hold " + s.size() + " numbers for shape " + Arrays.toString(shape) + ", got " + values.length);
        }
        DataType type = dataType(dtype);
        NDArray doubles = OwnedArrays.of(manager(), values, s);
        if (type == DataType.FLOAT64) {
            return HostTensor.own(doubles);
        }
        try (doubles) {
            return HostTensor.own(doubles.toType(type, false));
        }
    }

    public static HostTensor zeros(long[] shape, String dtype) {
        return HostTensor.own(manager().zeros(shapeOf(shape), dataType(dtype)));
    }

    public static HostTensor ones(long[] shape, String dtype) {
        return HostTensor.own(manager().ones(shapeOf(shape), dataType(dtype)));
    }

    public static HostTensor full(long[] shape, double value, String dtype) {
        return HostTensor.compute(() -> manager().full(shapeOf(shape), (float) value).toType(dataType(dtype), false));
    }

    /** Standard normal values. */
    public static HostTensor randn(long[] shape) {
        return HostTensor.own(manager().randomNormal(shapeOf(shape)));
    }

    /** Uniform values in [0, 1). */
    public static HostTensor rand(long[] shape) {
        return HostTensor.own(manager().randomUniform(0f, 1f, shapeOf(shape)));
    }

    /** Integers in [low, high). */
    public static HostTensor randint(long low, long high, long[] shape) {
        return HostTensor.own(manager().randomInteger(low, high, shapeOf(shape), DataType.INT64));
    }

    /** 0, 1, ..., n-1 as int64. */
    public static HostTensor arange(long n) {
        return HostTensor.own(manager().arange(0L, n, 1L, DataType.INT64));
    }

    static Shape shapeOf(long[] shape) {
        if (shape == null) {
            throw new GuestTypeException("shape must be a sequence of ints, got None");
        }
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape must have non-negative sizes, got " + Arrays.toString(shape));
            }
        }
        return new Shape(shape);
    }

    /** DJL's type for a numpy-style name (float32, float64, int64, int32, int8, uint8, bool, float16). */
    public static DataType dataType(String name) {
        if (name == null) {
            throw new GuestTypeException("dtype must be a string such as 'float32', got None");
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "float32", "float" -> DataType.FLOAT32;
            case "float64", "double" -> DataType.FLOAT64;
            case "float16", "half" -> DataType.FLOAT16;
            case "int64", "long" -> DataType.INT64;
            case "int32", "int" -> DataType.INT32;
            case "int8" -> DataType.INT8;
            case "uint8" -> DataType.UINT8;
            case "bool", "boolean" -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("dtype must be one of float32, float64, float16, int64, int32, int8, uint8, bool; got '" + name + "'");
        };
    }

    /** The numpy-style name of a DJL type. */
    public static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT32 -> "float32";
            case FLOAT64 -> "float64";
            case FLOAT16 -> "float16";
            case INT64 -> "int64";
            case INT32 -> "int32";
            case INT8 -> "int8";
            case UINT8 -> "uint8";
            case BOOLEAN -> "bool";
            default -> type.toString().toLowerCase(Locale.ROOT);
        };
    }
}
