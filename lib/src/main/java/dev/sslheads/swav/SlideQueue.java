package dev.sslheads.swav;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * novae's per-slide queue: for each slide, the last {@code queueSize} batches' per-prototype
 * third-largest projections, newest first. Shape {@code (n_slides, queueSize, K)}, initialised to
 * {@code 1 / K}; slide ids map to rows in the order given.
 */
final class SlideQueue {
    private final Map<String, Integer> rows;
    private final NDArray values;

    private SlideQueue(Map<String, Integer> rows, NDArray values) {
        this.rows = rows;
        this.values = values;
    }

    /** A fresh queue filled with {@code 1 / numPrototypes}. */
    static SlideQueue create(NDManager manager, List<String> slideIds, int queueSize, int numPrototypes) {
        Map<String, Integer> rows = encode(slideIds);
        NDArray values = manager.full(new Shape(rows.size(), queueSize, numPrototypes), 1f / numPrototypes);
        return new SlideQueue(rows, values);
    }

    /** A queue restored from saved values {@code (n_slides, queueSize, K)}. */
    static SlideQueue restore(List<String> slideIds, NDArray values) {
        Map<String, Integer> rows = encode(slideIds);
        if (values.getShape().dimension() != 3 || values.getShape().get(0) != rows.size()) {
            throw new IllegalArgumentException("queue must have shape (" + rows.size() + ", Q, K), got " + values.getShape());
        }
        return new SlideQueue(rows, values);
    }

    private static Map<String, Integer> encode(List<String> slideIds) {
        if (slideIds == null || slideIds.isEmpty()) {
            throw new IllegalArgumentException("slideIds must be a non-empty list of slide ids, got " + slideIds);
        }
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (String id : slideIds) {
            if (id == null) {
                throw new IllegalArgumentException("slideIds must not contain null, got " + slideIds);
            }
            if (rows.putIfAbsent(id, rows.size()) != null) {
                throw new IllegalArgumentException("slideIds must be unique, got '" + id + "' twice in " + slideIds);
            }
        }
        return rows;
    }

    /** Row of {@code slideId}; {@link UnknownSlideException} when the queue does not know it. */
    int row(String slideId) {
        Integer row = rows.get(slideId);
        if (row == null) {
            throw new UnknownSlideException(slideId, rows.keySet());
        }
        return row;
    }

    List<String> slideIds() {
        return List.copyOf(rows.keySet());
    }

    /** The queue tensor {@code (n_slides, queueSize, K)} (live, not a copy). */
    NDArray values() {
        return values;
    }

    /** Shifts slide {@code row}'s FIFO by one and stores {@code newest} {@code (K)} in front. */
    void push(int row, NDArray newest) {
        NDIndex slide = new NDIndex("{}", row);
        NDArray older = values.get(slide).get(new NDIndex(":-1"));
        values.set(slide, NDArrays.concat(new ai.djl.ndarray.NDList(newest.expandDims(0), older), 0));
    }

    /** Per-slide prototype weights: the maximum over the queue depth, {@code (n_slides, K)}. */
    NDArray weights() {
        return values.max(new int[] {1});
    }
}
