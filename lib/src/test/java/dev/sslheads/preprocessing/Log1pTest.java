package dev.sslheads.preprocessing;

import static dev.sslheads.preprocessing.PreprocessingGolden.assertClose;
import static dev.sslheads.preprocessing.PreprocessingGolden.every;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Preprocessing#log1p} against scanpy's {@code log1p}. Goldens
 * {@code golden/preprocessing/{dense,csr,small}.json} from
 * {@code /usr/bin/python3 scripts/reference/preprocessing_goldens.py}: natural log for the dense
 * 150 x 120 and CSR 400 x 300 cases, {@code base=2} for the small 40 x 30 case, each applied after
 * {@code normalize_total}.
 */
class Log1pTest {
    private static final double REL = 1e-6;

    /** log1p alone, on scanpy's own normalised values (the stored sample, as one row). */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "csr", "small"})
    void matchesScanpyOnItsNormalizedValues(String name) {
        PreprocessingGolden g = PreprocessingGolden.load(name);
        float[] sample = g.normalizedSample();
        Preprocessing.log1p(sample, 1, sample.length, g.log1pBase());
        assertClose(name + " logged sample", every(g.logged(), g.normalizedStride()), sample, REL);
    }

    /** normalize_total then log1p from the counts, every stored value. */
    @ParameterizedTest
    @ValueSource(strings = {"dense", "csr", "small"})
    void chainMatchesScanpy(String name) {
        PreprocessingGolden g = PreprocessingGolden.load(name);
        float[] stored = g.stored();
        g.normalizeTotal(stored);
        g.log1p(stored);
        assertClose(name + " logged", g.logged(), stored, REL);
    }
}
