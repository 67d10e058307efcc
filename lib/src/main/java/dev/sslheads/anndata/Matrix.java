package dev.sslheads.anndata;

/**
 * A two-dimensional (or, for {@link DenseArray}, n-dimensional) array of an AnnData: {@code X}, a
 * layer, an {@code obsm}/{@code varm} entry or an {@code obsp}/{@code varp} graph. Dense arrays
 * are {@link DenseArray}, sparse ones {@link SparseMatrix}.
 *
 * <p>Selections return new matrices that share nothing with this one (AnnData's {@code .copy()}
 * semantics, never a view).
 */
public interface Matrix {
    /** The element type. */
    DType dtype();

    /** The shape, {@code (rows, columns)} for matrices; a fresh array. */
    long[] shape();

    /** The length of the first axis. */
    int rows();

    /** The rows at {@code indices}, in that order (repeats allowed). */
    Matrix selectRows(int[] indices);

    /** The columns at {@code indices}, in that order (repeats allowed); two-dimensional matrices only. */
    Matrix selectColumns(int[] indices);

    /** A copy sharing nothing with this matrix. */
    Matrix copy();

    /** Every element as float32, row-major (a copy, converted from the stored type). */
    float[] toFloatArray();

    /** Every element as float64, row-major (a copy, converted from the stored type). */
    double[] toDoubleArray();
}
