package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * novae's {@code GraphEncoder} (spec §3.4.1): PyG's {@code GAT(E, F, L, O, edge_dim=1, v2=True, heads=H,
 * act="ELU")}, i.e. layer 0 {@code E → F} and layers 1..L-2 {@code F → F} with H heads of F/H channels
 * concatenated, the last layer {@code → O} averaging H heads of O channels (L = 1: one layer E → O),
 * ELU between layers; then {@link AttentionAggregation}. Parameters under
 * {@code encoder.gnn.convs.{l}.*}.
 */
public final class GraphEncoder {
    private final List<GatV2Layer> layers = new ArrayList<>();
    private final AttentionAggregation aggregation;

    /**
     * @throws IllegalArgumentException when {@code hiddenSize % heads != 0} (PyG's ValueError) or a size is not positive
     */
    public GraphEncoder(ParameterSet parameters, int embeddingSize, int hiddenSize, int numLayers, int outputSize, int heads,
                        Random random) {
        if (embeddingSize < 1 || hiddenSize < 1 || numLayers < 1 || outputSize < 1 || heads < 1) {
            throw new IllegalArgumentException("embedding_size, hidden_size, num_layers, output_size and heads must be >= 1, got "
                    + embeddingSize + ", " + hiddenSize + ", " + numLayers + ", " + outputSize + ", " + heads);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden_size must be a multiple of heads, got hidden_size=" + hiddenSize + ", heads=" + heads);
        }
        int in = embeddingSize;
        for (int l = 0; l < numLayers; l++) {
            String prefix = "encoder.gnn.convs." + l + ".";
            boolean last = l == numLayers - 1;
            GatV2Layer layer = last
                    ? new GatV2Layer(parameters, prefix, in, heads, outputSize, false, random)
                    : new GatV2Layer(parameters, prefix, in, heads, hiddenSize / heads, true, random);
            layers.add(layer);
            in = layer.outputSize();
        }
        this.aggregation = new AttentionAggregation(parameters, outputSize, random);
    }

    /** Graph representations {@code (B, O)} of embedded nodes {@code h0 (N, E)}. */
    public NDArray forward(NDArray h0, GraphTensors graph) {
        return aggregation.forward(nodes(h0, graph, null), graph);
    }

    /**
     * The node features after the last layer {@code (N, O)}; each layer's output (after its ELU, except the
     * last) is added to {@code everyLayer} when it is not null.
     */
    public NDArray nodes(NDArray h0, GraphTensors graph, List<NDArray> everyLayer) {
        NDArray h = h0;
        for (int l = 0; l < layers.size(); l++) {
            NDArray out = layers.get(l).forward(h, graph);
            if (h != h0 && everyLayer == null) {
                h.close(); // as torch drops it: autograd keeps what it saved
            }
            h = out;
            if (l < layers.size() - 1) {
                h = Activation.elu(out, 1f);
                out.close();
            }
            if (everyLayer != null) {
                everyLayer.add(h);
            }
        }
        return h;
    }

    /** Pools node features {@code (N, O)} into graphs {@code (B, O)}. */
    public NDArray pool(NDArray nodes, GraphTensors graph) {
        return aggregation.forward(nodes, graph);
    }
}
