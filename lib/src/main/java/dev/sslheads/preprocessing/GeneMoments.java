package dev.sslheads.preprocessing;

/**
 * Per-gene mean and variance (ddof 1) of {@code expm1} of log data, the first step of scanpy's
 * seurat flavour, in one pass over the stored values (row by row, so a CSR matrix is never
 * transposed). The input is only read.
 *
 * <p>Arithmetic as scanpy and fast-array-utils {@code mean_var(axis=0, correction=1)}: with a
 * {@code log1p} base the value is first multiplied by {@code log(base)} in float64 and rounded to
 * float32; {@code e = expm1(x)} is float32 (the float64 {@code Math.expm1} rounded; numpy's float32
 * {@code expm1} differs from it by one ulp on about 1 % of values, which moves the moments by about
 * 1e-10 relative); float64 sums of {@code e} and of its float32 square
 * {@code e * e}; {@code mean = sum / n}, {@code var = sumSq / n - mean^2}, times {@code n / (n - 1)}
 * when {@code n > 1}. Rows are added in order, as numpy's axis-0 sum does.
 *
 * @param means (nVars) mean of {@code expm1(X)} per gene
 * @param variances (nVars) variance of {@code expm1(X)} per gene
 */
record GeneMoments(double[] means, double[] variances) {

    /** The moments of a dense row-major {@code (nObs, nVars)} matrix. */
    static GeneMoments ofDense(float[] values, int nObs, int nVars, Double log1pBase) {
        Sums sums = new Sums(nVars, log1pBase);
        for (int k = 0; k < values.length; k++) {
            sums.add(k % nVars, values[k]);
        }
        return sums.moments(nObs);
    }

    /** The moments of a CSR matrix; genes without a stored value in a cell count as 0 there. */
    static GeneMoments ofCsr(long[] indptr, int[] indices, float[] data, int nVars, Double log1pBase) {
        Sums sums = new Sums(nVars, log1pBase);
        for (int k = 0; k < data.length; k++) {
            sums.add(indices[k], data[k]);
        }
        return sums.moments(indptr.length - 1);
    }

    private static final class Sums {
        private final double[] sum;
        private final double[] sumOfSquares;
        private final boolean natural;
        private final double logBase;

        Sums(int nVars, Double log1pBase) {
            sum = new double[nVars];
            sumOfSquares = new double[nVars];
            natural = log1pBase == null;
            logBase = natural ? 1.0 : Log1p.logOfBase("log1pBase", log1pBase);
        }

        void add(int gene, float logged) {
            float x = natural ? logged : (float) (logged * logBase);
            float e = (float) Math.expm1(x);
            sum[gene] += e;
            sumOfSquares[gene] += e * e;
        }

        GeneMoments moments(int nObs) {
            double[] means = new double[sum.length];
            double[] variances = new double[sum.length];
            double correction = (double) nObs / (nObs - 1);
            for (int g = 0; g < sum.length; g++) {
                double mean = sum[g] / nObs;
                double variance = sumOfSquares[g] / nObs - mean * mean;
                means[g] = mean;
                variances[g] = nObs > 1 ? variance * correction : variance;
            }
            return new GeneMoments(means, variances);
        }
    }
}
