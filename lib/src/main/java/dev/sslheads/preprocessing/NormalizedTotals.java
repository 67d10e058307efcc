package dev.sslheads.preprocessing;

/**
 * What {@link Preprocessing#normalizeTotal} used: the per-cell totals before normalisation and the
 * target each cell was scaled to. The array is a fresh one that the caller owns.
 *
 * @param totals (nObs) the sum of each cell's values before normalisation, float32 as scanpy keeps it
 * @param targetSum the total every cell with a non-zero total has afterwards: the given
 *     {@code targetSum} rounded to float32, or the median of the positive totals
 */
public record NormalizedTotals(float[] totals, float targetSum) {
    /**
     * scanpy's {@code norm_factor} (what {@code normalize_total(key_added=...)} writes to {@code obs}):
     * {@code totals / targetSum} in float32, 0 for cells whose total is 0 (those cells were left as
     * they were).
     *
     * @return a new (nObs) array
     */
    public float[] normFactors() {
        float[] factors = new float[totals.length];
        for (int i = 0; i < factors.length; i++) {
            factors[i] = totals[i] / targetSum;
        }
        return factors;
    }
}
