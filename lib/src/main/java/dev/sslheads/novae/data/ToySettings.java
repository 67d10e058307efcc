package dev.sslheads.novae.data;

/**
 * The arguments of novae's {@code toy_dataset} with its defaults, plus the seed of this port's
 * generator (novae draws from numpy's global state). Every "lambda" is an exponential's mean, as
 * numpy's {@code exponential(scale)} takes it.
 *
 * @param nPanels AnnData returned, one per gene panel
 * @param nDomains concentric ring domains
 * @param nSlidesPerPanel slides concatenated into each panel's AnnData
 * @param xmax radius of the disc of cells (1959 cells per slide at 500, step 20)
 * @param nVars genes before dropping (the first of novae's 500 gene symbols, else {@code g{i}})
 * @param nDrop genes dropped per slide ({@code nVars - nDrop - panel} kept, in random order)
 * @param step grid spacing
 * @param panelShiftLambda mean of the per-panel expression shift
 * @param slideShiftLambda mean of the per-slide expression shift
 * @param domainShiftLambda mean of the per-domain expression shift
 * @param slideIdsUnique slide ids {@code slide_{p}_{s}} (else {@code slide_{s}}, shared across panels)
 * @param computeSpatialNeighbors build the graph with {@code slide_key} and cut every edge of cell 3
 * @param mergeLastDomainEvenSlide on even slides the outer ring is the previous domain
 * @param seed this port's random seed
 */
public record ToySettings(int nPanels, int nDomains, int nSlidesPerPanel, int xmax, int nVars, int nDrop, int step,
                          double panelShiftLambda, double slideShiftLambda, double domainShiftLambda, boolean slideIdsUnique,
                          boolean computeSpatialNeighbors, boolean mergeLastDomainEvenSlide, long seed) {
    /** novae's defaults, seed 0. */
    public static final ToySettings DEFAULTS = new ToySettings(3, 4, 1, 500, 100, 20, 20, 5, 1.5, 2.0, true, false, false, 0L);

    public ToySettings {
        if (nVars - nDrop - nPanels <= 2) {
            throw new IllegalArgumentException("n_vars - n_drop - n_panels must be > 2, got " + nVars + " - " + nDrop + " - "
                    + nPanels + " = " + (nVars - nDrop - nPanels));
        }
        positive("n_panels", nPanels);
        positive("n_domains", nDomains);
        positive("n_slides_per_panel", nSlidesPerPanel);
        positive("xmax", xmax);
        positive("step", step);
        if (nDrop < 0) {
            throw new IllegalArgumentException("n_drop must be >= 0, got " + nDrop);
        }
        for (double lambda : new double[] {panelShiftLambda, slideShiftLambda, domainShiftLambda}) {
            if (!(lambda > 0) || Double.isInfinite(lambda)) {
                throw new IllegalArgumentException("the shift lambdas (exponential means) must be positive and finite, got "
                        + panelShiftLambda + ", " + slideShiftLambda + ", " + domainShiftLambda);
            }
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    public ToySettings withSeed(long value) {
        return new ToySettings(nPanels, nDomains, nSlidesPerPanel, xmax, nVars, nDrop, step, panelShiftLambda, slideShiftLambda,
                domainShiftLambda, slideIdsUnique, computeSpatialNeighbors, mergeLastDomainEvenSlide, value);
    }

    public ToySettings withComputeSpatialNeighbors(boolean value) {
        return new ToySettings(nPanels, nDomains, nSlidesPerPanel, xmax, nVars, nDrop, step, panelShiftLambda, slideShiftLambda,
                domainShiftLambda, slideIdsUnique, value, mergeLastDomainEvenSlide, seed);
    }
}
