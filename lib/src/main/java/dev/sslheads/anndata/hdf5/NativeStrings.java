package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.H5P_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Tget_size;
import static org.bytedeco.hdf5.global.hdf5.H5Tis_variable_str;
import static org.bytedeco.hdf5.global.hdf5.H5Treclaim;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Strings across the HDF5 boundary. Writing packs every UTF-8 string, NUL-terminated, into one
 * native buffer and hands HDF5 an array of {@code char*} into it (no per-string native object);
 * reading decodes variable-length ({@code char*} array, reclaimed after) or fixed-length
 * (NUL-terminated or padded) strings.
 */
final class NativeStrings implements AutoCloseable {
    private final BytePointer bytes;
    private final LongPointer pointers;

    /** The {@code char*[values.length]} buffer for writing {@code values} as vlen strings. */
    NativeStrings(String[] values) {
        byte[][] encoded = new byte[values.length][];
        long total = 0;
        for (int i = 0; i < values.length; i++) {
            encoded[i] = values[i].getBytes(StandardCharsets.UTF_8);
            total += encoded[i].length + 1L;
        }
        bytes = new BytePointer(Math.max(total, 1));
        pointers = new LongPointer(Math.max(values.length, 1));
        long offset = 0;
        long base = bytes.address();
        for (int i = 0; i < values.length; i++) {
            bytes.position(offset).put(encoded[i], 0, encoded[i].length);
            bytes.position(0).put(offset + encoded[i].length, (byte) 0);
            pointers.put(i, base + offset);
            offset += encoded[i].length + 1L;
        }
        bytes.position(0);
    }

    /** The {@code char**} to pass to {@code H5Dwrite}/{@code H5Awrite}. */
    Pointer buffer() {
        return pointers;
    }

    @Override
    public void close() {
        pointers.close();
        bytes.close();
    }

    /** Reads {@code n} strings with {@code read} (filling a buffer of {@code memType}), decoding vlen or fixed ones. */
    static String[] read(long memType, long space, int n, Reader read) throws Hdf5Exception {
        String[] out = new String[n];
        if (n == 0) {
            return out;
        }
        if (H5Tis_variable_str(memType) > 0) {
            try (PointerPointer<BytePointer> buffer = new PointerPointer<>(n)) {
                read.into(buffer);
                for (int i = 0; i < n; i++) {
                    BytePointer p = buffer.get(BytePointer.class, i);
                    out[i] = p == null || p.isNull() ? "" : p.getString(StandardCharsets.UTF_8);
                }
                H5Treclaim(memType, space, H5P_DEFAULT, buffer);
            }
        } else {
            int size = (int) H5Tget_size(memType);
            try (BytePointer buffer = new BytePointer((long) size * n)) {
                read.into(buffer);
                byte[] all = new byte[size * n];
                buffer.get(all);
                for (int i = 0; i < n; i++) {
                    int start = i * size;
                    int end = start;
                    while (end < start + size && all[end] != 0) {
                        end++;
                    }
                    out[i] = new String(all, start, end - start, StandardCharsets.UTF_8).stripTrailing();
                }
            }
        }
        return out;
    }

    /** One HDF5 read call into a buffer. */
    interface Reader {
        void into(Pointer buffer) throws Hdf5Exception;
    }
}
