package dev.sslheads.preprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Golden;
import java.util.List;

/**
 * One case of {@code golden/preprocessing/} ({@code dense}, {@code csr} or {@code small}), written by
 * (from the repository root)
 *
 * <pre>/usr/bin/python3 scripts/reference/preprocessing_goldens.py</pre>
 *
 * which restates scanpy's {@code normalize_total}, {@code log1p} and
 * {@code highly_variable_genes(flavor="seurat")} in numpy/pandas; the file's layout is described in
 * the generator's docstring. Each accessor returns a fresh copy, so tests may run the in-place
 * functions on it.
 */
final class PreprocessingGolden {
    private final Golden golden;

    private PreprocessingGolden(Golden golden) {
        this.golden = golden;
    }

    static PreprocessingGolden load(String name) {
        return new PreprocessingGolden(Golden.load("preprocessing/" + name + ".json"));
    }

    String name() {
        return golden.name();
    }

    int nObs() {
        return golden.integer("n_obs");
    }

    int nVars() {
        return golden.integer("n_vars");
    }

    boolean isCsr() {
        return golden.has("indptr");
    }

    /** The dense counts, row-major (dense cases only). */
    float[] counts() {
        return floats("counts");
    }

    long[] indptr() {
        JsonArray a = golden.json().getAsJsonArray("indptr");
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }

    int[] indices() {
        return golden.ints("indices");
    }

    /** The CSR stored counts (CSR cases only). */
    float[] data() {
        return floats("data");
    }

    Double targetSum() {
        return nullableNumber("target_sum");
    }

    Double log1pBase() {
        return nullableNumber("log1p_base");
    }

    float[] totals() {
        return floats("totals");
    }

    float target() {
        return (float) golden.number("target");
    }

    /** The normalised stored values at positions {@code 0, s, 2s, ...}, {@code s = normalizedStride()}. */
    float[] normalizedSample() {
        return floats("normalized");
    }

    int normalizedStride() {
        return golden.integer("normalized_stride");
    }

    /** All stored values after normalize_total and log1p: the input of every HVG run. */
    float[] logged() {
        return floats("logged");
    }

    List<HvgRun> hvgRuns() {
        return golden.children("hvg").stream().map(HvgRun::new).toList();
    }

    /** One {@code highly_variable_genes} call: its options and scanpy's var columns. */
    static final class HvgRun {
        private final Golden run;

        private HvgRun(Golden run) {
            this.run = run;
        }

        String name() {
            return run.name();
        }

        HvgOptions options() {
            JsonObject o = run.json().getAsJsonObject("options");
            Double maxDisp = nullable(o.get("max_disp"));
            Double nTop = nullable(o.get("n_top_genes"));
            return new HvgOptions(o.get("min_mean").getAsDouble(), o.get("max_mean").getAsDouble(),
                    o.get("min_disp").getAsDouble(), maxDisp == null ? Double.POSITIVE_INFINITY : maxDisp,
                    nTop == null ? null : nTop.intValue(), o.get("n_bins").getAsInt(), nullable(o.get("log1p_base")));
        }

        boolean[] highlyVariable() {
            JsonArray a = run.json().getAsJsonArray("highly_variable");
            boolean[] out = new boolean[a.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = a.get(i).getAsBoolean();
            }
            return out;
        }

        double[] means() {
            return doubles(run, "means");
        }

        double[] dispersions() {
            return doubles(run, "dispersions");
        }

        double[] dispersionsNorm() {
            return doubles(run, "dispersions_norm");
        }
    }

    /** A fresh copy of the stored counts: {@link #data()} for CSR, {@link #counts()} for dense. */
    float[] stored() {
        return isCsr() ? data() : counts();
    }

    /** {@link Preprocessing#normalizeTotal} on {@code stored} (this case's layout) with its target sum. */
    NormalizedTotals normalizeTotal(float[] stored) {
        return isCsr()
                ? Preprocessing.normalizeTotal(indptr(), indices(), stored, nVars(), targetSum())
                : Preprocessing.normalizeTotal(stored, nObs(), nVars(), targetSum());
    }

    /** {@link Preprocessing#log1p} on {@code stored} (this case's layout) with its base. */
    void log1p(float[] stored) {
        if (isCsr()) {
            Preprocessing.log1p(indptr(), indices(), stored, nVars(), log1pBase());
        } else {
            Preprocessing.log1p(stored, nObs(), nVars(), log1pBase());
        }
    }

    /** {@link Preprocessing#highlyVariableGenes} on {@code stored} (this case's layout). */
    HvgResult highlyVariableGenes(float[] stored, HvgOptions options) {
        return isCsr()
                ? Preprocessing.highlyVariableGenes(indptr(), indices(), stored, nVars(), options)
                : Preprocessing.highlyVariableGenes(stored, nObs(), nVars(), options);
    }

    /** {@code values[0], values[stride], values[2 * stride], ...} */
    static float[] every(float[] values, int stride) {
        float[] out = new float[(values.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i * stride];
        }
        return out;
    }

    /** Asserts {@code |e - a| <= rel * max(|e|, |a|)} element-wise, NaN matching NaN only. */
    static void assertClose(String what, double[] expected, double[] actual, double rel) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (Double.isNaN(e) != Double.isNaN(a)) {
                    fail(what + "[" + i + "]: expected " + e + ", got " + a);
                }
                continue;
            }
            assertTrue(Math.abs(e - a) <= rel * Math.max(Math.abs(e), Math.abs(a)),
                    what + "[" + i + "]: expected " + e + ", got " + a + " (relative tolerance " + rel + ")");
        }
    }

    static void assertClose(String what, float[] expected, float[] actual, double rel) {
        assertClose(what, widen(expected), widen(actual), rel);
    }

    static double[] widen(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private float[] floats(String key) {
        return Golden.flat(golden.json().get(key));
    }

    private Double nullableNumber(String key) {
        return nullable(golden.json().get(key));
    }

    private static Double nullable(JsonElement e) {
        return e == null || e.isJsonNull() ? null : e.getAsDouble();
    }

    /** A float64 list where null is NaN. */
    private static double[] doubles(Golden g, String key) {
        JsonArray a = g.json().getAsJsonArray(key);
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isJsonNull() ? Double.NaN : a.get(i).getAsDouble();
        }
        return out;
    }
}
