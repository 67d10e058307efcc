package dev.sslheads.preprocessing;

/**
 * scanpy's {@code highly_variable_genes(flavor="seurat")} from the per-gene moments of
 * {@code expm1(X)}: a zero mean becomes 1e-12, {@code dispersion = variance / mean} with 0 turned
 * into NaN, then {@code log(dispersion)} and {@code log1p(mean)} (float64); the log1p means are
 * binned ({@link MeanBins}), the dispersions standardised per bin ({@link BinNormalization}) and the
 * genes chosen ({@link HvgSelection}).
 */
final class SeuratHvg {
    private SeuratHvg() {}

    /**
     * @param moments the moments of {@code expm1(X)}
     * @param argument the matrix argument the moments come from, for messages
     * @throws IllegalArgumentException where scanpy raises: a mean is infinite ({@code expm1} of a
     *     value overflows float32; pandas.cut rejects it), or the means are too close for
     *     {@code nBins} bins ({@link MeanBins#assign})
     */
    static HvgResult select(GeneMoments moments, HvgOptions options, String argument) {
        int nVars = moments.means().length;
        double[] means = new double[nVars];
        double[] dispersions = new double[nVars];
        for (int g = 0; g < nVars; g++) {
            double mean = moments.means()[g] == 0.0 ? 1e-12 : moments.means()[g];
            if (Double.isInfinite(mean)) {
                throw new IllegalArgumentException(argument + ": expected log1p data whose expm1 fits float32, got"
                        + " an infinite mean of expm1 for gene " + g + " (pandas.cut rejects infinite means)");
            }
            double dispersion = moments.variances()[g] / mean;
            dispersions[g] = Math.log(dispersion == 0.0 ? Double.NaN : dispersion);
            means[g] = Math.log1p(mean);
        }
        int[] bins = MeanBins.assign(means, options.nBins());
        double[] norms = BinNormalization.normalize(dispersions, bins, options.nBins());
        boolean[] selected = options.nTopGenes() == null
                ? HvgSelection.byCutoffs(means, norms, options)
                : HvgSelection.topGenes(norms, options.nTopGenes());
        float[] storedNorms = new float[nVars];
        for (int g = 0; g < nVars; g++) {
            storedNorms[g] = (float) norms[g];
        }
        return new HvgResult(selected, means, dispersions, storedNorms);
    }
}
