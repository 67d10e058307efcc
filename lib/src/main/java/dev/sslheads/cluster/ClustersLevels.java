package dev.sslheads.cluster;

import java.util.regex.Pattern;
import tech.tablesaw.api.StringColumn;

/**
 * novae's {@code clusters_levels}: the (K, K) matrix of node ids after each merge of a
 * {@link Dendrogram}. Row 0 is {@code 0..K-1}; row i+1 is row i with the entries equal to either
 * child of merge i replaced by {@code K+i}, so row r has K-r distinct ids and row K-L holds L clusters.
 *
 * <p>Stored as unsigned 16-bit ids like novae's {@code uint16}, which limits K to
 * {@value #MAX_PROTOTYPES} (the largest id is 2K-2).
 */
public final class ClustersLevels {
    /** The largest K whose node ids (up to 2K-2) fit in an unsigned 16-bit value. */
    public static final int MAX_PROTOTYPES = 32768;

    private static final Pattern LEAF = Pattern.compile("D\\d{1,9}");

    private final int k;
    private final char[] levels; // row-major (K, K)

    /** Builds the levels of {@code tree}; K = tree.numLeaves() must be at most {@value #MAX_PROTOTYPES}. */
    public ClustersLevels(Dendrogram tree) {
        k = tree.numLeaves();
        if (k > MAX_PROTOTYPES) {
            throw new IllegalArgumentException("K must be <= " + MAX_PROTOTYPES + " because node ids up to 2K-2 are"
                    + " stored as unsigned 16-bit values (novae's uint16 clusters_levels), got K=" + k);
        }
        levels = new char[k * k];
        for (int leaf = 0; leaf < k; leaf++) {
            levels[leaf] = (char) leaf;
        }
        int[][] children = tree.children();
        for (int i = 0; i < k - 1; i++) {
            char a = (char) children[i][0];
            char b = (char) children[i][1];
            char node = (char) (k + i);
            int from = i * k;
            int to = from + k;
            for (int leaf = 0; leaf < k; leaf++) {
                char id = levels[from + leaf];
                levels[to + leaf] = id == a || id == b ? node : id;
            }
        }
    }

    /** The number of prototypes (leaves) K. */
    public int numPrototypes() {
        return k;
    }

    /** The node id of {@code leaf} in row {@code row} (both in [0, K)). */
    public int get(int row, int leaf) {
        checkIndex("row", row);
        checkIndex("leaf", leaf);
        return levels[row * k + leaf];
    }

    /** Row {@code r} (in [0, K)): the node id of every leaf after r merges, length K. */
    public int[] row(int r) {
        checkIndex("row", r);
        int[] out = new int[k];
        for (int leaf = 0; leaf < k; leaf++) {
            out[leaf] = levels[r * k + leaf];
        }
        return out;
    }

    /**
     * novae's {@code map_leaves_domains}: each leaf {@code "D{k}"} becomes {@code "D{levels[K-level][k]}"},
     * the domain of that leaf when the tree is cut into {@code level} clusters; missing values stay missing.
     *
     * @param leaves leaf labels "D0".."D{K-1}" or missing, length n
     * @param level number of clusters in [1, K]
     * @return a column of length n with the name of {@code leaves}
     */
    public StringColumn mapLeavesDomains(StringColumn leaves, int level) {
        if (level < 1 || level > k) {
            throw new IllegalArgumentException("level must be in [1, K=" + k + "], got " + level);
        }
        int r = k - level;
        StringColumn out = StringColumn.create(leaves.name());
        for (int i = 0; i < leaves.size(); i++) {
            if (leaves.isMissing(i)) {
                out.appendMissing();
                continue;
            }
            String value = leaves.get(i);
            int leaf = LEAF.matcher(value).matches() ? Integer.parseInt(value.substring(1)) : -1;
            if (leaf < 0 || leaf >= k) {
                throw new IllegalArgumentException("leaves[" + i + "] must be a leaf \"D<k>\" with k in [0, " + k
                        + "), got \"" + value + "\"");
            }
            out.append("D" + (int) levels[r * k + leaf]);
        }
        return out;
    }

    /**
     * novae's {@code find_level}: the first level L in 1..K-1 at which the given leaves fall into
     * exactly {@code nDomains} distinct clusters (row K-L restricted to those leaves).
     *
     * @param leafIndices leaf ids in [0, K) present in the data (repeats allowed)
     * @param nDomains wanted number of domains, in [1, number of distinct leaves]
     * @throws IllegalArgumentException "Could not find a level with nDomains=..." when no level in
     *     1..K-1 gives that many (level K is never tested, as in novae)
     */
    public int findLevel(int[] leafIndices, int nDomains) {
        boolean[] present = new boolean[k];
        int distinct = 0;
        for (int i = 0; i < leafIndices.length; i++) {
            int leaf = leafIndices[i];
            if (leaf < 0 || leaf >= k) {
                throw new IllegalArgumentException("leafIndices[" + i + "] must be in [0, " + k + "), got " + leaf);
            }
            if (!present[leaf]) {
                present[leaf] = true;
                distinct++;
            }
        }
        if (nDomains < 1 || nDomains > distinct) {
            throw new IllegalArgumentException("nDomains must be in [1, " + distinct
                    + "] (the number of distinct leaves), got " + nDomains);
        }
        int[] leaves = new int[distinct];
        for (int leaf = 0, j = 0; leaf < k; leaf++) {
            if (present[leaf]) {
                leaves[j++] = leaf;
            }
        }
        int[] seenAt = new int[2 * k - 1]; // the last level at which a node id was counted
        for (int level = 1; level < k; level++) {
            int from = (k - level) * k;
            int count = 0;
            for (int leaf : leaves) {
                int id = levels[from + leaf];
                if (seenAt[id] != level) {
                    seenAt[id] = level;
                    count++;
                }
            }
            if (count == nDomains) {
                return level;
            }
            if (count > nDomains) {
                break; // counts never decrease with the level
            }
        }
        throw new IllegalArgumentException("Could not find a level with nDomains=" + nDomains);
    }

    private void checkIndex(String name, int value) {
        if (value < 0 || value >= k) {
            throw new IllegalArgumentException(name + " must be in [0, " + k + "), got " + value);
        }
    }
}
