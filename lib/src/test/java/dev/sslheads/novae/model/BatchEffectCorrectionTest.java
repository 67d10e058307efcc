package dev.sslheads.novae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.anndata.Frame;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * novae's batch_effect_correction against {@code golden/novae_correction/cases.json}, made by
 * {@code /usr/bin/python3 scripts/reference/batch_correction_goldens.py} (a pandas restatement on anndata 0.8 that
 * reproduces tests/test_correction.py@9a9dddc's expected matrices exactly): upstream's fixture, and three AnnData
 * with different domain categories (the spec §6.2 item 3 case), a cross-AnnData tie and invalid cells that carry a
 * domain. Corrected latents within 1e-6; then the checks that leave every AnnData unchanged.
 */
class BatchEffectCorrectionTest {
    private static final String KEY = "domains_key";

    @TestFactory
    Stream<DynamicTest> matchesTheReference() {
        List<Golden> cases = Golden.load("novae_correction/cases.json").children("cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.string("name"), () -> {
            List<Golden> parts = c.children("adatas");
            List<AnnData> adatas = parts.stream().map(BatchEffectCorrectionTest::adata).toList();
            BatchEffectCorrection.correct(adatas, c.string("obs_key"));
            for (int a = 0; a < adatas.size(); a++) {
                float[] latent = Approx.flatten(parts.get(a).matrix("latent"));
                assertArrayEquals(latent, adatas.get(a).obsm().get(Novae.LATENT).toFloatArray(), "latent kept");
                Approx.assertClose(c.string("name") + " adata " + a, Approx.flatten(parts.get(a).matrix("corrected")),
                        adatas.get(a).obsm().get(BatchEffectCorrection.CORRECTED).toFloatArray(), 1e-6, 0);
            }
        }));
    }

    @Test
    void missingInputsNameTheArgumentAndWriteNothing() {
        List<AnnData> adatas = fixture();
        adatas.get(1).obsm().remove(Novae.LATENT);
        assertRejected(adatas, KEY, "adatas[1].obsm['novae_latent'] is missing");
        assertRejected(fixture(), "novae_domains_7", "adatas[0].obs['novae_domains_7'] is missing: expected the domains");
        List<AnnData> noValidity = fixture();
        noValidity.get(1).obs().removeColumns(Novae.VALID);
        assertRejected(noValidity, KEY, "adatas[1].obs['neighborhood_valid'] is missing");
        assertRejected(List.of(), KEY, "adatas must be a non-empty list of AnnData, got []");
        assertRejected(fixture(), null, "obsKey must name the obs column of the domains, got null");
    }

    @Test
    void slideWithoutValidCellsIsRejected() {
        List<AnnData> adatas = fixture();
        BooleanColumn valid = (BooleanColumn) adatas.get(0).obs().column(Novae.VALID);
        for (int i = 0; i < valid.size(); i++) {
            if (adatas.get(0).obs().stringColumn("novae_sid").get(i).equals("b")) {
                valid.set(i, false);
            }
        }
        assertRejected(adatas, KEY, "adatas[0]: slide 'b' must have at least 1 valid cell (obs['neighborhood_valid']), got 0");
    }

    @Test
    void latentsOfDifferentWidthsAreRejected() {
        List<AnnData> adatas = fixture();
        adatas.get(1).obsm().put(Novae.LATENT, DenseArray.of(new float[15], 5, 3));
        assertRejected(adatas, KEY, "adatas[1].obsm['novae_latent'] must have 2 columns like adatas[0], got 3");
    }

    private static void assertRejected(List<AnnData> adatas, String key, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchEffectCorrection.correct(adatas, key));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
        adatas.forEach(a -> assertFalse(a.obsm().containsKey(BatchEffectCorrection.CORRECTED), "nothing written"));
    }

    private static List<AnnData> fixture() {
        Golden g = Golden.load("novae_correction/cases.json").children("cases").get(0);
        assertEquals("upstream_fixture", g.string("name"));
        return new java.util.ArrayList<>(g.children("adatas").stream().map(BatchEffectCorrectionTest::adata).toList());
    }

    /** An AnnData without X: obs (categorical slide ids and domains, validity) and obsm["novae_latent"]. */
    private static AnnData adata(Golden g) {
        JsonArray flags = g.json().getAsJsonArray("valid");
        boolean[] valid = new boolean[flags.size()];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = flags.get(i).getAsBoolean();
        }
        Table obs = Table.create(StringColumn.create("novae_sid", g.strings("slide_ids")),
                StringColumn.create(KEY, g.strings("domains")), BooleanColumn.create(Novae.VALID, valid));
        Frame frame = new Frame(obs, List.of(g.strings("obs_names")), null);
        frame.setCategorical("novae_sid", List.of(g.strings("slide_categories")), false);
        frame.setCategorical(KEY, List.of(g.strings("domain_categories")), false);
        AnnData adata = new AnnData(null, frame, Frame.withDefaultIndex(0));
        float[][] latent = g.matrix("latent");
        adata.obsm().put(Novae.LATENT, DenseArray.of(Approx.flatten(latent), latent.length, latent[0].length));
        return adata;
    }
}
