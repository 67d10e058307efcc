package dev.sslheads.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.testing.Golden;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tech.tablesaw.api.StringColumn;

/**
 * novae's clusters_levels, map_leaves_domains and find_level. Golden files
 * {@code golden/novae/linkage_K<K>.json} were made by
 * {@code /usr/bin/python3 scripts/reference/novae_clustering_goldens.py} (default
 * {@code --out lib/src/test/resources/golden/novae}).
 */
class ClustersLevelsTest {

    private static ClustersLevels levels(Golden golden) {
        int[][] children = golden.intMatrix("children");
        return new ClustersLevels(new Dendrogram(children, new double[children.length]));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 50, 200})
    void levelsMatchNovae(int k) {
        Golden golden = Golden.load("novae/linkage_K" + k + ".json");
        ClustersLevels levels = levels(golden);
        int[][] expected = golden.intMatrix("clusters_levels");
        assertEquals(k, levels.numPrototypes());
        for (int r = 0; r < k; r++) {
            assertArrayEquals(expected[r], levels.row(r), "row " + r);
        }
        assertEquals(expected[k - 1][3], levels.get(k - 1, 3));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 50, 200})
    void mapLeavesDomainsMatchesNovae(int k) {
        Golden golden = Golden.load("novae/linkage_K" + k + ".json");
        ClustersLevels levels = levels(golden);
        for (Golden c : golden.children("map_cases")) {
            StringColumn leaves = StringColumn.create("novae_leaves");
            for (String leaf : c.strings("leaves")) {
                if (leaf == null) {
                    leaves.appendMissing();
                } else {
                    leaves.append(leaf);
                }
            }
            StringColumn domains = levels.mapLeavesDomains(leaves, c.integer("level"));
            assertEquals("novae_leaves", domains.name());
            String[] expected = c.strings("expected");
            assertEquals(expected.length, domains.size());
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] == null) {
                    assertTrue(domains.isMissing(i), c.name() + " row " + i);
                } else {
                    assertEquals(expected[i], domains.get(i), c.name() + " row " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 50, 200})
    void findLevelMatchesNovae(int k) {
        Golden golden = Golden.load("novae/linkage_K" + k + ".json");
        ClustersLevels levels = levels(golden);
        for (Golden c : golden.children("find_level_cases")) {
            int[] leaves = c.ints("leaf_indices");
            int n = c.integer("n_domains");
            if (c.has("expected_level")) {
                assertEquals(c.integer("expected_level"), levels.findLevel(leaves, n), c.name());
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> levels.findLevel(leaves, n), c.name());
                assertEquals("Could not find a level with nDomains=" + n, e.getMessage());
            }
        }
    }

    @Test
    void invariantsHold() {
        Golden golden = Golden.load("novae/linkage_K200.json");
        ClustersLevels levels = levels(golden);
        int k = levels.numPrototypes();
        for (int r = 0; r < k; r++) {
            assertEquals(k - r, Arrays.stream(levels.row(r)).distinct().count(), "distinct ids in row " + r);
        }
        StringColumn leaves = StringColumn.create("leaves");
        for (int leaf = 0; leaf < k; leaf++) {
            leaves.append("D" + leaf);
        }
        assertEquals(leaves.asList(), levels.mapLeavesDomains(leaves, k).asList());
        assertEquals("D" + (2 * k - 2), levels.mapLeavesDomains(leaves, 1).get(0));
        int[] all = new int[k];
        Arrays.setAll(all, i -> i);
        for (int n = 1; n < k; n++) {
            assertEquals(n, levels.findLevel(all, n));
        }
    }

    @Test
    void badArgumentsNameTheValue() {
        ClustersLevels levels = levels(Golden.load("novae/linkage_K8.json"));
        StringColumn leaves = StringColumn.create("leaves", "D1", "D9", "X3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> levels.mapLeavesDomains(leaves, 0));
        assertEquals("level must be in [1, K=8], got 0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> levels.mapLeavesDomains(leaves, 9));
        assertEquals("level must be in [1, K=8], got 9", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> levels.mapLeavesDomains(leaves, 3));
        assertEquals("leaves[1] must be a leaf \"D<k>\" with k in [0, 8), got \"D9\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> levels.mapLeavesDomains(StringColumn.create("leaves", "X3"), 3));
        assertEquals("leaves[0] must be a leaf \"D<k>\" with k in [0, 8), got \"X3\"", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> levels.findLevel(new int[] {0, 8}, 1));
        assertEquals("leafIndices[1] must be in [0, 8), got 8", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> levels.findLevel(new int[] {0, 1, 1}, 3));
        assertEquals("nDomains must be in [1, 2] (the number of distinct leaves), got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> levels.get(8, 0));
        assertEquals("row must be in [0, 8), got 8", e.getMessage());
    }

    @Test
    void tooManyPrototypesForUint16IsRejected() {
        int k = ClustersLevels.MAX_PROTOTYPES + 1;
        int[][] children = new int[k - 1][];
        for (int i = 0; i < k - 1; i++) { // a caterpillar: each merge adds leaf i+1 to the previous node
            children[i] = new int[] {i == 0 ? 0 : k + i - 1, i + 1};
        }
        Dendrogram tree = new Dendrogram(children, new double[k - 1]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ClustersLevels(tree));
        assertEquals("K must be <= 32768 because node ids up to 2K-2 are stored as unsigned 16-bit values"
                + " (novae's uint16 clusters_levels), got K=32769", e.getMessage());
    }

    @Test
    void malformedDendrogramIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dendrogram(new int[][] {{0, 1}, {1, 2}}, new double[2]));
        assertEquals("children[1] must join two distinct unmerged nodes in [0, 4), got node 1 (already merged)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dendrogram(new int[][] {{0, 1}}, new double[2]));
        assertEquals("distances must have K-1=1 entries (one per merge), got 2", e.getMessage());
    }
}
