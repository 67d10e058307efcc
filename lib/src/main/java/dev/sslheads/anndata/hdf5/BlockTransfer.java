package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import dev.sslheads.anndata.DenseArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;

/**
 * Moves a numeric dataset between a file and a {@link DenseArray} in blocks of whole rows (first
 * axis) through one reusable native buffer of about {@link #BLOCK_BYTES}: the Java array is the
 * only full-size copy in memory, whatever the dataset's size.
 */
final class BlockTransfer {
    static final long BLOCK_BYTES = 4L << 20;

    private BlockTransfer() {}

    /** Reads all of dataset {@code dataset} (file space {@code space}, {@code dims}) into {@code out} using {@code memType}. */
    static void read(H5Dataset dataset, long memType, long[] dims, DenseArray out) throws Hdf5Exception {
        transfer(dataset, memType, dims, out, false);
    }

    /** Writes all of {@code data} into dataset {@code dataset} (created with {@code dims}) using {@code memType}. */
    static void write(H5Dataset dataset, long memType, long[] dims, DenseArray data) throws Hdf5Exception {
        transfer(dataset, memType, dims, data, true);
    }

    private static void transfer(H5Dataset dataset, long memType, long[] dims, DenseArray array, boolean write)
            throws Hdf5Exception {
        int size = array.size();
        if (size == 0) {
            return;
        }
        int elementBytes = array.dtype().bytes();
        if (dims.length == 0) {
            try (BytePointer buffer = new BytePointer(elementBytes)) {
                if (write) {
                    copy(array, buffer, 0, 1, true);
                }
                dataset.check(write ? H5Dwrite(dataset.id, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer)
                        : H5Dread(dataset.id, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer), write ? "writing" : "reading");
                if (!write) {
                    copy(array, buffer, 0, 1, false);
                }
            }
            return;
        }
        long rows = dims[0];
        long rowLength = size / rows;
        long rowsPerBlock = Math.max(1, BLOCK_BYTES / (rowLength * elementBytes));
        long blockRows = Math.min(rows, rowsPerBlock);
        long fileSpace = H5Dget_space(dataset.id);
        try (BytePointer buffer = new BytePointer(blockRows * rowLength * elementBytes)) {
            long[] start = new long[dims.length];
            long[] count = dims.clone();
            for (long row = 0; row < rows; row += blockRows) {
                long n = Math.min(blockRows, rows - row);
                start[0] = row;
                count[0] = n;
                dataset.check(H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, null, count, (long[]) null), "selecting rows");
                long memSpace = H5Screate_simple(1, new long[] {n * rowLength}, (long[]) null);
                try {
                    int offset = (int) (row * rowLength);
                    int length = (int) (n * rowLength);
                    if (write) {
                        copy(array, buffer, offset, length, true);
                        dataset.check(H5Dwrite(dataset.id, memType, memSpace, fileSpace, H5P_DEFAULT, buffer), "writing rows " + row);
                    } else {
                        dataset.check(H5Dread(dataset.id, memType, memSpace, fileSpace, H5P_DEFAULT, buffer), "reading rows " + row);
                        copy(array, buffer, offset, length, false);
                    }
                } finally {
                    H5Sclose(memSpace);
                }
            }
        } finally {
            H5Sclose(fileSpace);
        }
    }

    /** Copies {@code length} elements at {@code offset} between the array and the native buffer's start. */
    private static void copy(DenseArray array, BytePointer buffer, int offset, int length, boolean toNative) {
        ByteBuffer bytes = buffer.position(0).limit((long) length * array.dtype().bytes()).asByteBuffer().order(ByteOrder.nativeOrder());
        switch (array.storage()) {
            case byte[] a -> {
                if (toNative) {
                    bytes.put(a, offset, length);
                } else {
                    bytes.get(a, offset, length);
                }
            }
            case short[] a -> {
                if (toNative) {
                    bytes.asShortBuffer().put(a, offset, length);
                } else {
                    bytes.asShortBuffer().get(a, offset, length);
                }
            }
            case int[] a -> {
                if (toNative) {
                    bytes.asIntBuffer().put(a, offset, length);
                } else {
                    bytes.asIntBuffer().get(a, offset, length);
                }
            }
            case long[] a -> {
                if (toNative) {
                    bytes.asLongBuffer().put(a, offset, length);
                } else {
                    bytes.asLongBuffer().get(a, offset, length);
                }
            }
            case float[] a -> {
                if (toNative) {
                    bytes.asFloatBuffer().put(a, offset, length);
                } else {
                    bytes.asFloatBuffer().get(a, offset, length);
                }
            }
            case double[] a -> {
                if (toNative) {
                    bytes.asDoubleBuffer().put(a, offset, length);
                } else {
                    bytes.asDoubleBuffer().get(a, offset, length);
                }
            }
            default -> throw new IllegalStateException("unknown storage " + array.storage().getClass());
        }
    }
}
