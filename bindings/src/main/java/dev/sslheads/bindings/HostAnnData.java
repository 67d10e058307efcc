package dev.sslheads.bindings;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.CellsCsv;
import dev.sslheads.anndata.Concat;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.anndata.h5ad.H5adReader;
import dev.sslheads.anndata.h5ad.H5adWriter;
import dev.sslheads.anndata.hdf5.Compression;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import tech.tablesaw.api.Table;

/**
 * The AnnData entry points with guest-friendly arguments (strings for paths and options, guest
 * lists, tensors for dense data), for the GraalPy {@code anndata} package and the JS module.
 * Numbers never cross per element: dense data goes through {@link HostArrays}.
 */
public final class HostAnnData {
    private HostAnnData() {}

    public static AnnData read(String path) throws IOException {
        return H5adReader.read(Path.of(requirePath(path)));
    }

    /**
     * @param compression null, "gzip" (level 4, anndata's default) or "gzip:N"
     */
    public static void write(AnnData adata, String path, String compression) throws IOException {
        H5adWriter.write(adata, Path.of(requirePath(path)), compression(compression));
    }

    private static Compression compression(String name) {
        if (name == null || name.equals("none")) {
            return Compression.NONE;
        }
        if (name.equals("gzip")) {
            return Compression.gzip(4);
        }
        if (name.startsWith("gzip:")) {
            return Compression.gzip(Integer.parseInt(name.substring(5)));
        }
        throw new IllegalArgumentException("compression must be None or 'gzip', got '" + name + "'");
    }

    private static String requirePath(String path) {
        if (path == null) {
            throw new GuestTypeException("path must be a str, got None");
        }
        return path;
    }

    /**
     * A new AnnData.
     *
     * @param x a dense host array or sparse matrix, or null
     * @param nObs rows when {@code x} and {@code obs} are absent (else -1)
     * @param obs a table of cell annotations or null; {@code obsNames} its index or null (default names)
     */
    public static AnnData create(Matrix x, Table obs, List<String> obsNames, Table var, List<String> varNames) {
        long[] shape = x == null ? null : x.shape();
        if (shape != null && shape.length != 2) {
            throw new IllegalArgumentException("X must be 2-D (n_obs, n_vars), got " + shape.length + " axes");
        }
        Frame obsFrame = frame("obs", obs, obsNames, shape == null ? -1 : shape[0]);
        Frame varFrame = frame("var", var, varNames, shape == null ? -1 : shape[1]);
        return new AnnData(x, obsFrame, varFrame);
    }

    private static Frame frame(String field, Table table, List<String> names, long expected) {
        int length = names != null ? names.size() : table != null && table.columnCount() > 0 ? table.rowCount()
                : expected >= 0 ? (int) expected : 0;
        if (expected >= 0 && length != expected) {
            throw new IllegalArgumentException(field + " has " + length + " rows but X has " + expected);
        }
        Frame frame = names != null ? new Frame(table == null ? Table.create(field) : table, names, null)
                : new Frame(table == null ? Table.create(field) : table, Frame.withDefaultIndex(length).index(), null);
        frame.checkColumnLengths(field);
        return frame;
    }

    /** The cells where {@code mask} is true (a copy). */
    public static AnnData selectObsMask(AnnData adata, boolean[] mask) {
        return adata.selectObs(mask);
    }

    /** The cells at {@code rows} (negative positions count from the end), a copy. */
    public static AnnData selectObs(AnnData adata, long[] rows) {
        return adata.selectObs(positions(rows, adata.nObs(), "obs"));
    }

    public static AnnData selectVarsMask(AnnData adata, boolean[] mask) {
        return adata.selectVars(mask);
    }

    public static AnnData selectVars(AnnData adata, long[] columns) {
        return adata.selectVars(positions(columns, adata.nVars(), "var"));
    }

    public static AnnData selectVarNames(AnnData adata, List<String> names) {
        return adata.selectVars(new ArrayList<>(names));
    }

    private static int[] positions(long[] values, int length, String axis) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            long v = values[i] < 0 ? values[i] + length : values[i];
            if (v < 0 || v >= length) {
                throw new IndexOutOfBoundsException(axis + " index " + values[i] + " is out of bounds for " + length + " entries");
            }
            out[i] = (int) v;
        }
        return out;
    }

    /** Positions of {@code names} in {@code index}. */
    public static long[] namePositions(List<String> index, List<String> names, String axis) {
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = index.size() - 1; i >= 0; i--) {
            at.put(index.get(i), i);
        }
        long[] out = new long[names.size()];
        for (int i = 0; i < out.length; i++) {
            Integer p = at.get(names.get(i));
            if (p == null) {
                throw new java.util.NoSuchElementException(axis + " has no name '" + names.get(i) + "'");
            }
            out[i] = p;
        }
        return out;
    }

    public static AnnData concat(List<AnnData> adatas, String label, List<String> keys, String indexUnique, String join) {
        if (join != null && !join.equals("inner")) {
            throw new IllegalArgumentException("join must be 'inner' (the only join sslheads implements: an outer join would"
                    + " invent expression values for genes a slide does not measure), got '" + join + "'");
        }
        return Concat.concat(new ArrayList<>(adatas), label, keys == null ? null : new ArrayList<>(keys), indexUnique);
    }

    public static AnnData readCellsCsv(String path, String x, String y, String slide, String cellId) throws IOException {
        return CellsCsv.read(Path.of(requirePath(path)), new CellsCsv.Options(x, y, slide, cellId));
    }

    /** A dense host array from a tensor (one bulk copy). */
    public static DenseArray dense(HostTensor tensor) {
        return HostArrays.fromTensor(tensor);
    }

    /** scipy's {@code csr_matrix(dense)} / {@code csc_matrix(dense)}. */
    public static SparseMatrix sparseFromTensor(HostTensor tensor, String format) {
        return SparseMatrix.fromDense(HostArrays.fromTensor(tensor), format.equals("csc") ? SparseMatrix.Format.CSC : SparseMatrix.Format.CSR);
    }

    /** Java's value of a guest uns value: nested maps and lists converted, tensors to host arrays. */
    public static Object unsValue(Value value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isHostObject()) {
            Object host = value.asHostObject();
            return host instanceof HostTensor t ? HostArrays.fromTensor(t) : host;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString()) {
            return value.asString();
        }
        if (value.isNumber()) {
            return value.fitsInLong() ? (Object) value.asLong() : (Object) value.asDouble();
        }
        if (value.hasHashEntries()) {
            Map<String, Object> out = new LinkedHashMap<>();
            Value keys = value.getHashKeysIterator();
            while (keys.hasIteratorNextElement()) {
                Value key = keys.getIteratorNextElement();
                if (!key.isString()) {
                    throw new GuestTypeException("uns keys must be str, got " + key);
                }
                out.put(key.asString(), unsValue(value.getHashValue(key)));
            }
            return out;
        }
        if (value.hasArrayElements()) {
            List<Object> out = new ArrayList<>();
            for (long i = 0; i < value.getArraySize(); i++) {
                out.add(unsValue(value.getArrayElement(i)));
            }
            return out;
        }
        throw new GuestTypeException("uns values must be str, int, float, bool, list, dict or a tensor, got " + value);
    }
}
