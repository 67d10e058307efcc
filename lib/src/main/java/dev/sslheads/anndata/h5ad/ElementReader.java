package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.anndata.hdf5.H5Dataset;
import dev.sslheads.anndata.hdf5.H5Group;
import dev.sslheads.anndata.hdf5.H5Object;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads anndata elements (matrices, dicts, scalars, string arrays, dataframes through
 * {@link FrameReader}) from an open file, dispatching on each element's {@code encoding-type}
 * and accepting files without encodings (anndata 0.7 and older: groups are dicts, datasets
 * arrays, sparse groups carry {@code h5sparse_format}).
 */
final class ElementReader {
    private final Path path;
    private final FrameReader frames;

    ElementReader(Path path) {
        this.path = path;
        this.frames = new FrameReader(path, this);
    }

    FrameReader frames() {
        return frames;
    }

    /** The element's encoding-type, or "" when it has none. */
    static String encodingOf(H5Object element) throws IOException {
        return element.stringAttribute("encoding-type").orElse("");
    }

    H5adFormatException problem(String field, String message) {
        return new H5adFormatException(path, field, message);
    }

    /** A dense or sparse matrix: {@code X}, a layer, an obsm/obsp/varm/varp entry. */
    Matrix readMatrix(H5Group parent, String name, String field) throws IOException {
        if (parent.isGroup(name)) {
            try (H5Group group = parent.group(name)) {
                return readSparse(group, field);
            }
        }
        try (H5Dataset dataset = parent.dataset(name)) {
            if (!dataset.isNumeric()) {
                throw problem(field, "must be a numeric array, got " + (dataset.isString() ? "strings" : "an unsupported HDF5 type"));
            }
            if (dataset.shape().length == 0) {
                throw problem(field, "must be an array with at least one axis, got a scalar");
            }
            return dataset.readArray();
        }
    }

    /** A {@code csr_matrix}/{@code csc_matrix} group (or an old h5sparse one). */
    SparseMatrix readSparse(H5Group group, String field) throws IOException {
        String encoding = encodingOf(group);
        SparseMatrix.Format format;
        long[] shape;
        if (encoding.equals(Encoding.CSR.type) || encoding.equals(Encoding.CSC.type)) {
            format = encoding.equals(Encoding.CSR.type) ? SparseMatrix.Format.CSR : SparseMatrix.Format.CSC;
            shape = group.longsAttribute("shape");
        } else if (encoding.isEmpty() && group.hasAttribute("h5sparse_format")) {
            format = group.stringAttribute("h5sparse_format").orElse("").equals("csc") ? SparseMatrix.Format.CSC : SparseMatrix.Format.CSR;
            shape = group.longsAttribute("h5sparse_shape");
        } else {
            throw problem(field, "must be a dense array or a csr_matrix/csc_matrix group, got a group with encoding-type '"
                    + encoding + "'");
        }
        if (shape.length != 2) {
            throw problem(field, "sparse shape must have 2 entries, got " + Arrays.toString(shape));
        }
        DenseArray data = readPart(group, "data", field);
        int[] indices = toInts(readPart(group, "indices", field), field + "/indices");
        long[] indptr = toLongs(readPart(group, "indptr", field));
        try {
            return new SparseMatrix(format, Math.toIntExact(shape[0]), Math.toIntExact(shape[1]), indptr, indices, data);
        } catch (IllegalArgumentException e) {
            throw new H5adFormatException(path, field, e.getMessage(), e);
        }
    }

    private DenseArray readPart(H5Group group, String name, String field) throws IOException {
        if (!group.has(name)) {
            throw problem(field, "sparse matrix has no '" + name + "' dataset");
        }
        try (H5Dataset dataset = group.dataset(name)) {
            return dataset.readArray();
        }
    }

    private int[] toInts(DenseArray values, String field) throws H5adFormatException {
        if (values.storage() instanceof int[] ints && values.dtype() == DType.INT32) {
            return ints;
        }
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            long v = values.getLong(i);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw problem(field, "index " + v + " at " + i + " is out of range for a Java array");
            }
            out[i] = (int) v;
        }
        return out;
    }

    static long[] toLongs(DenseArray values) {
        if (values.storage() instanceof long[] longs && values.dtype() == DType.INT64) {
            return longs;
        }
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.getLong(i);
        }
        return out;
    }

    /** A dict group ({@code uns} or nested), recursively; {@code null} elements are left out. */
    Map<String, Object> readDict(H5Group group, String field) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : group.children()) {
            Object value = readValue(group, name, field + "/" + name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** Any uns value; null for anndata's {@code None}. */
    private Object readValue(H5Group parent, String name, String field) throws IOException {
        if (parent.isGroup(name)) {
            try (H5Group group = parent.group(name)) {
                String encoding = encodingOf(group);
                if (encoding.isEmpty() && !group.hasAttribute("h5sparse_format") || encoding.equals(Encoding.DICT.type)) {
                    return readDict(group, field);
                }
                if (encoding.equals(Encoding.DATAFRAME.type)) {
                    return frames.read(group, field);
                }
                return readSparse(group, field);
            }
        }
        try (H5Dataset dataset = parent.dataset(name)) {
            String encoding = encodingOf(dataset);
            if (encoding.equals(Encoding.NULL.type) || dataset.isNull()) {
                return null;
            }
            if (dataset.isString()) {
                String[] values = dataset.readStrings();
                return dataset.shape().length == 0 ? values[0] : List.of(values);
            }
            if (!dataset.isNumeric()) {
                throw problem(field, "holds an HDF5 type anndata does not write");
            }
            DenseArray array = dataset.readArray();
            return dataset.shape().length == 0 ? scalar(array) : array;
        }
    }

    /** A 0-d array as a Java number or boolean: {@code Boolean}, {@code Long} for integers, {@code Double} for floats. */
    static Object scalar(DenseArray array) {
        if (array.dtype() == DType.BOOL) {
            return array.getLong(0) != 0;
        }
        return array.dtype().isFloating() ? (Object) array.getDouble(0) : (Object) array.getLong(0);
    }

    /** Strings from a dataset of strings or, for numeric categories and indexes, their text. */
    static List<String> readStringsOrNumbers(H5Dataset dataset) throws IOException {
        if (dataset.isString()) {
            return Arrays.asList(dataset.readStrings());
        }
        DenseArray values = dataset.readArray();
        List<String> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(values.dtype().isFloating() ? Double.toString(values.getDouble(i)) : Long.toString(values.getLong(i)));
        }
        return out;
    }
}
