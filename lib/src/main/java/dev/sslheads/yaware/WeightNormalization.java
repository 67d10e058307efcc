package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;

/**
 * How {@link YAwareInfoNCE} normalises the {@code (2n, 2n)} kernel weights {@code W} (zero diagonal).
 *
 * <p>nidl computes {@code W / W.sum(axis=1)}: numpy broadcasting divides <em>column</em> j by the
 * sum of row j, so with the symmetric W the columns sum to 1 ({@link #NIDL_COLUMNS}). Its docstring
 * and the paper describe {@code w_ij / sum_k w_ik}, each anchor's row summing to 1 ({@link #ROWS}).
 */
public enum WeightNormalization {
    /** nidl's actual behaviour: {@code W[r, c] / sum_k W[c, k]} (columns sum to 1). */
    NIDL_COLUMNS,
    /** The paper's formula: {@code W[r, c] / sum_k W[r, k]} (rows sum to 1). */
    ROWS;

    /** Normalised copy of {@code w} {@code (m, m)}. */
    NDArray apply(NDArray w) {
        NDArray rowSums = w.sum(new int[] {1}, true);
        return w.div(this == ROWS ? rowSums : rowSums.reshape(1, -1));
    }
}
