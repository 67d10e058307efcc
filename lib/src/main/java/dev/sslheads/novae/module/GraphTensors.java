package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.data.GraphBatch;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link GraphBatch} on the model's device: per width group its node range and neighbour table
 * {@code (n_g, w_g)} with mask and edge attributes {@code (n_g, w_g, 1)}; the graph table
 * {@code (B, M)} and its mask; each node's graph and AnnData row {@code (N)}. Closing it frees them.
 */
public final class GraphTensors implements AutoCloseable {
    /** One width group: nodes {@code [start, end)} and their tables. */
    record Group(long start, long end, long width, NDArray neighbours, NDArray mask, NDArray edges) {}

    private final NDManager manager;
    final List<Group> groups = new ArrayList<>();
    final NDArray cells;
    final NDArray graphNodes;
    final NDArray graphMask;
    final NDArray graphOfNode;
    final int nodes;
    final int graphs;

    public GraphTensors(NDManager parent, GraphBatch batch) {
        this.manager = parent.newSubManager();
        this.nodes = batch.nodes();
        this.graphs = batch.graphs();
        int slot = 0;
        for (int g = 0; g < batch.groups(); g++) {
            int start = batch.groupStarts()[g];
            int end = batch.groupStarts()[g + 1];
            int width = batch.groupWidths()[g];
            int slots = (end - start) * width;
            Shape table = new Shape(end - start, width);
            Shape column = new Shape(end - start, width, 1);
            groups.add(new Group(start, end, width,
                    ints(Arrays.copyOfRange(batch.neighbours(), slot, slot + slots), table),
                    OwnedArrays.of(manager, Arrays.copyOfRange(batch.neighbourMask(), slot, slot + slots), column),
                    OwnedArrays.of(manager, Arrays.copyOfRange(batch.edgeAttributes(), slot, slot + slots), column)));
            slot += slots;
        }
        this.cells = OwnedArrays.of(manager, batch.cells());
        this.graphNodes = ints(batch.graphNodes(), new Shape(graphs, batch.maxNodes()));
        this.graphMask = OwnedArrays.of(manager, batch.graphMask(), new Shape(graphs, batch.maxNodes()));
        this.graphOfNode = OwnedArrays.of(manager, batch.graphOfNode());
    }

    private NDArray ints(long[] values, Shape shape) {
        return OwnedArrays.of(manager, LongBuffer.wrap(values), shape, DataType.INT64);
    }

    /** The AnnData row of each node {@code (N)} int64 (gathers the standardised expression). */
    public NDArray cells() {
        return cells;
    }

    public int nodes() {
        return nodes;
    }

    public int graphs() {
        return graphs;
    }

    @Override
    public void close() {
        manager.close();
    }
}
