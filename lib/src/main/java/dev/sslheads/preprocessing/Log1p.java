package dev.sslheads.preprocessing;

/**
 * scanpy's {@code log1p}: {@code x = log(1 + x)}, natural unless a base is given, in place on float32
 * values. As numpy does for float32 {@code X}, the logarithm is rounded to float32 first; with a base
 * it is then divided by {@code log(base)} in float64 (numpy 2 promotes the float64 scalar) and
 * rounded to float32 again. The float32 logarithm here is the float64 {@code Math.log1p} rounded;
 * numpy's float32 {@code log1p} is a float32 routine that differs from it by one float32 ulp on a
 * few percent of values (3.7 % of the golden ones).
 */
final class Log1p {
    private Log1p() {}

    /** Takes {@code log1p} of every value, then divides by {@code log(base)} unless {@code base} is null. */
    static void apply(float[] data, Double base) {
        if (base == null) {
            for (int k = 0; k < data.length; k++) {
                data[k] = (float) Math.log1p(data[k]);
            }
            return;
        }
        double logBase = logOfBase("base", base);
        for (int k = 0; k < data.length; k++) {
            float natural = (float) Math.log1p(data[k]);
            data[k] = (float) (natural / logBase);
        }
    }

    /**
     * {@code log(base)} for a logarithm base.
     *
     * @param name the argument holding the base, for the message
     * @throws IllegalArgumentException unless {@code base} is finite, {@code > 0} and {@code != 1}
     */
    static double logOfBase(String name, double base) {
        if (!(base > 0.0) || base == 1.0 || Double.isInfinite(base)) {
            throw new IllegalArgumentException(name + ": expected a finite logarithm base > 0 and != 1, got " + base);
        }
        return Math.log(base);
    }
}
