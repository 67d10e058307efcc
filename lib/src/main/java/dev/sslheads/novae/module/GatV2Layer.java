package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.Random;

/**
 * One PyG 2.7 {@code GATv2Conv} as novae configures it (spec §3.4.2): self loops with the mean
 * incoming attribute (already in the {@link GraphTensors} table), attention
 * {@code s = Σ_c a[h,c] LeakyReLU_0.2(XR[i] + XL[j] + e_ji w_e)} softmaxed over each node's incoming
 * edges per head, messages {@code XL[j]}, heads concatenated or averaged, then the bias. Gathers only:
 * libtorch derives the scatter-adds of the backward pass.
 */
final class GatV2Layer {
    private static final float NEGATIVE_SLOPE = 0.2f;

    private final NDArray linLWeight;
    private final NDArray linLBias;
    private final NDArray linRWeight;
    private final NDArray linRBias;
    private final NDArray linEdge;
    private final NDArray att;
    private final NDArray bias;
    private final int heads;
    private final int channels;
    private final boolean concat;

    /**
     * Registers the layer's parameters as {@code prefix + "lin_l.weight"}, ... with novae's initialisation.
     *
     * @param in input width F_in
     * @param channels C per head; the output is {@code heads * C} when {@code concat}, else C
     */
    GatV2Layer(ParameterSet parameters, String prefix, int in, int heads, int channels, boolean concat, Random random) {
        int width = heads * channels;
        this.heads = heads;
        this.channels = channels;
        this.concat = concat;
        this.linLWeight = parameters.add(prefix + "lin_l.weight", Initializers.glorot(random, width, in), new Shape(width, in));
        this.linLBias = parameters.add(prefix + "lin_l.bias", Initializers.uniform(random, width, 1 / Math.sqrt(in)), new Shape(width));
        this.linRWeight = parameters.add(prefix + "lin_r.weight", Initializers.glorot(random, width, in), new Shape(width, in));
        this.linRBias = parameters.add(prefix + "lin_r.bias", Initializers.uniform(random, width, 1 / Math.sqrt(in)), new Shape(width));
        this.linEdge = parameters.add(prefix + "lin_edge.weight", Initializers.glorot(random, width, 1), new Shape(width, 1));
        this.att = parameters.add(prefix + "att", Initializers.glorot(random, heads, channels), new Shape(1, heads, channels));
        int out = concat ? width : channels;
        this.bias = parameters.add(prefix + "bias", new float[out], new Shape(out));
    }

    int outputSize() {
        return concat ? heads * channels : channels;
    }

    /**
     * {@code h (N, F_in)} → {@code (N, H·C)} or {@code (N, C)}; each width group of nodes is one set of gathers.
     * Every intermediate handle is closed as soon as the next op has it, as torch frees a tensor when its last
     * Python reference goes: what autograd saved stays alive in the graph, the rest is freed at once instead of
     * at the end of the step's scope (the edge tensors {@code (n, width, H·C)} dominate a step's memory).
     */
    NDArray forward(NDArray h, GraphTensors graph) {
        NDArray left = affine(h, linLWeight, linLBias);
        NDArray right = affine(h, linRWeight, linRBias);
        NDArray edgeWeights = linEdge.reshape(1, 1, -1);
        NDArray attention = att.expandDims(0);
        NDList parts = new NDList();
        for (GraphTensors.Group group : graph.groups) {
            long n = group.end() - group.start();
            NDArray messages = left.get(group.neighbours());
            NDArray groupTargets = right.get(new NDIndex("{}:{}", group.start(), group.end()));
            NDArray targets = groupTargets.expandDims(1);
            NDArray withTargets = messages.add(targets);
            NDArray edgeTerms = group.edges().mul(edgeWeights);
            NDArray logits = withTargets.add(edgeTerms);
            closeAll(groupTargets, targets, withTargets, edgeTerms);
            NDArray activated = Activation.leakyRelu(logits, NEGATIVE_SLOPE);
            NDArray perHead = activated.reshape(n, group.width(), heads, channels);
            NDArray weighted = perHead.mul(attention);
            closeAll(logits, activated, perHead);
            NDArray scores = weighted.sum(new int[] {3});
            NDArray masked = scores.add(group.mask());
            closeAll(weighted, scores);
            NDArray alpha = masked.softmax(1);
            NDArray alphaPerChannel = alpha.expandDims(3);
            NDArray messagesPerHead = messages.reshape(n, group.width(), heads, channels);
            NDArray contributions = alphaPerChannel.mul(messagesPerHead);
            closeAll(masked, alpha, alphaPerChannel, messagesPerHead, messages);
            parts.add(contributions.sum(new int[] {1}));
            contributions.close();
        }
        closeAll(left, right, edgeWeights, attention);
        NDArray out = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        NDArray merged = concat ? out.reshape(graph.nodes, (long) heads * channels) : out.mean(new int[] {1});
        NDArray result = merged.add(bias);
        if (parts.size() > 1) {
            out.close();
        }
        parts.close();
        merged.close();
        return result;
    }

    /** {@code h W^T + b}. */
    private static NDArray affine(NDArray h, NDArray weight, NDArray bias) {
        NDArray transposed = weight.transpose();
        NDArray product = h.matMul(transposed);
        NDArray out = product.add(bias);
        closeAll(transposed, product);
        return out;
    }

    private static void closeAll(NDArray... arrays) {
        for (NDArray array : arrays) {
            array.close();
        }
    }
}
