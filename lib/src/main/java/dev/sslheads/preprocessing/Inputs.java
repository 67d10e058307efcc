package dev.sslheads.preprocessing;

/**
 * Checks of the matrix arguments of {@link Preprocessing}: a dense row-major {@code (nObs, nVars)}
 * {@code float[]}, or CSR arrays ({@code indptr} of length {@code nObs + 1}, {@code indices} and
 * {@code data} of length {@code indptr[nObs]}). Both are described to the kernels by their row
 * starts ({@code nObs + 1} offsets into the value array, {@code i * nVars} for dense).
 */
final class Inputs {
    /** What each stored value must be. */
    enum Requirement {
        FINITE("a finite value"),
        LOG_INPUT("a finite value >= 0 (a logarithm of it is taken)"),
        LOG1P_DATA("a finite value >= 0 (log1p-transformed counts)");

        private final String description;

        Requirement(String description) {
            this.description = description;
        }
    }

    private Inputs() {}

    /**
     * Checks a dense row-major matrix and returns its row starts {@code i * nVars}, {@code i = 0..nObs}.
     *
     * @throws IllegalArgumentException if {@code values.length != nObs * nVars} or a size is below 1
     */
    static long[] denseRows(float[] values, int nObs, int nVars) {
        requireNonNull("values", values);
        requirePositive("nObs", nObs);
        requirePositive("nVars", nVars);
        long size = (long) nObs * nVars;
        if (values.length != size) {
            throw new IllegalArgumentException("values.length: expected nObs * nVars = " + nObs + " * " + nVars
                    + " = " + size + ", got " + values.length);
        }
        long[] rows = new long[nObs + 1];
        for (int i = 0; i <= nObs; i++) {
            rows[i] = (long) i * nVars;
        }
        return rows;
    }

    /**
     * Checks a CSR matrix: {@code indptr} starts at 0, never decreases and ends at {@code data.length};
     * {@code indices} has one gene in {@code [0, nVars)} per stored value. Unsorted or repeated indices
     * within a row are accepted (every function here treats stored values one by one).
     *
     * @throws IllegalArgumentException naming the first array entry that breaks one of these rules
     */
    static void csr(long[] indptr, int[] indices, float[] data, int nVars) {
        requireNonNull("indptr", indptr);
        requireNonNull("indices", indices);
        requireNonNull("data", data);
        requirePositive("nVars", nVars);
        if (indptr.length < 2) {
            throw new IllegalArgumentException("indptr.length: expected nObs + 1 >= 2, got " + indptr.length);
        }
        if (indptr[0] != 0) {
            throw new IllegalArgumentException("indptr[0]: expected 0, got " + indptr[0]);
        }
        for (int i = 1; i < indptr.length; i++) {
            if (indptr[i] < indptr[i - 1]) {
                throw new IllegalArgumentException("indptr[" + i + "]: expected >= indptr[" + (i - 1) + "] = "
                        + indptr[i - 1] + ", got " + indptr[i]);
            }
        }
        int nObs = indptr.length - 1;
        if (indptr[nObs] != data.length) {
            throw new IllegalArgumentException("indptr[" + nObs + "] (indptr[nObs]): expected data.length = "
                    + data.length + ", got " + indptr[nObs]);
        }
        if (indices.length != data.length) {
            throw new IllegalArgumentException("indices.length: expected data.length = " + data.length + ", got "
                    + indices.length);
        }
        for (int k = 0; k < indices.length; k++) {
            if (indices[k] < 0 || indices[k] >= nVars) {
                throw new IllegalArgumentException("indices[" + k + "]: expected a gene index in [0, nVars = " + nVars
                        + "), got " + indices[k]);
            }
        }
    }

    /**
     * Checks every stored value against {@code requirement}.
     *
     * @param name the argument holding {@code data} ({@code "values"} or {@code "data"})
     * @param rows the row starts ({@code nObs + 1})
     * @param indices the CSR gene of each stored value, or {@code null} for a dense matrix
     * @throws IllegalArgumentException naming the first bad value, its cell and gene
     */
    static void requireValues(String name, float[] data, long[] rows, int[] indices, Requirement requirement) {
        for (int k = 0; k < data.length; k++) {
            float v = data[k];
            boolean ok = Float.isFinite(v) && (requirement == Requirement.FINITE || v >= 0f);
            if (!ok) {
                int cell = rowOf(rows, k);
                long gene = indices == null ? k - rows[cell] : indices[k];
                throw new IllegalArgumentException(name + "[" + k + "] (cell " + cell + ", gene " + gene
                        + "): expected " + requirement.description + ", got " + v);
            }
        }
    }

    /** The row whose range {@code [rows[i], rows[i + 1])} holds value index {@code k}. */
    private static int rowOf(long[] rows, long k) {
        int lo = 0;
        int hi = rows.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (rows[mid] <= k) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private static void requireNonNull(String name, Object array) {
        if (array == null) {
            throw new IllegalArgumentException(name + ": expected an array, got null");
        }
    }

    private static void requirePositive(String name, int size) {
        if (size < 1) {
            throw new IllegalArgumentException(name + ": expected >= 1, got " + size);
        }
    }
}
