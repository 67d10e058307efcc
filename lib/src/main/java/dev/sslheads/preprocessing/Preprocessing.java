package dev.sslheads.preprocessing;

import dev.sslheads.preprocessing.Inputs.Requirement;

/**
 * scanpy's {@code sc.pp.normalize_total}, {@code sc.pp.log1p} and
 * {@code sc.pp.highly_variable_genes(flavor="seurat")} on plain arrays: cells are rows, genes are
 * columns. Every function comes in two overloads:
 * <ul>
 *   <li>dense: {@code float[] values} of length {@code nObs * nVars}, row-major (cell {@code i},
 *       gene {@code j} at {@code i * nVars + j});
 *   <li>CSR: {@code long[] indptr} ({@code nObs + 1}, from 0 to {@code data.length}, never
 *       decreasing), {@code int[] indices} (the gene of each stored value, in {@code [0, nVars)}) and
 *       {@code float[] data}; cells are {@code indptr.length - 1}.
 * </ul>
 *
 * <p>In-place contract: {@link #normalizeTotal} and {@link #log1p} overwrite {@code values} (or
 * {@code data}) with the result, as scanpy does on a float32 {@code X}; {@code indptr} and
 * {@code indices} are never written. {@link #highlyVariableGenes} only reads. Every argument is
 * checked before anything is written: a bad one throws {@link IllegalArgumentException} naming the
 * argument, what was expected and what was found, and leaves the arrays untouched.
 *
 * <p>Values must be finite everywhere, and also {@code >= 0} where a logarithm is taken
 * ({@code log1p}, and {@code highlyVariableGenes}, which expects {@code log1p} data). Arithmetic is
 * scanpy's float32 arithmetic where scanpy stores float32 and float64 where scanpy accumulates in
 * float64; the classes doing each step say where a result can differ from scanpy in the last bits.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * {@code sc.pp.normalize_total(adata, target_sum=targetSum)} on a dense matrix: every cell is
     * scaled so that its values sum to {@code targetSum}; cells whose total is 0 stay as they are.
     *
     * @param values (nObs * nVars) row-major, overwritten with the normalised values
     * @param targetSum the total per cell, or {@code null} for scanpy's default: the median of the
     *     positive cell totals
     * @return the per-cell totals before normalisation and the target used
     */
    public static NormalizedTotals normalizeTotal(float[] values, int nObs, int nVars, Double targetSum) {
        long[] rows = Inputs.denseRows(values, nObs, nVars);
        Inputs.requireValues("values", values, rows, null, Requirement.FINITE);
        return TotalCountNormalization.apply(values, rows, targetSum);
    }

    /**
     * {@code sc.pp.normalize_total(adata, target_sum=targetSum)} on a CSR matrix; see the dense overload.
     *
     * @param data (nnz) overwritten with the normalised values
     */
    public static NormalizedTotals normalizeTotal(long[] indptr, int[] indices, float[] data, int nVars,
            Double targetSum) {
        Inputs.csr(indptr, indices, data, nVars);
        Inputs.requireValues("data", data, indptr, indices, Requirement.FINITE);
        return TotalCountNormalization.apply(data, indptr, targetSum);
    }

    /**
     * {@code sc.pp.log1p(adata)}: {@code x = ln(1 + x)} for every value of a dense matrix.
     *
     * @param values (nObs * nVars) row-major, overwritten
     */
    public static void log1p(float[] values, int nObs, int nVars) {
        log1p(values, nObs, nVars, null);
    }

    /**
     * {@code sc.pp.log1p(adata, base=base)}: {@code x = log(1 + x) / log(base)} for every value of a
     * dense matrix; {@code base} null is the natural logarithm.
     *
     * @param values (nObs * nVars) row-major, overwritten
     * @throws IllegalArgumentException also when {@code base} is not finite, {@code > 0} and {@code != 1}
     */
    public static void log1p(float[] values, int nObs, int nVars, Double base) {
        long[] rows = Inputs.denseRows(values, nObs, nVars);
        Inputs.requireValues("values", values, rows, null, Requirement.LOG_INPUT);
        Log1p.apply(values, base);
    }

    /**
     * {@code sc.pp.log1p(adata)} on a CSR matrix: {@code x = ln(1 + x)} for every stored value.
     *
     * @param data (nnz) overwritten
     */
    public static void log1p(long[] indptr, int[] indices, float[] data, int nVars) {
        log1p(indptr, indices, data, nVars, null);
    }

    /**
     * {@code sc.pp.log1p(adata, base=base)} on a CSR matrix; see the dense overload.
     *
     * @param data (nnz) overwritten
     */
    public static void log1p(long[] indptr, int[] indices, float[] data, int nVars, Double base) {
        Inputs.csr(indptr, indices, data, nVars);
        Inputs.requireValues("data", data, indptr, indices, Requirement.LOG_INPUT);
        Log1p.apply(data, base);
    }

    /**
     * {@code sc.pp.highly_variable_genes(adata, flavor="seurat", ...)} on a dense matrix of
     * {@code log1p} data (read only).
     *
     * @param values (nObs * nVars) row-major
     * @param options the cutoffs or {@code n_top_genes}, the number of bins and the log1p base;
     *     {@link HvgOptions#defaults()} for scanpy's defaults
     * @return scanpy's four {@code var} columns, (nVars) each
     * @throws IllegalArgumentException also when {@code options.nTopGenes() > nVars}
     */
    public static HvgResult highlyVariableGenes(float[] values, int nObs, int nVars, HvgOptions options) {
        long[] rows = Inputs.denseRows(values, nObs, nVars);
        Inputs.requireValues("values", values, rows, null, Requirement.LOG1P_DATA);
        requireOptions(options, nVars);
        return SeuratHvg.select(GeneMoments.ofDense(values, nObs, nVars, options.log1pBase()), options, "values");
    }

    /**
     * {@code sc.pp.highly_variable_genes(adata, flavor="seurat", ...)} on a CSR matrix of
     * {@code log1p} data (read only; the per-gene sums take one pass over {@code data}); see the
     * dense overload.
     */
    public static HvgResult highlyVariableGenes(long[] indptr, int[] indices, float[] data, int nVars,
            HvgOptions options) {
        Inputs.csr(indptr, indices, data, nVars);
        Inputs.requireValues("data", data, indptr, indices, Requirement.LOG1P_DATA);
        requireOptions(options, nVars);
        return SeuratHvg.select(GeneMoments.ofCsr(indptr, indices, data, nVars, options.log1pBase()), options,
                "data");
    }

    private static void requireOptions(HvgOptions options, int nVars) {
        if (options == null) {
            throw new IllegalArgumentException("options: expected HvgOptions (HvgOptions.defaults() for scanpy's),"
                    + " got null");
        }
        options.requireFits(nVars);
    }
}
