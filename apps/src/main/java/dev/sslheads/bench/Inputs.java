package dev.sslheads.bench;

import java.util.Random;

/** Benchmark inputs from fixed seeds (the reference side draws its own, with the same shapes). */
final class Inputs {
    static final long SEED = 20240601L;

    private Inputs() {}

    /** {@code rows * cols} standard normal values, row-major. */
    static float[] gaussian(Random random, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    /** {@code (rows, cols)} standard normal rows scaled to unit L2 norm. */
    static float[] unitRows(Random random, int rows, int cols) {
        float[] values = gaussian(random, rows, cols);
        for (int r = 0; r < rows; r++) {
            double norm = 0;
            for (int c = 0; c < cols; c++) {
                norm += (double) values[r * cols + c] * values[r * cols + c];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int c = 0; c < cols; c++) {
                values[r * cols + c] *= scale;
            }
        }
        return values;
    }

    /**
     * Gaussian blobs like scikit-learn's {@code make_blobs}: {@code centers} centres drawn from
     * U(-10, 10)^cols, equal-sized blobs (the first {@code n % centers} get one more point) of
     * standard deviation {@code std}.
     */
    static float[] blobs(Random random, int n, int cols, int centers, double std) {
        double[] c = new double[centers * cols];
        for (int i = 0; i < c.length; i++) {
            c[i] = -10 + 20 * random.nextDouble();
        }
        float[] values = new float[n * cols];
        int row = 0;
        for (int j = 0; j < centers; j++) {
            int size = n / centers + (j < n % centers ? 1 : 0);
            for (int s = 0; s < size; s++, row++) {
                for (int d = 0; d < cols; d++) {
                    values[row * cols + d] = (float) (c[j * cols + d] + std * random.nextGaussian());
                }
            }
        }
        return values;
    }
}
