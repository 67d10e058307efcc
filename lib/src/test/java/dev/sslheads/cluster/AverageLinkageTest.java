package dev.sslheads.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import dev.sslheads.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with scikit-learn's average-linkage cosine tree. Golden files {@code golden/novae/linkage_K<K>.json}
 * were made by {@code /usr/bin/python3 scripts/reference/novae_clustering_goldens.py} (default
 * {@code --out lib/src/test/resources/golden/novae}).
 */
class AverageLinkageTest {

    @ParameterizedTest
    @ValueSource(ints = {8, 50, 200, 512})
    void mergesAndHeightsMatchScikitLearn(int k) {
        Golden golden = Golden.load("novae/linkage_K" + k + ".json");
        Dendrogram tree = AverageLinkage.fit(golden.matrix("prototypes"));
        assertEquals(k, tree.numLeaves());
        assertArrayEquals(golden.intMatrix("children"), tree.children(), "children_ of K=" + k);
        assertArrayEquals(doubles(golden.json().getAsJsonArray("distances")), tree.distances(), 1e-12);
    }

    @Test
    void ndArrayInputGivesTheSameTree() {
        Golden golden = Golden.load("novae/linkage_K200.json");
        try (NDManager manager = NDManager.newBaseManager()) {
            Dendrogram tree = AverageLinkage.fit(manager.create(golden.matrix("prototypes")));
            assertArrayEquals(golden.intMatrix("children"), tree.children());
        }
    }

    @Test
    void zeroRowIsRejected() {
        float[][] x = {{1, 0}, {0, 0}, {0, 1}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AverageLinkage.fit(x));
        assertEquals("x row 1 has zero norm: the cosine distance is undefined for zero vectors"
                + " (scikit-learn rejects them too)", e.getMessage());
    }

    @Test
    void fewerThanTwoRowsAndNonFiniteValuesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AverageLinkage.fit(new float[][] {{1, 2}}));
        assertEquals("x must have K >= 2 rows to build a tree, got K=1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> AverageLinkage.fit(new float[][] {{1, 2}, {Float.NaN, 1}}));
        assertEquals("x must contain only finite values, got NaN at row 1, column 0", e.getMessage());
        try (NDManager manager = NDManager.newBaseManager()) {
            e = assertThrows(IllegalArgumentException.class, () -> AverageLinkage.fit(manager.ones(new Shape(4))));
            assertEquals("x must be a 2-D array (K, O), got shape (4)", e.getMessage());
        }
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }
}
