package dev.sslheads.preprocessing;

import static dev.sslheads.preprocessing.PreprocessingGolden.assertClose;
import static dev.sslheads.preprocessing.PreprocessingGolden.every;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Preprocessing#normalizeTotal} against scanpy's {@code normalize_total}. Goldens
 * {@code golden/preprocessing/{dense,csr,small}.json} from
 * {@code /usr/bin/python3 scripts/reference/preprocessing_goldens.py}: dense 150 x 120 and CSR
 * 400 x 300 counts with {@code target_sum=None} (the median), dense 40 x 30 with
 * {@code target_sum=1e4}; cell 1 of each is empty.
 */
class NormalizeTotalTest {
    private static final double REL = 1e-6;

    @ParameterizedTest
    @ValueSource(strings = {"dense", "csr", "small"})
    void matchesScanpy(String name) {
        PreprocessingGolden g = PreprocessingGolden.load(name);
        float[] stored = g.stored();
        NormalizedTotals result = g.normalizeTotal(stored);
        assertClose(name + " totals", g.totals(), result.totals(), REL);
        assertEquals(g.target(), result.targetSum(), name + " target");
        assertClose(name + " normalized", g.normalizedSample(), every(stored, g.normalizedStride()), REL);
    }

    @Test
    void emptyCellIsLeftAndOthersReachTheTarget() {
        PreprocessingGolden g = PreprocessingGolden.load("dense");
        float[] values = g.counts();
        NormalizedTotals result = g.normalizeTotal(values);
        float[] factors = result.normFactors();
        assertEquals(0f, factors[1], "norm factor of the empty cell");
        for (int i = 0; i < g.nObs(); i++) {
            double sum = 0;
            for (int j = 0; j < g.nVars(); j++) {
                sum += values[i * g.nVars() + j];
            }
            assertEquals(i == 1 ? 0.0 : result.targetSum(), sum, 1e-3, "total of cell " + i + " after normalisation");
            assertEquals(result.totals()[i] / result.targetSum(), factors[i], "norm factor of cell " + i);
        }
    }
}
