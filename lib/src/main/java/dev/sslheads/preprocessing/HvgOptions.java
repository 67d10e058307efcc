package dev.sslheads.preprocessing;

/**
 * The arguments of scanpy's {@code highly_variable_genes(flavor="seurat")}; {@link #defaults()} holds
 * scanpy's defaults and the {@code with...} methods change one argument each.
 *
 * <p>With {@code nTopGenes} null a gene is highly variable when {@code minMean < mean < maxMean} and
 * {@code minDisp < dispersionNorm < maxDisp} (the mean is the {@code log1p} of the gene's mean
 * expression; a NaN normalised dispersion counts as 0). With {@code nTopGenes} the cutoffs are
 * ignored (scanpy warns when they are not the defaults) and the genes whose normalised dispersion
 * reaches the {@code nTopGenes}-th highest one are kept, ties included.
 *
 * @param minMean lower mean cutoff (exclusive), default 0.0125
 * @param maxMean upper mean cutoff (exclusive), default 3
 * @param minDisp lower normalised-dispersion cutoff (exclusive), default 0.5
 * @param maxDisp upper normalised-dispersion cutoff (exclusive), default {@code +inf}
 * @param nTopGenes the number of genes to keep, or null to use the cutoffs
 * @param nBins the number of equal-width bins of the means, default 20
 * @param log1pBase the base the data were {@code log1p}-ed with (scanpy reads
 *     {@code uns["log1p"]["base"]}), or null for the natural logarithm
 */
public record HvgOptions(double minMean, double maxMean, double minDisp, double maxDisp, Integer nTopGenes,
        int nBins, Double log1pBase) {

    /**
     * @throws IllegalArgumentException on a NaN cutoff, {@code minMean > maxMean},
     *     {@code minDisp > maxDisp}, {@code nTopGenes < 1}, {@code nBins < 1} or a base that is not
     *     finite, {@code > 0} and {@code != 1}
     */
    public HvgOptions {
        requireNotNaN("minMean", minMean);
        requireNotNaN("maxMean", maxMean);
        requireNotNaN("minDisp", minDisp);
        requireNotNaN("maxDisp", maxDisp);
        if (minMean > maxMean) {
            throw new IllegalArgumentException("minMean: expected <= maxMean = " + maxMean + ", got " + minMean);
        }
        if (minDisp > maxDisp) {
            throw new IllegalArgumentException("minDisp: expected <= maxDisp = " + maxDisp + ", got " + minDisp);
        }
        if (nTopGenes != null && nTopGenes < 1) {
            throw new IllegalArgumentException("nTopGenes: expected >= 1 (or null), got " + nTopGenes);
        }
        if (nBins < 1) {
            throw new IllegalArgumentException("nBins: expected >= 1, got " + nBins);
        }
        if (log1pBase != null) {
            Log1p.logOfBase("log1pBase", log1pBase);
        }
    }

    /** scanpy's defaults: {@code min_mean=0.0125, max_mean=3, min_disp=0.5, max_disp=inf, n_bins=20}. */
    public static HvgOptions defaults() {
        return new HvgOptions(0.0125, 3.0, 0.5, Double.POSITIVE_INFINITY, null, 20, null);
    }

    /** These options with {@code minMean} and {@code maxMean} replaced. */
    public HvgOptions withMeanRange(double min, double max) {
        return new HvgOptions(min, max, minDisp, maxDisp, nTopGenes, nBins, log1pBase);
    }

    /** These options with {@code minDisp} and {@code maxDisp} replaced. */
    public HvgOptions withDispersionRange(double min, double max) {
        return new HvgOptions(minMean, maxMean, min, max, nTopGenes, nBins, log1pBase);
    }

    /** These options selecting the top {@code n} genes ({@code null}: back to the cutoffs). */
    public HvgOptions withNTopGenes(Integer n) {
        return new HvgOptions(minMean, maxMean, minDisp, maxDisp, n, nBins, log1pBase);
    }

    /** These options with {@code nBins} replaced. */
    public HvgOptions withNBins(int n) {
        return new HvgOptions(minMean, maxMean, minDisp, maxDisp, nTopGenes, n, log1pBase);
    }

    /** These options for data {@code log1p}-ed with {@code base} ({@code null}: natural logarithm). */
    public HvgOptions withLog1pBase(Double base) {
        return new HvgOptions(minMean, maxMean, minDisp, maxDisp, nTopGenes, nBins, base);
    }

    /**
     * Checks the options against a matrix's gene count.
     *
     * @throws IllegalArgumentException if {@code nTopGenes > nVars} (scanpy would quietly keep all genes)
     */
    void requireFits(int nVars) {
        if (nTopGenes != null && nTopGenes > nVars) {
            throw new IllegalArgumentException("nTopGenes: expected <= nVars = " + nVars + ", got " + nTopGenes);
        }
    }

    private static void requireNotNaN(String name, double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException(name + ": expected a number, got NaN");
        }
    }
}
