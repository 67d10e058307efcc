package dev.sslheads.anndata;

import java.util.Arrays;
import java.util.List;

/**
 * A dense, row-major array of any rank and {@link DType}, held in one Java primitive array (see
 * {@link DType} for which). AnnData's dense {@code X} is {@code (n_obs, n_vars)}, an {@code obsm}
 * entry such as {@code "spatial"} {@code (n_obs, 2)}, an {@code uns} image {@code (h, w, 3)}.
 *
 * <p>Sizes are limited to {@code Integer.MAX_VALUE} elements (a Java array).
 */
public final class DenseArray implements Matrix {
    private final DType dtype;
    private final long[] shape;
    private final Object storage;

    private DenseArray(DType dtype, Object storage, long[] shape) {
        this.dtype = dtype;
        this.storage = storage;
        this.shape = shape;
    }

    /**
     * Wraps {@code storage} (not copied) as an array of {@code dtype} and {@code shape}.
     *
     * @throws IllegalArgumentException if the storage is not {@code dtype}'s primitive array or its
     *     length is not the product of {@code shape}
     */
    public static DenseArray wrap(DType dtype, Object storage, long... shape) {
        if (!dtype.accepts(storage)) {
            throw new IllegalArgumentException("storage for dtype " + dtype.numpyName() + " must be a "
                    + dtype.newStorage(0).getClass().getSimpleName() + ", got "
                    + (storage == null ? "null" : storage.getClass().getSimpleName()));
        }
        long size = sizeOf(shape);
        int length = java.lang.reflect.Array.getLength(storage);
        if (size != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, but the storage has " + length);
        }
        return new DenseArray(dtype, storage, shape.clone());
    }

    /** A zeroed array. */
    public static DenseArray zeros(DType dtype, long... shape) {
        return new DenseArray(dtype, dtype.newStorage(checkedSize(shape)), shape.clone());
    }

    public static DenseArray of(float[] values, long... shape) {
        return wrap(DType.FLOAT32, values, shape);
    }

    public static DenseArray of(double[] values, long... shape) {
        return wrap(DType.FLOAT64, values, shape);
    }

    public static DenseArray of(int[] values, long... shape) {
        return wrap(DType.INT32, values, shape);
    }

    public static DenseArray of(long[] values, long... shape) {
        return wrap(DType.INT64, values, shape);
    }

