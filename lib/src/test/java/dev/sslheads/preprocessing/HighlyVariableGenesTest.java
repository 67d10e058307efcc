package dev.sslheads.preprocessing;

import static dev.sslheads.preprocessing.PreprocessingGolden.assertClose;
import static dev.sslheads.preprocessing.PreprocessingGolden.widen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.preprocessing.PreprocessingGolden.HvgRun;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Preprocessing#highlyVariableGenes} against scanpy's
 * {@code highly_variable_genes(flavor="seurat")}, run on scanpy's own log1p values. Goldens
 * {@code golden/preprocessing/{dense,csr,small}.json} from
 * {@code /usr/bin/python3 scripts/reference/preprocessing_goldens.py}: dense 150 x 120 with the
 * defaults and {@code n_top_genes=60}; CSR 400 x 300 with the defaults, {@code n_top_genes=50} and
 * {@code n_bins=7, min_mean=0.02, max_mean=2.5}; small 40 x 30 (log base 2, {@code max_mean=12})
 * with {@code n_bins} 20 and 5 and an {@code n_top_genes} whose cutoff is a tie. Gene 2 of each is
 * all zero (NaN dispersion).
 */
class HighlyVariableGenesTest {
    private static final double REL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"dense", "csr", "small"})
    void matchesScanpy(String name) {
        PreprocessingGolden g = PreprocessingGolden.load(name);
        float[] logged = g.logged();
        for (HvgRun run : g.hvgRuns()) {
            HvgResult result = g.highlyVariableGenes(logged, run.options());
            assertArrayEquals(run.highlyVariable(), result.highlyVariable(), run.name() + " highly_variable");
            assertClose(run.name() + " means", run.means(), result.means(), REL);
            assertClose(run.name() + " dispersions", run.dispersions(), result.dispersions(), REL);
            assertClose(run.name() + " dispersions_norm", run.dispersionsNorm(), widen(result.dispersionsNorm()), REL);
        }
        assertArrayEquals(g.logged(), logged, "the input is only read");
    }

    @Test
    void nTopGenesKeepsEveryGeneTiedAtTheCutoff() {
        PreprocessingGolden g = PreprocessingGolden.load("small");
        List<HvgRun> runs = g.hvgRuns();
        HvgRun tie = runs.get(runs.size() - 1);
        HvgOptions options = tie.options();
        HvgResult result = g.highlyVariableGenes(g.logged(), options);
        assertTrue(result.count() > options.nTopGenes(),
                "expected the tie at 1.0 to select more than " + options.nTopGenes() + ", got " + result.count());
        assertArrayEquals(tie.highlyVariable(), result.highlyVariable());
    }

    @Test
    void loneGeneInABinHasNormalizedDispersionOne() {
        PreprocessingGolden g = PreprocessingGolden.load("dense");
        HvgResult result = g.highlyVariableGenes(g.logged(), HvgOptions.defaults());
        int[] bins = MeanBins.assign(result.means(), 20);
        int lone = 0;
        for (int gene = 0; gene < bins.length; gene++) {
            int members = 0;
            for (int b : bins) {
                members += b == bins[gene] ? 1 : 0;
            }
            if (members == 1 && !Double.isNaN(result.dispersions()[gene])) {
                assertEquals(1f, result.dispersionsNorm()[gene], "gene " + gene + " alone in bin " + bins[gene]);
                lone++;
            }
        }
        assertTrue(lone > 0, "the dense golden has genes alone in their bin");
    }
}
