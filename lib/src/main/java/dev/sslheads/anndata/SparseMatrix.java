package dev.sslheads.anndata;

import java.util.Arrays;
import java.util.List;

/**
 * A compressed sparse matrix as scipy keeps it: CSR ({@code csr_matrix}, rows compressed) or CSC
 * ({@code csc_matrix}, columns compressed). Along the compressed ("major") axis, {@code indptr}
 * {@code (n_major + 1)} delimits each line's run in {@code indices} {@code (nnz)} (the positions
 * on the other axis) and {@code values} {@code (nnz)}, a 1-D {@link DenseArray} of any numeric
 * dtype.
 *
 * <p>Selections return canonical matrices: indices sorted within each line.
 */
public final class SparseMatrix implements Matrix {
    /** Which axis is compressed. */
    public enum Format {
        CSR("csr_matrix"), CSC("csc_matrix");

        private final String encoding;

        Format(String encoding) {
            this.encoding = encoding;
        }

        /** anndata's encoding-type: {@code "csr_matrix"} or {@code "csc_matrix"}. */
        public String encoding() {
            return encoding;
        }
    }

    private final Format format;
    private final int rows;
    private final int cols;
    private final long[] indptr;
    private final int[] indices;
    private final DenseArray values;

    /**
     * @throws IllegalArgumentException if the parts are inconsistent: {@code indptr} not of length
     *     {@code n_major + 1}, not starting at 0, decreasing or not ending at nnz; an index out of range
     */
    public SparseMatrix(Format format, int rows, int cols, long[] indptr, int[] indices, DenseArray values) {
        this.format = format;
        this.rows = rows;
        this.cols = cols;
        this.indptr = indptr;
        this.indices = indices;
        this.values = values;
        validate();
    }

    /** A CSR matrix with float32 values. */
    public static SparseMatrix csr(int rows, int cols, long[] indptr, int[] indices, float[] data) {
        return new SparseMatrix(Format.CSR, rows, cols, indptr, indices, DenseArray.of(data, data.length));
    }

    /** A CSR matrix with float64 values. */
    public static SparseMatrix csr(int rows, int cols, long[] indptr, int[] indices, double[] data) {
        return new SparseMatrix(Format.CSR, rows, cols, indptr, indices, DenseArray.of(data, data.length));
    }

