package dev.sslheads.novae.data;

import java.util.SplittableRandom;

/**
 * Poisson draws from a {@link SplittableRandom}: inversion by sequential search for means below 10,
 * above that Hörmann's transformed rejection with squeeze (PTRS, 1993), with the constants numpy's
 * {@code Generator.poisson} uses for it (numpy's small-mean method multiplies uniforms instead).
 */
final class PoissonSampler {
    private static final double PTRS_FROM = 10;
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private PoissonSampler() {}

    /** One draw with mean {@code mean} (finite, >= 0). */
    static long draw(SplittableRandom random, double mean) {
        return mean < PTRS_FROM ? inversion(random, mean) : ptrs(random, mean);
    }

    private static long inversion(SplittableRandom random, double mean) {
        double u = random.nextDouble();
        double p = Math.exp(-mean);
        double cumulative = p;
        long k = 0;
        while (u > cumulative && p > 0) {
            k++;
            p *= mean / k;
            cumulative += p;
        }
        return k;
    }

    private static long ptrs(SplittableRandom random, double mean) {
        double logMean = Math.log(mean);
        double b = 0.931 + 2.53 * Math.sqrt(mean);
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) {
                return k;
            }
        }
    }

    /** {@code ln(k!)}: summed below 10, else Stirling's series to the 1/k^5 term (error below 1e-10). */
    static double logFactorial(long k) {
        if (k < 10) {
            double sum = 0;
            for (int i = 2; i <= k; i++) {
                sum += Math.log(i);
            }
            return sum;
        }
        double x = k + 1.0;
        double inv = 1 / x;
        double inv2 = inv * inv;
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }
}
