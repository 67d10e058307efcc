package dev.sslheads.preprocessing;

import java.util.Arrays;

/**
 * scanpy's choice of the highly variable genes from the log1p means and the float64 normalised
 * dispersions: by cutoffs, or the top {@code n}. Infinite dispersions are clamped to
 * {@code +-Double.MAX_VALUE} first, as {@code numpy.nan_to_num} does in scanpy.
 */
final class HvgSelection {
    private HvgSelection() {}

    /**
     * {@code minMean < mean < maxMean} and {@code minDisp < norm < maxDisp}, a NaN norm counting as 0.
     *
     * @param means (nVars) log1p means
     * @param norms (nVars) normalised dispersions
     */
    static boolean[] byCutoffs(double[] means, double[] norms, HvgOptions options) {
        boolean[] selected = new boolean[means.length];
        for (int g = 0; g < means.length; g++) {
            double d = nanToNum(norms[g], 0.0);
            selected[g] = means[g] > options.minMean() && means[g] < options.maxMean()
                    && d > options.minDisp() && d < options.maxDisp();
        }
        return selected;
    }

    /**
     * The genes whose norm (NaN counting as {@code -inf}) is {@code >=} the {@code n}-th highest non-NaN
     * norm: all tied genes are kept, so more than {@code n} may be selected. When fewer than {@code n}
     * norms are non-NaN, all of those are kept (scanpy warns).
     *
     * @throws IllegalArgumentException if every norm is NaN (scanpy fails with an IndexError)
     */
    static boolean[] topGenes(double[] norms, int n) {
        double[] ranked = Arrays.stream(norms).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (ranked.length == 0) {
            throw new IllegalArgumentException("nTopGenes: cannot rank the genes, every normalised dispersion is NaN"
                    + " (no gene varies)");
        }
        double cutoff = ranked[ranked.length - Math.min(n, ranked.length)];
        boolean[] selected = new boolean[norms.length];
        for (int g = 0; g < norms.length; g++) {
            selected[g] = nanToNum(norms[g], Double.NEGATIVE_INFINITY) >= cutoff;
        }
        return selected;
    }

    /** {@code numpy.nan_to_num(v, nan=nan)}: NaN to {@code nan}, infinities to {@code +-MAX_VALUE}. */
    private static double nanToNum(double v, double nan) {
        if (Double.isNaN(v)) {
            return nan;
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? Double.MAX_VALUE : -Double.MAX_VALUE;
        }
        return v;
    }
}
