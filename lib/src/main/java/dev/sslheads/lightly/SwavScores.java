package dev.sslheads.lightly;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What fmcib's {@code SwaV.forward} returns for one prototype head: the scores of each
 * high-resolution crop {@code (B, K)}, of each low-resolution crop {@code (B, K)}, and of each
 * queue {@code (queueLength, K)} (one per high-resolution crop, without gradient), the latter null
 * while the queue is not used.
 */
public record SwavScores(List<NDArray> high, List<NDArray> low, List<NDArray> queue) {
    public SwavScores {
        high = List.copyOf(high);
        low = List.copyOf(low);
        queue = queue == null ? null : List.copyOf(queue);
    }
}
