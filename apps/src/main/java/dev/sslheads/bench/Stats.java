package dev.sslheads.bench;

import java.util.Arrays;

/**
 * Timings of one benchmark side: the median and the minimum of the timed repetitions, in seconds.
 *
 * @param medianS median seconds per repetition
 * @param minS fastest repetition in seconds
 * @param reps number of timed repetitions
 */
record Stats(double medianS, double minS, int reps) {

    /** Median and minimum of {@code seconds} (non-empty). */
    static Stats of(double[] seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
        return new Stats(median, sorted[0], n);
    }

    /** Times {@code body}: {@code warmup} untimed calls, then {@code reps} calls timed with System.nanoTime. */
    static Stats measure(int warmup, int reps, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long start = System.nanoTime();
            body.run();
            seconds[i] = (System.nanoTime() - start) * 1e-9;
        }
        return of(seconds);
    }
}
