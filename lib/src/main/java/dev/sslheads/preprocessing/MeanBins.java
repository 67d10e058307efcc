package dev.sslheads.preprocessing;

/**
 * The equal-width bins of {@code pandas.cut(x, bins=nBins)} (right-closed intervals), as scanpy's
 * seurat flavour bins the gene means. pandas takes {@code nBins + 1} edges
 * {@code numpy.linspace(min, max, nBins + 1)} and then widens the first one by 0.1 % of the range so
 * that the minimum falls into bin 0; when all values are equal it instead widens both ends by 0.1 %
 * of their magnitude (by 0.001 at 0). A value {@code x} goes to bin {@code k} when
 * {@code edges[k] < x <= edges[k + 1]}.
 */
final class MeanBins {
    private MeanBins() {}

    /**
     * The bin of every value.
     *
     * @param values (n) finite values
     * @return (n) a bin in {@code [0, nBins)} per value
     * @throws IllegalArgumentException where scanpy fails: when the range of the values is so narrow
     *     in float64 that the edges are not distinct (pandas.cut raises) or that the widening leaves the
     *     first edge at the minimum, which then lies in no bin (pandas gives NaN, and scanpy's lookup
     *     of the bin's statistics raises a KeyError)
     */
    static int[] assign(double[] values, int nBins) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double[] edges = edges(min, max, nBins);
        boolean distinct = true;
        for (int k = 1; nBins > 1 && k < edges.length; k++) {
            distinct &= edges[k] != edges[k - 1];
        }
        if (!distinct || !(edges[0] < min)) {
            throw new IllegalArgumentException("nBins: expected a range of the log1p means wide enough for distinct"
                    + " bin edges that cover it (pandas.cut, as scanpy calls it, fails otherwise), got nBins = "
                    + nBins + " over [" + min + ", " + max + "]");
        }
        int[] bins = new int[values.length];
        for (int g = 0; g < values.length; g++) {
            bins[g] = firstEdgeAtLeast(edges, values[g]) - 1;
        }
        return bins;
    }

    private static double[] edges(double min, double max, int nBins) {
        if (min == max) {
            return linspace(min - (min != 0 ? 0.001 * Math.abs(min) : 0.001),
                    max + (max != 0 ? 0.001 * Math.abs(max) : 0.001), nBins + 1);
        }
        double[] edges = linspace(min, max, nBins + 1);
        edges[0] -= (max - min) * 0.001;
        return edges;
    }

    /**
     * {@code numpy.linspace(start, stop, num)} in numpy's operation order ({@code i * step + start},
     * the last edge {@code stop}) for {@code num >= 2}. numpy's other branch, for a step that
     * underflows to 0, cannot occur here: log1p means of non-negative data are at least about 1e-12,
     * so {@code stop - start} is at least an ulp of that, far above the float64 underflow.
     */
    private static double[] linspace(double start, double stop, int num) {
        int div = num - 1;
        double step = (stop - start) / div;
        double[] y = new double[num];
        for (int i = 0; i < num; i++) {
            y[i] = i * step + start;
        }
        y[div] = stop;
        return y;
    }

    /** {@code numpy.searchsorted(edges, x, side="left")}: the first index whose edge is {@code >= x}. */
    private static int firstEdgeAtLeast(double[] edges, double x) {
        int lo = 0;
        int hi = edges.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (edges[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
