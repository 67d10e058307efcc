package dev.sslheads.cluster;

/**
 * A full binary merge tree over K leaves, in scipy / scikit-learn {@code children_} form.
 *
 * <p>Merge i joins the nodes {@code children[i][0]} and {@code children[i][1]} at height
 * {@code distances[i]} and creates node {@code K + i}; ids below K are leaves. Every node except the
 * root is merged exactly once, and only after it exists.
 *
 * @param children (K-1, 2) node ids of each merge, in merge order
 * @param distances (K-1) merge heights
 */
public record Dendrogram(int[][] children, double[] distances) {
    /** Checks the shapes and that the merges form one tree over K = children.length + 1 leaves. */
    public Dendrogram {
        if (children == null || distances == null) {
            throw new IllegalArgumentException("children and distances must not be null");
        }
        if (children.length == 0) {
            throw new IllegalArgumentException("children must have K-1 >= 1 rows, got 0");
        }
        if (distances.length != children.length) {
            throw new IllegalArgumentException("distances must have K-1=" + children.length
                    + " entries (one per merge), got " + distances.length);
        }
        int k = children.length + 1;
        boolean[] merged = new boolean[2 * k - 1];
        for (int i = 0; i < children.length; i++) {
            int[] pair = children[i];
            if (pair == null || pair.length != 2) {
                throw new IllegalArgumentException("children[" + i + "] must hold 2 node ids, got "
                        + (pair == null ? "null" : pair.length + " ids"));
            }
            for (int id : pair) {
                if (id < 0 || id >= k + i || merged[id]) {
                    throw new IllegalArgumentException("children[" + i + "] must join two distinct unmerged nodes in [0, "
                            + (k + i) + "), got node " + id + (id >= 0 && id < k + i ? " (already merged)" : ""));
                }
                merged[id] = true;
            }
        }
    }

    /** The number of leaves K. */
    public int numLeaves() {
        return children.length + 1;
    }
}
