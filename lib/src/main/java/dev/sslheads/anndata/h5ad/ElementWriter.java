package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.anndata.hdf5.Compression;
import dev.sslheads.anndata.hdf5.H5Dataset;
import dev.sslheads.anndata.hdf5.H5Group;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Writes anndata elements the way anndata 0.8 does, readable by anndata 0.8 to 0.13: dense arrays
 * ({@code array}), sparse matrices ({@code csr_matrix}/{@code csc_matrix}: int64 {@code shape}
 * attribute, {@code data} of the matrix's dtype, int32 {@code indices}, int32 {@code indptr} or
 * int64 from 2^31 entries, the parts without encodings), dicts, scalars ({@code string},
 * {@code numeric-scalar}), string arrays, and dataframes through {@link FrameWriter}.
 */
final class ElementWriter {
    private final Compression compression;
    private final FrameWriter frames;

    ElementWriter(Compression compression) {
        this.compression = compression;
        this.frames = new FrameWriter(compression);
    }

    FrameWriter frames() {
        return frames;
    }

    void writeMatrix(H5Group parent, String name, Matrix matrix) throws IOException {
        switch (matrix) {
            case DenseArray dense -> {
                try (H5Dataset dataset = parent.writeArray(name, dense, compression)) {
                    FrameWriter.encode(dataset, Encoding.ARRAY);
                }
            }
            case SparseMatrix sparse -> writeSparse(parent, name, sparse);
            default -> throw new IllegalArgumentException("unknown matrix type " + matrix.getClass());
        }
    }

    private void writeSparse(H5Group parent, String name, SparseMatrix sparse) throws IOException {
        try (H5Group group = parent.createGroup(name)) {
            Encoding encoding = sparse.format() == SparseMatrix.Format.CSR ? Encoding.CSR : Encoding.CSC;
            group.writeEncoding(encoding.type, encoding.version);
            group.writeLongsAttribute("shape", sparse.shape());
            long[] indptr = sparse.indptr();
            DenseArray pointers = indptr[indptr.length - 1] <= Integer.MAX_VALUE
                    ? DenseArray.of(toInts(indptr), indptr.length)
                    : DenseArray.of(indptr, indptr.length);
            try (H5Dataset data = group.writeArray("data", sparse.values(), compression);
                 H5Dataset indices = group.writeArray("indices", DenseArray.of(sparse.indices(), sparse.nnz()), compression);
                 H5Dataset ptr = group.writeArray("indptr", pointers, compression)) {
                // the three parts carry no encoding attributes
            }
        }
    }

    /** A dict group: {@code uns} or one nested in it. */
    void writeDict(H5Group parent, String name, Map<String, ?> values, String field) throws IOException {
        try (H5Group group = parent.createGroup(name)) {
            FrameWriter.encode(group, Encoding.DICT);
            for (Map.Entry<String, ?> entry : values.entrySet()) {
                String key = entry.getKey();
                if (key.isEmpty() || key.contains("/")) {
                    throw new IllegalArgumentException(field + " key '" + key + "' must be non-empty and must not contain '/'");
                }
                writeValue(group, key, entry.getValue(), field + "/" + key);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void writeValue(H5Group group, String key, Object value, String field) throws IOException {
        switch (value) {
            case null -> throw new IllegalArgumentException(field + " is null; anndata 0.8 cannot read None in uns: remove the key");
            case String s -> {
                try (H5Dataset dataset = group.writeString(key, s)) {
                    FrameWriter.encode(dataset, Encoding.STRING);
                }
            }
            case Boolean b -> writeScalar(group, key, DenseArray.of(new boolean[] {b}));
            case Float f -> writeScalar(group, key, DenseArray.of(new double[] {f}));
            case Double d -> writeScalar(group, key, DenseArray.of(new double[] {d}));
            case Byte b -> writeScalar(group, key, DenseArray.of(new long[] {b}));
            case Short s -> writeScalar(group, key, DenseArray.of(new long[] {s}));
            case Integer i -> writeScalar(group, key, DenseArray.of(new long[] {i}));
            case Long l -> writeScalar(group, key, DenseArray.of(new long[] {l}));
            case String[] strings -> writeStringArray(group, key, strings);
            case List<?> list -> writeList(group, key, list, field);
            case Matrix matrix -> writeMatrix(group, key, matrix);
            case Frame frame -> frames.write(group, key, frame, field);
            case Map<?, ?> map -> writeDict(group, key, (Map<String, ?>) map, field);
            default -> throw new IllegalArgumentException(field + " holds a " + value.getClass().getSimpleName()
                    + "; uns values must be strings, numbers, booleans, lists, arrays, dataframes or dicts");
        }
    }

    private void writeScalar(H5Group group, String key, DenseArray oneElement) throws IOException {
        DenseArray scalar = DenseArray.wrap(oneElement.dtype(), oneElement.storage());
        try (H5Dataset dataset = group.writeArray(key, scalar, Compression.NONE)) {
            FrameWriter.encode(dataset, Encoding.NUMERIC_SCALAR);
        }
    }

    private void writeStringArray(H5Group group, String key, String[] strings) throws IOException {
        try (H5Dataset dataset = group.writeStrings(key, strings)) {
            FrameWriter.encode(dataset, Encoding.STRING_ARRAY);
        }
    }

    /** A list of strings becomes a string array; of booleans a bool array; of integers int64; of numbers float64. */
    private void writeList(H5Group group, String key, List<?> list, String field) throws IOException {
        if (!list.isEmpty() && list.stream().allMatch(v -> v instanceof String)) {
            writeStringArray(group, key, list.toArray(String[]::new));
            return;
        }
        DenseArray array;
        if (!list.isEmpty() && list.stream().allMatch(v -> v instanceof Boolean)) {
            boolean[] values = new boolean[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = (Boolean) list.get(i);
            }
            array = DenseArray.of(values, values.length);
        } else if (list.stream().allMatch(v -> v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)
                && !list.isEmpty()) {
            array = DenseArray.of(list.stream().mapToLong(v -> ((Number) v).longValue()).toArray(), list.size());
        } else if (list.stream().allMatch(v -> v instanceof Number)) {
            array = DenseArray.of(list.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray(), list.size());
        } else {
            throw new IllegalArgumentException(field + " is a list mixing types; uns lists must hold only strings, only"
                    + " booleans or only numbers");
        }
        writeMatrix(group, key, array);
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }
}
