package dev.sslheads.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Golden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with scikit-learn 1.2.1's Lloyd k-means. Golden files {@code golden/novae/kmeans_<case>.json}
 * were made by {@code /usr/bin/python3 scripts/reference/novae_clustering_goldens.py} (default
 * {@code --out lib/src/test/resources/golden/novae}); "relocate" starts with an empty cluster.
 */
class KMeansTest {

    /** Both M-steps: host sums (CPU fits) and the device's prefix sums (accelerators). */
    @ParameterizedTest
    @CsvSource({"blobs600, true", "blobs2000, true", "relocate, true", "blobs600, false", "blobs2000, false", "relocate, false"})
    void sameInitGivesScikitLearnsFit(String name, boolean hostSums) {
        Golden golden = Golden.load("novae/kmeans_" + name + ".json");
        float[][] init = golden.matrix("init_centers");
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(golden.matrix("normalized"));
            KMeans kMeans = hostSums ? new KMeans(init.length, 0) : new KMeans(init.length, 0).withDeviceSums();
            KMeansResult fit = kMeans.fit(x, manager.create(init));
            assertArrayEquals(golden.ints("labels_from_init"), toInts(fit.labels().toLongArray()), name + " labels");
            assertClose(golden.matrix("centers_from_init"), fit.centers(), 1e-5, name + " centers");
            NDArray norms = fit.centers().norm(new int[] {1}, true).add(1e-8f);
            assertClose(golden.matrix("kmeans_prototypes_from_init"), fit.centers().div(norms), 1e-5, name + " prototypes");
            double inertia = golden.number("inertia_from_init");
            assertEquals(inertia, fit.inertia(), 1e-4 * inertia, name + " inertia");
            assertEquals(golden.integer("n_iter_from_init"), fit.nIter(), name + " n_iter");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"blobs600", "blobs2000", "relocate"})
    void ownKMeansPlusPlusIsAsGoodAsScikitLearns(String name) {
        Golden golden = Golden.load("novae/kmeans_" + name + ".json");
        int k = golden.matrix("init_centers").length;
        try (NDManager manager = NDManager.newBaseManager()) {
            KMeansResult fit = new KMeans(k, 0).fit(manager.create(golden.matrix("normalized")));
            double reference = golden.number("sklearn_own_init_inertia");
            assertTrue(fit.inertia() <= 1.01 * reference, name + ": inertia " + fit.inertia() + " vs scikit-learn's "
                    + reference);
            assertEquals(new Shape(k, golden.matrix("normalized")[0].length), fit.centers().getShape());
        }
    }

    @Test
    void fewerDistinctPointsThanClustersConvergesWithoutRelocation() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}, {2, 0}, {2, 0}, {0, 0}});
            NDArray init = manager.create(new float[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}, {2, 0}});
            KMeansResult fit = new KMeans(5, 0).fit(x, init);
            assertArrayEquals(new long[] {0, 0, 2, 2, 4, 4, 0}, fit.labels().toLongArray());
            assertEquals(0, fit.inertia());
            assertEquals(2, fit.nIter());
        }
    }

    @Test
    void badInputsAreRejected() {
        try (NDManager manager = NDManager.newBaseManager()) {
            KMeans kMeans = new KMeans(5, 0);
            NDArray small = manager.randomNormal(new Shape(4, 3));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kMeans.fit(small));
            assertEquals("x must have at least nClusters=5 rows, got n=4", e.getMessage());
            NDArray withNaN = manager.randomNormal(new Shape(10, 3));
            withNaN.set(new NDIndex(2, 1), Float.NaN);
            e = assertThrows(IllegalArgumentException.class, () -> kMeans.fit(withNaN));
            assertEquals("x must contain only finite values, got NaN or Inf", e.getMessage());
            NDArray x = manager.randomNormal(new Shape(10, 3));
            e = assertThrows(IllegalArgumentException.class, () -> kMeans.fit(x, manager.zeros(new Shape(5, 2))));
            assertEquals("initCenters must have shape (nClusters, d)=(5, 3), got (5, 2)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> kMeans.fit(manager.zeros(new Shape(10))));
            assertEquals("x must be a 2-D array (n, d), got shape (10)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> new KMeans(0, 0));
            assertEquals("nClusters must be >= 1, got 0", e.getMessage());
        }
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private static void assertClose(float[][] expected, NDArray actual, double tolerance, String what) {
        float[] flat = actual.toFloatArray();
        int cols = expected[0].length;
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < cols; j++) {
                assertEquals(expected[i][j], flat[i * cols + j], tolerance, what + "[" + i + "][" + j + "]");
            }
        }
    }
}
