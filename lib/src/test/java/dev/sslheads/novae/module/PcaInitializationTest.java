package dev.sslheads.novae.module;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.DenseArray;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tech.tablesaw.api.BooleanColumn;

/**
 * novae's PCA initialisation against {@code golden/novae_pca_init/cases.json}, made by
 * {@code /usr/bin/python3 scripts/reference/pca_init_goldens.py} (scikit-learn 1.2's PCA and KDTree, components
 * signed by scikit-learn ≥ 1.5's largest-loading rule): two panels with the reference chosen by size, and three
 * with an explicit reference where a later AnnData overwrites a copy. Reference rows within 1e-4; each copied row
 * is exactly the row of the nearest gene the reference found; the set of rows written is the same.
 */
class PcaInitializationTest {
    private static final Golden GOLDEN = Golden.load("novae_pca_init/cases.json");

    @TestFactory
    Stream<DynamicTest> matchesScikitLearn() {
        return GOLDEN.children("cases").stream().map(c -> DynamicTest.dynamicTest(c.string("name"), () -> {
            Map<String, Integer> vocabulary = vocabulary(c);
            Integer reference = c.has("reference_index") ? c.integer("reference_index") : null;
            PcaInitialization.Result result = PcaInitialization.rows(adatas(c), vocabulary, c.integer("embedding_size"), reference);
            assertTrue(result.warnings().isEmpty(), result.warnings().toString());
            Map<Integer, float[]> expected = new LinkedHashMap<>();
            for (JsonElement e : c.json().getAsJsonArray("rows")) {
                expected.put(e.getAsJsonArray().get(0).getAsInt(), Golden.flat(e.getAsJsonArray().get(1)));
            }
            assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(result.rows().keySet()), "rows written");
            float[][] components = c.matrix("components");
            String[] genes = c.strings("reference_genes");
            for (int j = 0; j < genes.length; j++) {
                int column = j;
                float[] axis = new float[components.length];
                IntStream.range(0, axis.length).forEach(k -> axis[k] = components[k][column]);
                Approx.assertClose("components of " + genes[j], axis, result.rows().get(vocabulary.get(genes[j])), 1e-4, 0);
            }
            Map<String, String> nearest = new HashMap<>();
            for (JsonElement perAdata : c.json().getAsJsonArray("copies")) {
                for (JsonElement pair : perAdata.getAsJsonArray()) {
                    nearest.put(pair.getAsJsonArray().get(0).getAsString(), pair.getAsJsonArray().get(1).getAsString());
                }
            }
            nearest.forEach((gene, neighbour) -> assertArrayEquals(result.rows().get(vocabulary.get(neighbour)),
                    result.rows().get(vocabulary.get(gene)), gene + " copies " + neighbour));
            expected.forEach((row, values) -> Approx.assertClose("row " + row, values, result.rows().get(row), 1e-4, 0));
        }));
    }

    @Test
    void tooFewReferenceGenesSkipsWithAWarning() {
        Golden c = GOLDEN.children("cases").get(0);
        PcaInitialization.Result result = PcaInitialization.rows(adatas(c), vocabulary(c), 30, null);
        assertTrue(result.rows().isEmpty());
        assertEquals(List.of("PCA with 30 components can not be run on shape (80, 30) of adatas[0]. To use PCA initialization, set a"
                + " lower embedding_size (< 30)."), result.warnings());
    }

    @Test
    void badInputsNameTheArgument() {
        Golden c = GOLDEN.children("cases").get(0);
        Map<String, Integer> partial = new HashMap<>(vocabulary(c));
        partial.remove("gene40");
        assertMessage("adatas[1]: used gene 'GENE40' must be in the vocabulary (lower-cased), got no entry for 'gene40'",
                () -> PcaInitialization.rows(adatas(c), partial, 6, null));
        assertMessage("referenceIndex must be in [0, 2), got 2", () -> PcaInitialization.rows(adatas(c), vocabulary(c), 6, 2));
        List<AnnData> unprepared = adatas(c);
        unprepared.get(0).var().removeColumns(PcaInitialization.USE_GENE);
        assertMessage("adatas[0].var['novae_use_gene'] must be a boolean column (run prepare_adatas first), got var columns []",
                () -> PcaInitialization.rows(unprepared, vocabulary(c), 6, null));
        assertMessage("embeddingSize must be >= 1, got 0", () -> PcaInitialization.rows(adatas(c), vocabulary(c), 0, null));
    }

    private static void assertMessage(String message, org.junit.jupiter.api.function.Executable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    private static Map<String, Integer> vocabulary(Golden c) {
        String[] genes = c.strings("vocabulary");
        Map<String, Integer> out = new HashMap<>();
        for (int i = 0; i < genes.length; i++) {
            out.put(genes[i], i);
        }
        return out;
    }

    /** AnnData with dense float32 X, the golden's var names and a novae_use_gene column. */
    private static List<AnnData> adatas(Golden c) {
        return c.children("adatas").stream().map(a -> {
            float[][] x = a.matrix("x");
            List<String> varNames = List.of(a.strings("var_names"));
            List<String> obsNames = IntStream.range(0, x.length).mapToObj(Integer::toString).toList();
            AnnData adata = AnnData.of(DenseArray.of(Approx.flatten(x), x.length, varNames.size()), obsNames, varNames);
            JsonArray flags = a.json().getAsJsonArray("use");
            boolean[] use = new boolean[flags.size()];
            IntStream.range(0, use.length).forEach(j -> use[j] = flags.get(j).getAsBoolean());
            adata.var().addColumns(BooleanColumn.create(PcaInitialization.USE_GENE, use));
            return adata;
        }).collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
    }
}