    /** A bool array (stored as bytes 0/1). */
    public static DenseArray of(boolean[] values, long... shape) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return wrap(DType.BOOL, bytes, shape);
    }

    /** A {@code (rows.length, width)} float64 array from rows of equal length. */
    public static DenseArray ofRows(double[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[Math.multiplyExact(rows.length, width)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("rows[" + i + "] must have length " + width + " like rows[0], got " + rows[i].length);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return of(flat, rows.length, width);
    }

    @Override
    public DType dtype() {
        return dtype;
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** The number of axes (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int size() {
        return java.lang.reflect.Array.getLength(storage);
    }

    @Override
    public int rows() {
        if (shape.length == 0) {
            throw new IllegalStateException("a scalar array has no rows");
        }
        return (int) shape[0];
    }

    /** Elements per row: the product of every axis but the first. */
    public int rowLength() {
        return shape.length == 0 ? 1 : (int) sizeOf(Arrays.copyOfRange(shape, 1, shape.length));
    }

    /**
     * The primitive array holding the elements (see {@link DType}), not a copy: writes to it change
     * this array. For bulk transfers (files, tensors) without per-element calls.
     */
    public Object storage() {
        return storage;
    }

    /** Element {@code i} (row-major flat index) as a double; unsigned types are read unsigned. */
    public double getDouble(int i) {
        return switch (storage) {
            case float[] a -> a[i];
            case double[] a -> a[i];
            case byte[] a -> dtype == DType.UINT8 ? Byte.toUnsignedInt(a[i]) : a[i];
            case short[] a -> dtype == DType.UINT16 ? Short.toUnsignedInt(a[i]) : a[i];
            case int[] a -> dtype == DType.UINT32 ? Integer.toUnsignedLong(a[i]) : a[i];
            case long[] a -> dtype == DType.UINT64 ? unsignedToDouble(a[i]) : a[i];
            default -> throw new IllegalStateException("unknown storage " + storage.getClass());
        };
    }

    /** Element {@code i} as a long (floats truncated toward zero). */
    public long getLong(int i) {
        return switch (storage) {
            case float[] a -> (long) a[i];
            case double[] a -> (long) a[i];
            case byte[] a -> dtype == DType.UINT8 ? Byte.toUnsignedInt(a[i]) : a[i];
            case short[] a -> dtype == DType.UINT16 ? Short.toUnsignedInt(a[i]) : a[i];
            case int[] a -> dtype == DType.UINT32 ? Integer.toUnsignedLong(a[i]) : a[i];
            case long[] a -> a[i];
            default -> throw new IllegalStateException("unknown storage " + storage.getClass());
        };
    }

    @Override
    public float[] toFloatArray() {
        if (storage instanceof float[] a) {
            return a.clone();
        }
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    @Override
    public double[] toDoubleArray() {
        if (storage instanceof double[] a) {
            return a.clone();
        }
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /** This array converted to {@code type} (numpy's {@code astype}: floats to integers truncate, nonzero to bool is 1). */
    public DenseArray astype(DType type) {
        DenseArray out = zeros(type, shape);
        for (int i = 0; i < size(); i++) {
            if (type.isFloating()) {
                out.setDouble(i, getDouble(i));
            } else if (type == DType.BOOL) {
                out.setLong(i, getDouble(i) != 0 ? 1 : 0);
            } else {
                out.setLong(i, dtype.isFloating() ? (long) getDouble(i) : getLong(i));
            }
        }
        return out;
    }

    /** Sets element {@code i} (row-major flat index), cast to this array's type. */
    public void setDouble(int i, double value) {
        switch (storage) {
            case float[] a -> a[i] = (float) value;
            case double[] a -> a[i] = value;
            default -> setLong(i, (long) value);
        }
    }

    /** Sets element {@code i} (row-major flat index), cast (wrapping) to this array's type. */
    public void setLong(int i, long value) {
        switch (storage) {
            case float[] a -> a[i] = value;
            case double[] a -> a[i] = value;
            case byte[] a -> a[i] = (byte) value;
            case short[] a -> a[i] = (short) value;
            case int[] a -> a[i] = (int) value;
            case long[] a -> a[i] = value;
            default -> throw new IllegalStateException("unknown storage " + storage.getClass());
        }
    }

    /** A copy sharing nothing with this array. */
    public DenseArray copy() {
        return new DenseArray(dtype, copyOfStorage(storage), shape.clone());
    }

    @Override
    public DenseArray selectRows(int[] indices) {
        int rows = rows();
        int width = rowLength();
        DenseArray out = zeros(dtype, withFirst(indices.length));
        for (int i = 0; i < indices.length; i++) {
            int row = indices[i];
            if (row < 0 || row >= rows) {
                throw new IndexOutOfBoundsException("row index " + row + " is out of range for " + rows + " rows");
            }
            System.arraycopy(storage, row * width, out.storage, i * width, width);
        }
        return out;
    }

    @Override
    public DenseArray selectColumns(int[] indices) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("selecting columns needs a 2-D array, got shape " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        for (int c : indices) {
            if (c < 0 || c >= cols) {
                throw new IndexOutOfBoundsException("column index " + c + " is out of range for " + cols + " columns");
            }
        }
        DenseArray out = zeros(dtype, rows, indices.length);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < indices.length; j++) {
                System.arraycopy(storage, r * cols + indices[j], out.storage, r * indices.length + j, 1);
            }
        }
        return out;
    }

    /**
     * The arrays stacked along the first axis (anndata's {@code concat} of obs-aligned arrays).
     *
     * @throws IllegalArgumentException if dtypes or trailing shapes differ
     */
    public static DenseArray concatRows(List<DenseArray> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concatRows needs at least one array");
        }
        DenseArray first = parts.get(0);
        long rows = 0;
        for (DenseArray part : parts) {
            if (part.dtype != first.dtype || part.rank() != first.rank()
                    || !Arrays.equals(part.shape, 1, part.shape.length, first.shape, 1, first.shape.length)) {
                throw new IllegalArgumentException("cannot stack a " + part.dtype.numpyName() + " " + Arrays.toString(part.shape)
                        + " array under a " + first.dtype.numpyName() + " " + Arrays.toString(first.shape) + " one");
            }
            rows += part.shape[0];
        }
        DenseArray out = zeros(first.dtype, first.withFirst(Math.toIntExact(rows)));
        int offset = 0;
        for (DenseArray part : parts) {
            System.arraycopy(part.storage, 0, out.storage, offset, part.size());
            offset += part.size();
        }
        return out;
    }

    private long[] withFirst(int first) {
        long[] out = shape.clone();
        out[0] = first;
        return out;
    }

    static Object copyOfStorage(Object storage) {
        int length = java.lang.reflect.Array.getLength(storage);
        Object out = java.lang.reflect.Array.newInstance(storage.getClass().getComponentType(), length);
        System.arraycopy(storage, 0, out, 0, length);
        return out;
    }

    private static double unsignedToDouble(long value) {
        double high = (double) (value >>> 1) * 2.0;
        return high + (value & 1);
    }

    private static long sizeOf(long[] shape) {
        long size = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            size = Math.multiplyExact(size, d);
        }
        return size;
    }

    private static int checkedSize(long[] shape) {
        long size = sizeOf(shape);
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " elements, more than a Java array can (" + Integer.MAX_VALUE + ")");
        }
        return (int) size;
    }

    @Override
    public String toString() {
        return "DenseArray(" + dtype.numpyName() + ", shape=" + Arrays.toString(shape) + ")";
    }
}
