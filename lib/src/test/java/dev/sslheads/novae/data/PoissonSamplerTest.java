package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Poisson draws against the distribution itself: the sample mean and variance of 40,000 draws within four
 * standard errors of the mean, and the frequencies of values near the mean within four standard errors of
 * the probability mass, on both sides of the switch between inversion and PTRS at mean 10.
 */
class PoissonSamplerTest {
    private static final int DRAWS = 40_000;

    @Test
    void momentsAndMass() {
        SplittableRandom random = new SplittableRandom(11);
        for (double mean : new double[] {0.0, 0.3, 4.0, 9.99, 10.0, 37.5, 2500.0}) {
            long[] k = new long[DRAWS];
            for (int i = 0; i < DRAWS; i++) {
                k[i] = PoissonSampler.draw(random, mean);
            }
            double sampleMean = 0;
            for (long v : k) {
                sampleMean += v;
            }
            sampleMean /= DRAWS;
            double sampleVariance = 0;
            for (long v : k) {
                sampleVariance += (v - sampleMean) * (v - sampleMean);
            }
            sampleVariance /= DRAWS - 1;
            assertEquals(mean, sampleMean, 4 * Math.sqrt(mean / DRAWS) + 1e-12, "mean " + mean);
            // the sample variance of a Poisson(mean) has variance (mean + 2 mean²) / DRAWS, nearly
            assertEquals(mean, sampleVariance, 4 * Math.sqrt((mean + 2 * mean * mean) / DRAWS) + 1e-12, "variance at mean " + mean);
            long mode = (long) Math.floor(mean);
            for (long value = Math.max(0, mode - 1); value <= mode + 1; value++) {
                double p = Math.exp(-mean + value * Math.log(Math.max(mean, Double.MIN_VALUE)) - PoissonSampler.logFactorial(value));
                if (mean == 0) {
                    p = value == 0 ? 1 : 0;
                }
                long hits = 0;
                for (long v : k) {
                    hits += v == value ? 1 : 0;
                }
                assertEquals(p, (double) hits / DRAWS, 4 * Math.sqrt(p * (1 - p) / DRAWS) + 1e-12, "P(" + value + ") at mean " + mean);
            }
        }
    }

    @Test
    void logFactorialMatchesTheSum() {
        double sum = 0;
        for (int k = 1; k <= 300; k++) {
            sum += Math.log(k);
            assertEquals(sum, PoissonSampler.logFactorial(k), 1e-10 * Math.max(1, sum), "ln " + k + "!");
        }
        assertEquals(0, PoissonSampler.logFactorial(0));
    }
}
