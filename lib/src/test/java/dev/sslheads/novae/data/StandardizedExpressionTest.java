package dev.sslheads.novae.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.testing.Golden;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Per-slide standardisation (spec §2.2; upstream novae/data/convert.py {@code AnnDataTorch._compute_means_stds},
 * {@code to_tensor}): over all cells of each slide, μ = mean and σ = sqrt(population variance) (fast-array-utils
 * {@code mean_var}, correction 0, i.e. ddof 0) in float64, cast to float32; x = (X − μ) / (σ + 1e-8): the epsilon is
 * added to σ, and a zero σ has no special rule (a constant column gives 0 / 1e-8 = 0).
 */
class StandardizedExpressionTest {
    private static final String[] SLIDES = {"b", "a", "c", "a", "b"};

    /** log1p-like values {@code (n, genes)} and the slide of each row (interleaved). */
    private static float[] values(int n, int genes, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n * genes];
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextDouble() < 0.3 ? 0f : (float) Math.log1p(random.nextInt(12));
        }
        return x;
    }

    private static String[] slides(int n) {
        return IntStream.range(0, n).mapToObj(i -> SLIDES[i % SLIDES.length]).toArray(String[]::new);
    }

    /**
     * The spec formula in double precision, two-pass variance with divisor n: {@code [0]} the values, {@code [1]} each
     * entry's error scale {@code |μ| / (σ + 1e-8) + |x|}: float32 rounding of μ, σ and of the three operations moves an
     * entry by a few float32 epsilons (6e-8) of it.
     */
    private static double[][] reference(float[] x, int genes, int[] columns, String[] slideOf) {
        int n = slideOf.length;
        double[] out = new double[n * columns.length];
        double[] scale = new double[out.length];
        for (int j = 0; j < columns.length; j++) {
            for (String slide : new String[] {"a", "b", "c"}) {
                int[] rows = IntStream.range(0, n).filter(i -> slideOf[i].equals(slide)).toArray();
                int col = columns[j];
                double mean = IntStream.of(rows).mapToDouble(i -> x[i * genes + col]).sum() / rows.length;
                double var = IntStream.of(rows).mapToDouble(i -> Math.pow(x[i * genes + col] - mean, 2)).sum() / rows.length;
                for (int i : rows) {
                    int k = i * columns.length + j;
                    out[k] = (x[i * genes + col] - mean) / (Math.sqrt(var) + 1e-8);
                    scale[k] = Math.abs(mean) / (Math.sqrt(var) + 1e-8) + Math.abs(out[k]);
                }
            }
        }
        return new double[][] {out, scale};
    }

    @Test
    void matchesTheFormulaInDoublePrecision() {
        int n = 60;
        int genes = 7;
        float[] x = values(n, genes, 1);
        int[] columns = {4, 0, 6, 2};
        String[] slideOf = slides(n);
        float[] actual = StandardizedExpression.of(DenseArray.of(x, n, genes), columns, slideOf);
        double[][] expected = reference(x, genes, columns, slideOf);
        assertEquals(expected[0].length, actual.length);
        for (int k = 0; k < actual.length; k++) {
            assertEquals(expected[0][k], actual[k], 1e-6 * expected[1][k], "entry " + k);
        }
    }

    /** ddof 0: values {0, 2} have σ = 1 (ddof 1 would give √2), so they standardise to ∓1 / (1 + 1e-8) = ∓1f. */
    @Test
    void populationVariance() {
        float[] x = {0, 5, 2, 5};
        float[] out = StandardizedExpression.of(DenseArray.of(x, 2, 2), new int[] {0, 1}, new String[] {"s", "s"});
        assertArrayEquals(new float[] {-1f, 0f, 1f, 0f}, out);
    }

    @Test
    void sparseEqualsDense() {
        int n = 45;
        int genes = 6;
        float[] x = values(n, genes, 2);
        int[] columns = {5, 1, 3};
        String[] slideOf = slides(n);
        DenseArray dense = DenseArray.of(x, n, genes);
        Matrix sparse = SparseMatrix.fromDense(dense, SparseMatrix.Format.CSR);
        Matrix csc = SparseMatrix.fromDense(dense, SparseMatrix.Format.CSC);
        float[] expected = StandardizedExpression.of(dense, columns, slideOf);
        assertArrayEquals(expected, StandardizedExpression.of(sparse, columns, slideOf));
        assertArrayEquals(expected, StandardizedExpression.of(csc, columns, slideOf));
    }

    /**
     * Constant columns and one-cell slides give exactly 0. Upstream takes var = mean(x²) − mean² with x² rounded to
     * float32 and no clamp, so such a column can get a slightly negative variance and a NaN σ (e.g. 7 cells of
     * log1p(3) in float32, checked with numpy 1.24); here the variance is clamped at 0.
     */
    @Test
    void constantColumnsAndSingleCellSlidesGiveZero() {
        float v = (float) Math.log1p(3);
        float[] x = new float[8 * 2];
        for (int i = 0; i < 8; i++) {
            x[2 * i] = v;
            x[2 * i + 1] = i;
        }
        String[] slideOf = {"s", "s", "s", "s", "s", "s", "s", "solo"};
        float[] out = StandardizedExpression.of(DenseArray.of(x, 8, 2), new int[] {0, 1}, slideOf);
        for (int i = 0; i < 8; i++) {
            assertEquals(0f, out[2 * i], "constant column, row " + i);
        }
        assertEquals(0f, out[15], "one-cell slide");
    }

    /** golden/novae_data/standardization.json: {@code /usr/bin/python3 scripts/reference/novae_data_goldens.py}. */
    @Test
    void matchesUpstreamRestatement() {
        for (Golden c : Golden.load("novae_data/standardization.json").children("cases")) {
            int n = c.integer("n");
            int genes = c.integer("genes");
            int[] columns = c.ints("columns");
            String[] slideOf = c.strings("slides");
            Matrix x;
            if (c.has("x_dense")) {
                x = DenseArray.of(Golden.flat(c.json().get("x_dense")), n, genes);
            } else {
                JsonObject s = c.json().getAsJsonObject("x_sparse");
                JsonArray indptr = s.getAsJsonArray("indptr");
                JsonArray indices = s.getAsJsonArray("indices");
                x = SparseMatrix.csr(n, genes, IntStream.range(0, indptr.size()).mapToLong(i -> indptr.get(i).getAsLong()).toArray(),
                        IntStream.range(0, indices.size()).map(i -> indices.get(i).getAsInt()).toArray(), Golden.flat(s.get("data")));
            }
            float[] expected = Golden.flat(c.json().get("expected"));
            float[] actual = StandardizedExpression.of(x, columns, slideOf);
            assertEquals(expected.length, actual.length);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], actual[k], 1e-6 * Math.max(1, Math.abs(expected[k])), c.string("name") + " entry " + k);
            }
        }
    }
}
