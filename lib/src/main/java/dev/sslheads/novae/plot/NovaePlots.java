package dev.sslheads.novae.plot;

import ai.djl.ndarray.NDArray;
import dev.sslheads.cluster.Dendrogram;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.swav.QueueWeights;
import dev.sslheads.swav.SwavHead;
import java.util.ArrayList;
import java.util.List;

/** The plots that novae draws from a model ({@code model.plot_domains_hierarchy}, {@code model.plot_prototype_weights}). */
public final class NovaePlots {
    private NovaePlots() {}

    /**
     * {@code model.plot_domains_hierarchy(max_level, hline_level, leaf_font_size)}: the tree of the model's prototypes
     * in its current mode (the k-means prototypes after a zero-shot {@code compute_representations}).
     */
    public static Figure domainsHierarchy(Novae model, int maxLevel, int[] hlineLevels, int leafFontSize) {
        return DomainsHierarchyPlot.render(model.network().head().dendrogram(), maxLevel, hlineLevels, leafFontSize);
    }

    /**
     * {@code model.plot_prototype_weights(assign_zeros)}.
     *
     * @throws IllegalStateException when the model has no slide queue (one slide, or {@code min_prototypes_ratio=1})
     */
    public static Figure prototypeWeights(Novae model, boolean assignZeros) {
        SwavHead head = model.network().head();
        if (!head.hasQueue()) {
            throw new IllegalStateException("Swav queue not initialized: initialize it with model.init_slide_queue(...), then"
                    + " train or fine-tune the model");
        }
        QueueWeights queue = head.queueWeights();
        try (NDArray weights = queue.weights(); NDArray thresholds = queue.thresholds()) {
            int slides = Math.toIntExact(weights.getShape().get(0));
            int k = Math.toIntExact(weights.getShape().get(1));
            float[] flat = weights.toFloatArray();
            float[][] rows = new float[slides][];
            for (int s = 0; s < slides; s++) {
                rows[s] = java.util.Arrays.copyOfRange(flat, s * k, (s + 1) * k);
            }
            return PrototypeWeightsPlot.render(rows, thresholds.toFloatArray(), head.minPrototypes(), head.slideIds(),
                    leafOrder(head.dendrogram()), assignZeros);
        }
    }

    /** The leaves of the tree left to right (first child first). */
    static int[] leafOrder(Dendrogram tree) {
        int k = tree.numLeaves();
        List<Integer> order = new ArrayList<>(k);
        java.util.ArrayDeque<Integer> stack = new java.util.ArrayDeque<>();
        stack.push(2 * k - 2);
        while (!stack.isEmpty()) {
            int node = stack.pop();
            if (node < k) {
                order.add(node);
            } else {
                stack.push(tree.children()[node - k][1]);
                stack.push(tree.children()[node - k][0]);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}
