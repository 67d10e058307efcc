package dev.sslheads.novae.module;

import java.util.Random;

/** The from-scratch initialisations of novae's layers (spec §3.4.2, §3.4.3), as host arrays from one seeded stream. */
final class Initializers {
    private Initializers() {}

    /** {@code n} values uniform in [-bound, bound). */
    static float[] uniform(Random random, int n, double bound) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
        }
        return values;
    }

    /** PyG's glorot for a {@code (rows, cols)} tensor: uniform with bound sqrt(6 / (rows + cols)). */
    static float[] glorot(Random random, int rows, int cols) {
        return uniform(random, rows * cols, Math.sqrt(6.0 / (rows + cols)));
    }

    /** Standard normal values. */
    static float[] normal(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** The {@code (n, n)} identity, row-major. */
    static float[] identity(int n) {
        float[] values = new float[n * n];
        for (int i = 0; i < n; i++) {
            values[i * n + i] = 1;
        }
        return values;
    }
}