    /** The nonzero entries of a 2-D dense array, in {@code format} (scipy's {@code csr_matrix(dense)}). */
    public static SparseMatrix fromDense(DenseArray dense, Format format) {
        if (dense.rank() != 2) {
            throw new IllegalArgumentException("a sparse matrix needs a 2-D array, got shape " + Arrays.toString(dense.shape()));
        }
        int rows = dense.rows();
        int cols = dense.rowLength();
        long[] ptr = new long[rows + 1];
        int nnz = 0;
        for (int i = 0; i < dense.size(); i++) {
            nnz += dense.getDouble(i) != 0 ? 1 : 0;
        }
        int[] idx = new int[nnz];
        DenseArray values = DenseArray.zeros(dense.dtype(), nnz);
        int at = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                if (dense.getDouble(r * cols + c) != 0) {
                    idx[at] = c;
                    System.arraycopy(dense.storage(), r * cols + c, values.storage(), at++, 1);
                }
            }
            ptr[r + 1] = at;
        }
        return new SparseMatrix(Format.CSR, rows, cols, ptr, idx, values).toFormat(format);
    }

    private void validate() {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("sparse shape must be non-negative, got (" + rows + ", " + cols + ")");
        }
        int major = majorLength();
        if (indptr.length != major + 1) {
            throw new IllegalArgumentException(format + " indptr must have length " + (major + 1) + " for shape (" + rows + ", "
                    + cols + "), got " + indptr.length);
        }
        if (values.rank() != 1 || values.size() != indices.length) {
            throw new IllegalArgumentException(format + " data must be 1-D with one value per index (" + indices.length
                    + "), got shape " + Arrays.toString(values.shape()));
        }
        if (indptr[0] != 0 || indptr[major] != indices.length) {
            throw new IllegalArgumentException(format + " indptr must start at 0 and end at nnz = " + indices.length + ", got "
                    + indptr[0] + " ... " + indptr[major]);
        }
        for (int i = 0; i < major; i++) {
            if (indptr[i + 1] < indptr[i]) {
                throw new IllegalArgumentException(format + " indptr must not decrease, got indptr[" + i + "] = " + indptr[i]
                        + " > indptr[" + (i + 1) + "] = " + indptr[i + 1]);
            }
        }
        int minor = minorLength();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= minor) {
                throw new IllegalArgumentException(format + " indices[" + i + "] = " + indices[i] + " is out of range [0, " + minor + ")");
            }
        }
    }

    public Format format() {
        return format;
    }

    @Override
    public DType dtype() {
        return values.dtype();
    }

    @Override
    public long[] shape() {
        return new long[] {rows, cols};
    }

    @Override
    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The number of stored entries. */
    public int nnz() {
        return indices.length;
    }

    /** {@code (n_major + 1)} offsets into indices and values; not a copy. */
    public long[] indptr() {
        return indptr;
    }

    /** {@code (nnz)} minor-axis positions; not a copy. */
    public int[] indices() {
        return indices;
    }

    /** {@code (nnz)} stored values; not a copy. */
    public DenseArray values() {
        return values;
    }

    private int majorLength() {
        return format == Format.CSR ? rows : cols;
    }

    private int minorLength() {
        return format == Format.CSR ? cols : rows;
    }

    @Override
    public SparseMatrix selectRows(int[] selected) {
        return format == Format.CSR ? selectMajor(selected) : selectMinor(selected);
    }

    @Override
    public SparseMatrix selectColumns(int[] selected) {
        return format == Format.CSR ? selectMinor(selected) : selectMajor(selected);
    }

    private SparseMatrix selectMajor(int[] selected) {
        int major = majorLength();
        long[] outPtr = new long[selected.length + 1];
        for (int i = 0; i < selected.length; i++) {
            int line = selected[i];
            if (line < 0 || line >= major) {
                throw new IndexOutOfBoundsException(axisName(true) + " index " + line + " is out of range for " + major);
            }
            outPtr[i + 1] = outPtr[i] + (indptr[line + 1] - indptr[line]);
        }
        int nnz = Math.toIntExact(outPtr[selected.length]);
        int[] outIndices = new int[nnz];
        DenseArray outValues = DenseArray.zeros(values.dtype(), nnz);
        for (int i = 0; i < selected.length; i++) {
            int start = (int) indptr[selected[i]];
            int length = (int) (outPtr[i + 1] - outPtr[i]);
            System.arraycopy(indices, start, outIndices, (int) outPtr[i], length);
            System.arraycopy(values.storage(), start, outValues.storage(), (int) outPtr[i], length);
        }
        return withMajor(selected.length, outPtr, outIndices, outValues);
    }

    private SparseMatrix selectMinor(int[] selected) {
        int minor = minorLength();
        // old minor position -> its new positions (repeats allowed), as a CSR-like table
        int[] count = new int[minor + 1];
        for (int s : selected) {
            if (s < 0 || s >= minor) {
                throw new IndexOutOfBoundsException(axisName(false) + " index " + s + " is out of range for " + minor);
            }
            count[s + 1]++;
        }
        for (int i = 0; i < minor; i++) {
            count[i + 1] += count[i];
        }
        int[] targets = new int[selected.length];
        int[] fill = Arrays.copyOf(count, minor);
        for (int j = 0; j < selected.length; j++) {
            targets[fill[selected[j]]++] = j;
        }
        int major = majorLength();
        long[] outPtr = new long[major + 1];
        for (int line = 0; line < major; line++) {
            long n = 0;
            for (long k = indptr[line]; k < indptr[line + 1]; k++) {
                int old = indices[(int) k];
                n += count[old + 1] - count[old];
            }
            outPtr[line + 1] = outPtr[line] + n;
        }
        int nnz = Math.toIntExact(outPtr[major]);
        int[] outIndices = new int[nnz];
        int[] source = new int[nnz];
        int at = 0;
        for (int line = 0; line < major; line++) {
            int lineStart = at;
            for (long k = indptr[line]; k < indptr[line + 1]; k++) {
                int old = indices[(int) k];
                for (int t = count[old]; t < count[old + 1]; t++) {
                    outIndices[at] = targets[t];
                    source[at++] = (int) k;
                }
            }
            sortLine(outIndices, source, lineStart, at);
        }
        DenseArray outValues = DenseArray.zeros(values.dtype(), nnz);
        for (int i = 0; i < nnz; i++) {
            System.arraycopy(values.storage(), source[i], outValues.storage(), i, 1);
        }
        return format == Format.CSR
                ? new SparseMatrix(format, rows, selected.length, outPtr, outIndices, outValues)
                : new SparseMatrix(format, selected.length, cols, outPtr, outIndices, outValues);
    }

    /** Sorts {@code indices[from, to)} ascending, permuting {@code source} along (insertion sort: lines are short). */
    private static void sortLine(int[] indices, int[] source, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            int key = indices[i];
            int src = source[i];
            int j = i - 1;
            while (j >= from && indices[j] > key) {
                indices[j + 1] = indices[j];
                source[j + 1] = source[j];
                j--;
            }
            indices[j + 1] = key;
            source[j + 1] = src;
        }
    }

    private SparseMatrix withMajor(int majorLength, long[] ptr, int[] idx, DenseArray vals) {
        return format == Format.CSR
                ? new SparseMatrix(format, majorLength, cols, ptr, idx, vals)
                : new SparseMatrix(format, rows, majorLength, ptr, idx, vals);
    }

    private String axisName(boolean major) {
        return (format == Format.CSR) == major ? "row" : "column";
    }

    /** This matrix in {@code target} format (the same object when it already is). */
    public SparseMatrix toFormat(Format target) {
        if (target == format) {
            return this;
        }
        int major = majorLength();
        int minor = minorLength();
        long[] outPtr = new long[minor + 1];
        for (int index : indices) {
            outPtr[index + 1]++;
        }
        for (int i = 0; i < minor; i++) {
            outPtr[i + 1] += outPtr[i];
        }
        long[] fill = Arrays.copyOf(outPtr, minor);
        int[] outIndices = new int[indices.length];
        DenseArray outValues = DenseArray.zeros(values.dtype(), indices.length);
        for (int line = 0; line < major; line++) {
            for (long k = indptr[line]; k < indptr[line + 1]; k++) {
                int at = (int) fill[indices[(int) k]]++;
                outIndices[at] = line;
                System.arraycopy(values.storage(), (int) k, outValues.storage(), at, 1);
            }
        }
        return new SparseMatrix(target, rows, cols, outPtr, outIndices, outValues);
    }

    /** The dense {@code (rows, cols)} array of the same dtype (absent entries 0, duplicates summed as scipy does). */
    public DenseArray toDense() {
        DenseArray out = DenseArray.zeros(values.dtype(), rows, cols);
        int major = majorLength();
        for (int line = 0; line < major; line++) {
            for (long k = indptr[line]; k < indptr[line + 1]; k++) {
                int index = indices[(int) k];
                int flat = format == Format.CSR ? line * cols + index : index * cols + line;
                if (values.dtype().isFloating()) {
                    out.setDouble(flat, out.getDouble(flat) + values.getDouble((int) k));
                } else {
                    out.setLong(flat, out.getLong(flat) + values.getLong((int) k));
                }
            }
        }
        return out;
    }

    @Override
    public float[] toFloatArray() {
        return toDense().toFloatArray();
    }

    @Override
    public double[] toDoubleArray() {
        return toDense().toDoubleArray();
    }

    /** A copy sharing nothing with this matrix. */
    public SparseMatrix copy() {
        return new SparseMatrix(format, rows, cols, indptr.clone(), indices.clone(), values.copy());
    }

    /**
     * CSR matrices stacked vertically (anndata's {@code concat} of obs-aligned sparse arrays); CSC
     * parts are converted first.
     *
     * @throws IllegalArgumentException if column counts or dtypes differ
     */
    public static SparseMatrix concatRows(List<SparseMatrix> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concatRows needs at least one matrix");
        }
        List<SparseMatrix> csr = parts.stream().map(m -> m.toFormat(Format.CSR)).toList();
        SparseMatrix first = csr.get(0);
        long nnz = 0;
        int rows = 0;
        for (SparseMatrix m : csr) {
            if (m.cols != first.cols || m.dtype() != first.dtype()) {
                throw new IllegalArgumentException("cannot stack a " + m.dtype().numpyName() + " (" + m.rows + ", " + m.cols
                        + ") sparse matrix under a " + first.dtype().numpyName() + " (" + first.rows + ", " + first.cols + ") one");
            }
            nnz += m.nnz();
            rows += m.rows;
        }
        long[] ptr = new long[rows + 1];
        int[] idx = new int[Math.toIntExact(nnz)];
        DenseArray vals = DenseArray.zeros(first.dtype(), idx.length);
        int row = 0;
        int at = 0;
        for (SparseMatrix m : csr) {
            for (int r = 0; r < m.rows; r++) {
                ptr[row + r + 1] = at + m.indptr[r + 1];
            }
            System.arraycopy(m.indices, 0, idx, at, m.nnz());
            System.arraycopy(m.values.storage(), 0, vals.storage(), at, m.nnz());
            row += m.rows;
            at += m.nnz();
        }
        return new SparseMatrix(Format.CSR, rows, first.cols, ptr, idx, vals);
    }

    @Override
    public String toString() {
        return "SparseMatrix(" + format + ", " + dtype().numpyName() + ", shape=(" + rows + ", " + cols + "), nnz=" + nnz() + ")";
    }
}
