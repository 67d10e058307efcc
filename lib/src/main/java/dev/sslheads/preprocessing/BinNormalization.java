package dev.sslheads.preprocessing;

/**
 * scanpy's seurat normalisation of the dispersions within mean bins:
 * {@code dispersionNorm = (d - avg) / dev} with {@code avg} the mean and {@code dev} the standard
 * deviation (ddof 1) of the bin's non-NaN dispersions, as pandas' groupby mean/std compute them.
 * Where {@code dev} is NaN (a bin with a single non-NaN dispersion, or none) scanpy sets
 * {@code dev = avg, avg = 0}, so a lone gene gets exactly 1. Accumulation is float64, two-pass
 * (pandas uses compensated/Welford sums: the results differ in the last bits only).
 */
final class BinNormalization {
    private BinNormalization() {}

    /**
     * @param dispersions (nVars) float64, NaN allowed
     * @param bins (nVars) a bin in {@code [0, nBins)} per gene
     * @return (nVars) the normalised dispersions, NaN where the dispersion is NaN or the quotient is 0 / 0
     */
    static double[] normalize(double[] dispersions, int[] bins, int nBins) {
        double[] sum = new double[nBins];
        int[] count = new int[nBins];
        for (int g = 0; g < dispersions.length; g++) {
            if (!Double.isNaN(dispersions[g])) {
                sum[bins[g]] += dispersions[g];
                count[bins[g]]++;
            }
        }
        double[] avg = new double[nBins];
        for (int b = 0; b < nBins; b++) {
            avg[b] = count[b] > 0 ? sum[b] / count[b] : Double.NaN;
        }
        double[] squares = new double[nBins];
        for (int g = 0; g < dispersions.length; g++) {
            if (!Double.isNaN(dispersions[g])) {
                double deviation = dispersions[g] - avg[bins[g]];
                squares[bins[g]] += deviation * deviation;
            }
        }
        double[] dev = new double[nBins];
        for (int b = 0; b < nBins; b++) {
            dev[b] = count[b] > 1 ? Math.sqrt(squares[b] / (count[b] - 1)) : Double.NaN;
            if (Double.isNaN(dev[b])) {
                dev[b] = avg[b];
                avg[b] = 0.0;
            }
        }
        double[] norm = new double[dispersions.length];
        for (int g = 0; g < norm.length; g++) {
            norm[g] = (dispersions[g] - avg[bins[g]]) / dev[bins[g]];
        }
        return norm;
    }
}
