package dev.sslheads.swav;

import ai.djl.ndarray.NDArray;
import dev.sslheads.util.Checks;
import tech.tablesaw.api.StringColumn;

/** novae's leaves: each representation's nearest prototype (all K, no slide selection) as "D{k}". */
public final class Leaves {
    /** novae's obs key for leaves. */
    public static final String COLUMN = "novae_leaves";

    private Leaves() {}

    /**
     * Leaf of every row of {@code latent} {@code (N, O)}: {@code "D" + argmax_k projection[n, k]}.
     * Uses the k-means prototypes in zero-shot mode, like novae.
     */
    public static StringColumn assign(SwavHead head, NDArray latent) {
        Checks.matrixWithColumns("latent", latent, head.outputSize());
        long[] leaves;
        try (NDArray projections = head.projection(latent.stopGradient()); NDArray best = projections.argMax(1)) {
            leaves = best.toLongArray();
        }
        StringColumn column = StringColumn.create(COLUMN);
        for (long leaf : leaves) {
            column.append("D" + leaf);
        }
        return column;
    }
}
