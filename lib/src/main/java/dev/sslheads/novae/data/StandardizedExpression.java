package dev.sslheads.novae.data;

import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import java.util.HashMap;
import java.util.Map;

/**
 * novae's per-slide standardisation (spec §2.2): over all cells of each slide and the used genes,
 * {@code μ_s} and {@code σ_s = sqrt(population variance)} in float64, cast to float32, then
 * {@code x = (X − μ_s) / (σ_s + 1e-8)} in float32. The model stores no statistics: they come from
 * the data being embedded.
 */
public final class StandardizedExpression {
    private static final float EPS = 1e-8f;

    private StandardizedExpression() {}

    /**
     * @param x the AnnData's X {@code (n, genes)}
     * @param columns the used genes' columns, in order ({@code G})
     * @param slideOf each cell's slide id
     * @return {@code (n, G)} row-major float32
     */
    public static float[] of(Matrix x, int[] columns, String[] slideOf) {
        int n = (int) x.shape()[0];
        int g = columns.length;
        float[] values = dense(x, columns);
        Map<String, double[]> sums = new HashMap<>();
        Map<String, double[]> squares = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            double[] s = sums.computeIfAbsent(slideOf[i], k -> new double[g]);
            double[] q = squares.computeIfAbsent(slideOf[i], k -> new double[g]);
            counts.merge(slideOf[i], 1, Integer::sum);
            for (int j = 0; j < g; j++) {
                double v = values[i * g + j];
                s[j] += v;
                q[j] += v * v;
            }
        }
        Map<String, float[][]> statistics = new HashMap<>();
        for (Map.Entry<String, double[]> slide : sums.entrySet()) {
            int count = counts.get(slide.getKey());
            float[] mean = new float[g];
            float[] std = new float[g];
            for (int j = 0; j < g; j++) {
                double m = slide.getValue()[j] / count;
                double variance = Math.max(0, squares.get(slide.getKey())[j] / count - m * m);
                mean[j] = (float) m;
                std[j] = (float) Math.sqrt(variance);
            }
            statistics.put(slide.getKey(), new float[][] {mean, std});
        }
        for (int i = 0; i < n; i++) {
            float[][] stat = statistics.get(slideOf[i]);
            for (int j = 0; j < g; j++) {
                values[i * g + j] = (values[i * g + j] - stat[0][j]) / (stat[1][j] + EPS);
            }
        }
        return values;
    }

    /** X restricted to {@code columns}, dense float32 row-major. */
    private static float[] dense(Matrix x, int[] columns) {
        int n = (int) x.shape()[0];
        int g = columns.length;
        float[] values = new float[n * g];
        if (x instanceof SparseMatrix sparse) {
            SparseMatrix csr = sparse.toFormat(SparseMatrix.Format.CSR);
            int[] position = new int[csr.cols()];
            java.util.Arrays.fill(position, -1);
            for (int j = 0; j < g; j++) {
                position[columns[j]] = j;
            }
            long[] indptr = csr.indptr();
            int[] indices = csr.indices();
            for (int i = 0; i < n; i++) {
                for (long k = indptr[i]; k < indptr[i + 1]; k++) {
                    int j = position[indices[(int) k]];
                    if (j >= 0) {
                        values[i * g + j] = (float) csr.values().getDouble((int) k);
                    }
                }
            }
            return values;
        }
        DenseArray dense = (DenseArray) x;
        int cols = dense.rowLength();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < g; j++) {
                values[i * g + j] = (float) dense.getDouble(i * cols + columns[j]);
            }
        }
        return values;
    }
}
