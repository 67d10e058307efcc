package dev.sslheads.novae.data;

/**
 * The arguments of {@link MixtureToyDataset}, a harder toy than novae's: domains are mixtures of cell
 * types, and every slide has its own gene batch effects.
 *
 * @param nPanels AnnData returned, one per gene panel
 * @param nSlidesPerPanel slides per panel, each with its own domain layout and batch effects
 * @param nDomains spatial domains
 * @param nCellTypes cell types, each with its own expression profile; at least {@code nDomains}
 * @param typesPerDomain cell types mixed in equal parts in each domain ({@code 1 <= typesPerDomain < nCellTypes}):
 *     domain d holds types {@code d, d+1, ..., d+typesPerDomain-1} modulo nCellTypes
 * @param patchesPerDomain Voronoi patches of each domain per slide
 * @param xmax radius of the disc of grid cells (1257 cells per slide at 400, 1959 at 500, step 20)
 * @param step grid spacing
 * @param nVars genes before panel selection (the first of novae's 500 gene symbols, else {@code g{i}})
 * @param nDrop genes dropped per panel (panel p keeps {@code nVars - nDrop - p}, in random order)
 * @param typeLogFoldSd standard deviation of each cell type's natural-log fold change per gene
 * @param batchLogSd standard deviation of each slide's natural-log multiplicative factor per gene
 * @param ambientLevel mean of each slide's additive (ambient) expression per gene, as a multiple of an average gene's
 * @param countsPerCell median expected counts of a cell before batch effects
 * @param librarySizeLogSd standard deviation of the natural log of each cell's library size
 * @param seed random seed
 */
public record MixtureToySettings(int nPanels, int nSlidesPerPanel, int nDomains, int nCellTypes, int typesPerDomain,
                                 int patchesPerDomain, int xmax, int step, int nVars, int nDrop, double typeLogFoldSd,
                                 double batchLogSd, double ambientLevel, double countsPerCell, double librarySizeLogSd,
                                 long seed) {
    /**
     * 2 panels of 2 slides, 5 domains, each an equal mix of 2 of 5 cell types (so every type lies in two domains
     * in equal parts), 1 patch per domain and slide, 1257 cells per slide (5020 in all), 100 genes with 20 dropped
     * per panel, type and batch log-sd 1, ambient level 1, 5000 counts per cell, library log-sd 0.3, seed 0.
     */
    public static final MixtureToySettings DEFAULTS = new MixtureToySettings(2, 2, 5, 5, 2, 1, 400, 20, 100, 20, 1.0, 1.0,
            1.0, 5000, 0.3, 0L);

    public MixtureToySettings {
        if (nVars - nDrop - nPanels <= 2) {
            throw new IllegalArgumentException("n_vars - n_drop - n_panels must be > 2, got " + nVars + " - " + nDrop + " - "
                    + nPanels + " = " + (nVars - nDrop - nPanels));
        }
        atLeast("n_panels", nPanels, 1);
        atLeast("n_slides_per_panel", nSlidesPerPanel, 1);
        atLeast("n_domains", nDomains, 1);
        atLeast("n_cell_types (at least n_domains)", nCellTypes, nDomains);
        atLeast("types_per_domain", typesPerDomain, 1);
        if (typesPerDomain >= nCellTypes) {
            throw new IllegalArgumentException("types_per_domain must be < n_cell_types=" + nCellTypes + ", got "
                    + typesPerDomain);
        }
        atLeast("patches_per_domain", patchesPerDomain, 1);
        atLeast("xmax", xmax, 1);
        atLeast("step", step, 1);
        atLeast("n_drop", nDrop, 0);
        nonNegative("type_log_fold_sd", typeLogFoldSd);
        nonNegative("batch_log_sd", batchLogSd);
        nonNegative("ambient_level", ambientLevel);
        nonNegative("library_size_log_sd", librarySizeLogSd);
        if (!(countsPerCell > 0) || Double.isInfinite(countsPerCell)) {
            throw new IllegalArgumentException("counts_per_cell must be positive and finite, got " + countsPerCell);
        }
    }

    private static void atLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
        }
    }

    private static void nonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
    }

    public MixtureToySettings withSeed(long value) {
        return new MixtureToySettings(nPanels, nSlidesPerPanel, nDomains, nCellTypes, typesPerDomain, patchesPerDomain, xmax,
                step, nVars, nDrop, typeLogFoldSd, batchLogSd, ambientLevel, countsPerCell, librarySizeLogSd, value);
    }
}
