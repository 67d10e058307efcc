package dev.sslheads.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dense and CSR overloads give bit-identical results on the same matrix. Inputs: the counts of
 * {@code golden/preprocessing/{dense,csr}.json} from
 * {@code /usr/bin/python3 scripts/reference/preprocessing_goldens.py} (dense 150 x 120, CSR 400 x 300),
 * each also converted to the other layout here.
 */
class DenseCsrAgreementTest {

    @ParameterizedTest
    @ValueSource(strings = {"dense", "csr"})
    void layoutsAgreeBitForBit(String name) {
        PreprocessingGolden g = PreprocessingGolden.load(name);
        int nObs = g.nObs();
        int nVars = g.nVars();
        float[] dense = g.isCsr() ? toDense(g.indptr(), g.indices(), g.data(), nVars) : g.counts();
        long[] indptr = new long[nObs + 1];
        int nnz = 0;
        for (float v : dense) {
            nnz += v != 0f ? 1 : 0;
        }
        int[] indices = new int[nnz];
        float[] data = new float[nnz];
        for (int i = 0, k = 0; i < nObs; i++) {
            for (int j = 0; j < nVars; j++) {
                if (dense[i * nVars + j] != 0f) {
                    indices[k] = j;
                    data[k++] = dense[i * nVars + j];
                }
            }
            indptr[i + 1] = k;
        }

        NormalizedTotals denseTotals = Preprocessing.normalizeTotal(dense, nObs, nVars, null);
        NormalizedTotals csrTotals = Preprocessing.normalizeTotal(indptr, indices, data, nVars, null);
        assertArrayEquals(denseTotals.totals(), csrTotals.totals(), "totals");
        assertEquals(denseTotals.targetSum(), csrTotals.targetSum(), "target");
        assertArrayEquals(dense, toDense(indptr, indices, data, nVars), "normalised");

        Preprocessing.log1p(dense, nObs, nVars);
        Preprocessing.log1p(indptr, indices, data, nVars);
        assertArrayEquals(dense, toDense(indptr, indices, data, nVars), "logged");

        for (HvgOptions options : new HvgOptions[] {HvgOptions.defaults(), HvgOptions.defaults().withNTopGenes(40)}) {
            HvgResult a = Preprocessing.highlyVariableGenes(dense, nObs, nVars, options);
            HvgResult b = Preprocessing.highlyVariableGenes(indptr, indices, data, nVars, options);
            assertArrayEquals(a.highlyVariable(), b.highlyVariable(), options + " highly_variable");
            assertArrayEquals(a.means(), b.means(), options + " means");
            assertArrayEquals(a.dispersions(), b.dispersions(), options + " dispersions");
            assertArrayEquals(a.dispersionsNorm(), b.dispersionsNorm(), options + " dispersions_norm");
        }
    }

    private static float[] toDense(long[] indptr, int[] indices, float[] data, int nVars) {
        float[] dense = new float[(indptr.length - 1) * nVars];
        for (int i = 0; i + 1 < indptr.length; i++) {
            for (int k = (int) indptr[i]; k < indptr[i + 1]; k++) {
                dense[i * nVars + indices[k]] = data[k];
            }
        }
        return dense;
    }
}
