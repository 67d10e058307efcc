package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * novae's attention pooling (spec §3.4.3): {@code z_b = Σ_{n∈b} softmax_b(y w_g + b_g)_n · (y_n W_n^T + b_n)},
 * every node of a subgraph counting. Parameters {@code gate_nn} (1, O) and {@code nn} (O, O) under
 * {@code encoder.node_aggregation.attention_aggregation.*}, torch's default Linear initialisation.
 */
final class AttentionAggregation {
    static final String PREFIX = "encoder.node_aggregation.attention_aggregation.";

    private final NDArray gateWeight;
    private final NDArray gateBias;
    private final NDArray nnWeight;
    private final NDArray nnBias;

    AttentionAggregation(ParameterSet parameters, int size, Random random) {
        double bound = 1 / Math.sqrt(size);
        this.gateWeight = parameters.add(PREFIX + "gate_nn.weight", Initializers.uniform(random, size, bound), new Shape(1, size));
        this.gateBias = parameters.add(PREFIX + "gate_nn.bias", Initializers.uniform(random, 1, bound), new Shape(1));
        this.nnWeight = parameters.add(PREFIX + "nn.weight", Initializers.uniform(random, size * size, bound), new Shape(size, size));
        this.nnBias = parameters.add(PREFIX + "nn.bias", Initializers.uniform(random, size, bound), new Shape(size));
    }

    /** {@code y (N, O)} → {@code (B, O)}. */
    NDArray forward(NDArray y, GraphTensors graph) {
        NDArray gate = y.matMul(gateWeight.transpose()).add(gateBias).reshape(-1);
        NDArray weights = gate.get(graph.graphNodes).add(graph.graphMask).softmax(1);
        NDArray values = y.matMul(nnWeight.transpose()).add(nnBias).get(graph.graphNodes);
        return weights.expandDims(2).mul(values).sum(new int[] {1});
    }
}
