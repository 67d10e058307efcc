package dev.sslheads.preprocessing;

/**
 * The per-gene output of {@link Preprocessing#highlyVariableGenes}: scanpy's {@code var} columns, in
 * the dtypes scanpy writes them. The arrays are fresh ones that the caller owns.
 *
 * @param highlyVariable (nVars) {@code var["highly_variable"]}
 * @param means (nVars) {@code var["means"]}, float64: {@code log1p} of the mean of
 *     {@code expm1(X)} (a zero mean counts as 1e-12)
 * @param dispersions (nVars) {@code var["dispersions"]}, float64: {@code log(variance / mean)} of
 *     {@code expm1(X)}, NaN where the variance is 0 (or below 0 by rounding)
 * @param dispersionsNorm (nVars) {@code var["dispersions_norm"]}, float32: the dispersion
 *     standardised within its mean bin, NaN where the dispersion is NaN
 */
public record HvgResult(boolean[] highlyVariable, double[] means, double[] dispersions, float[] dispersionsNorm) {
    /** The number of highly variable genes. */
    public int count() {
        int n = 0;
        for (boolean b : highlyVariable) {
            if (b) {
                n++;
            }
        }
        return n;
    }
}
