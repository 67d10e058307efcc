package dev.sslheads.novae.data;

/**
 * B subgraphs as the encoder reads them (spec §7.2, the neighbour-table layout), as host arrays.
 * Nodes of all graphs are flattened to N rows and ordered by in-degree group, so each group's rows
 * are one contiguous range with its own table width (a bucketed ELL: little padding without any
 * scatter). Graph membership is kept by the graph table, not by node order.
 *
 * @param cells {@code (N)} each node's AnnData row (rows of the standardised expression), or, for
 *     explicit graphs, the node's original id
 * @param groupStarts {@code (groups + 1)} node ranges: group g holds nodes {@code [groupStarts[g], groupStarts[g+1])}
 * @param groupWidths {@code (groups)} each group's table width (≥ in-degree + 1 of its nodes)
 * @param neighbours the groups' tables {@code (n_g, w_g)} concatenated row-major: node ids of the sources of
 *     each node's incoming edges, its self loop included; unused slots hold the node itself
 * @param neighbourMask same layout: 0 for a real slot, -inf for an unused one
 * @param edgeAttributes same layout: each slot's attribute {@code d * scale / 20}, the self loop's being the
 *     mean of the node's incoming attributes (0 without any); 0 in unused slots
 * @param graphNodes {@code (B, maxNodes)} row-major: node ids of each graph; unused slots hold 0
 * @param graphMask {@code (B, maxNodes)}: 0 for a node, -inf for an unused slot
 * @param graphOfNode {@code (N)} each node's graph
 * @param centers {@code (B)} the AnnData row of each graph's centre cell
 */
public record GraphBatch(long[] cells, int[] groupStarts, int[] groupWidths, long[] neighbours, float[] neighbourMask,
                         float[] edgeAttributes, long[] graphNodes, float[] graphMask, int maxNodes, long[] graphOfNode,
                         int[] centers) {
    public int nodes() {
        return cells.length;
    }

    public int graphs() {
        return centers.length;
    }

    public int groups() {
        return groupWidths.length;
    }

    /** Table slots over all groups (≥ edges + self loops). */
    public int slots() {
        return neighbours.length;
    }
}
