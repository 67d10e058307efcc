package dev.sslheads.novae.data;

import dev.sslheads.anndata.SparseMatrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Builds the {@link GraphBatch} of a list of centre cells of one AnnData (novae's {@code to_pyg_data}
 * and PyG's collation, spec §3.3): the nodes of cell i's graph are its local set; its edges are the
 * stored entries A[u, v] with both ends inside, directed u → v, with attribute
 * {@code float32(A[u, v]) * scale / 20}; PyG's self loops (spec §3.4.2) are added here once, since
 * every GATv2 layer recomputes the same ones.
 */
public final class SubgraphBuilder {
    /** novae's {@code CELLS_CHARACTERISTIC_DISTANCE} in µm: edge attributes are distances over it. */
    public static final float CELLS_CHARACTERISTIC_DISTANCE = 20f;

    private final Neighborhoods neighborhoods;
    private final SparseMatrix incoming;
    private final float scale;
    private final int[] position;

    /**
     * @param adjacency {@code spatial_distances}, square CSR
     * @param neighborhoods its local sets
     * @param scaleToMicrons novae's {@code settings.scale_to_microns}
     */
    public SubgraphBuilder(SparseMatrix adjacency, Neighborhoods neighborhoods, double scaleToMicrons) {
        if (neighborhoods.size() != adjacency.rows()) {
            throw new IllegalArgumentException("neighborhoods must cover the " + adjacency.rows() + " cells, got " + neighborhoods.size());
        }
        this.neighborhoods = neighborhoods;
        this.incoming = adjacency.toFormat(SparseMatrix.Format.CSC);
        this.scale = (float) scaleToMicrons;
        this.position = new int[adjacency.rows()];
        Arrays.fill(position, -1);
    }

    public Neighborhoods neighborhoods() {
        return neighborhoods;
    }

    /** The batch of the graphs centred on {@code centers} (AnnData rows), in that order. */
    public GraphBatch build(int[] centers) {
        int total = 0;
        int maxNodes = 1;
        for (int c : centers) {
            total += neighborhoods.local(c).length;
            maxNodes = Math.max(maxNodes, neighborhoods.local(c).length);
        }
        long[] cells = new long[total];
        int[][] sources = new int[total][];
        float[][] attributes = new float[total][];
        long[] graphNodes = new long[centers.length * maxNodes];
        float[] graphMask = new float[centers.length * maxNodes];
        long[] graphOf = new long[total];
        int offset = 0;
        for (int b = 0; b < centers.length; b++) {
            int[] nodes = neighborhoods.local(centers[b]);
            if (nodes.length == 0) {
                throw new IllegalArgumentException("cell " + centers[b] + " has an empty subgraph (an isolated cell is not valid)");
            }
            for (int k = 0; k < nodes.length; k++) {
                position[nodes[k]] = offset + k;
                cells[offset + k] = nodes[k];
                graphOf[offset + k] = b;
            }
            for (int k = 0; k < nodes.length; k++) {
                inEdges(nodes[k], offset + k, sources, attributes);
            }
            for (int k = 0; k < maxNodes; k++) {
                graphNodes[b * maxNodes + k] = k < nodes.length ? offset + k : 0;
                graphMask[b * maxNodes + k] = k < nodes.length ? 0f : Float.NEGATIVE_INFINITY;
            }
            for (int node : nodes) {
                position[node] = -1;
            }
            offset += nodes.length;
        }
        return table(cells, sources, attributes, graphNodes, graphMask, maxNodes, graphOf, centers.clone());
    }

    /** Node {@code id}'s in-neighbours inside the current graph, its self loop last. */
    private void inEdges(int cell, int id, int[][] sources, float[][] attributes) {
        long[] indptr = incoming.indptr();
        int[] rows = incoming.indices();
        int[] from = new int[(int) (indptr[cell + 1] - indptr[cell]) + 1];
        float[] attr = new float[from.length];
        int count = 0;
        float sum = 0;
        for (long k = indptr[cell]; k < indptr[cell + 1]; k++) {
            int u = rows[(int) k];
            double d = incoming.values().getDouble((int) k);
            if (d != 0 && u != cell && position[u] >= 0) {
                from[count] = position[u];
                attr[count] = (float) d * scale / CELLS_CHARACTERISTIC_DISTANCE;
                sum += attr[count];
                count++;
            }
        }
        from[count] = id;
        attr[count] = count == 0 ? 0f : sum / count;
        sources[id] = Arrays.copyOf(from, count + 1);
        attributes[id] = Arrays.copyOf(attr, count + 1);
    }

    /** Table widths: each node goes to the smallest width ≥ its in-degree + 1 (at most a third of the slots unused). */
    private static final int[] WIDTHS = {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512};

    private static int widthOf(int slots) {
        for (int w : WIDTHS) {
            if (w >= slots) {
                return w;
            }
        }
        return slots;
    }

    /**
     * Orders nodes by width group (stable) and lays out the groups' tables; {@code sources} and
     * {@code graphNodes} use the input node ids and come out renumbered.
     */
    static GraphBatch table(long[] cells, int[][] sources, float[][] attributes, long[] graphNodes, float[] graphMask,
                            int maxNodes, long[] graphOfNode, int[] centers) {
        int n = cells.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> widthOf(sources[i].length)));
        int[] renamed = new int[n];
        for (int k = 0; k < n; k++) {
            renamed[order[k]] = k;
        }
        List<Integer> starts = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        int slots = 0;
        for (int k = 0; k < n; k++) {
            int w = widthOf(sources[order[k]].length);
            if (widths.isEmpty() || widths.get(widths.size() - 1) != w) {
                starts.add(k);
                widths.add(w);
            }
            slots += w;
        }
        starts.add(n);
        long[] neighbours = new long[slots];
        float[] mask = new float[slots];
        float[] edge = new float[slots];
        long[] newCells = new long[n];
        long[] newGraphOf = new long[n];
        int slot = 0;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            newCells[k] = cells[i];
            newGraphOf[k] = graphOfNode[i];
            int w = widthOf(sources[i].length);
            for (int c = 0; c < w; c++, slot++) {
                boolean used = c < sources[i].length;
                neighbours[slot] = used ? renamed[sources[i][c]] : k;
                mask[slot] = used ? 0f : Float.NEGATIVE_INFINITY;
                edge[slot] = used ? attributes[i][c] : 0f;
            }
        }
        long[] newGraphNodes = new long[graphNodes.length];
        for (int k = 0; k < graphNodes.length; k++) {
            newGraphNodes[k] = graphMask[k] == 0f ? renamed[(int) graphNodes[k]] : 0;
        }
        return new GraphBatch(newCells, starts.stream().mapToInt(Integer::intValue).toArray(),
                widths.stream().mapToInt(Integer::intValue).toArray(), neighbours, mask, edge, newGraphNodes, graphMask, maxNodes,
                newGraphOf, centers);
    }

    /**
     * The batch of explicit graphs (parity tests, PyG's collated layout): {@code edges[0]} sources,
     * {@code edges[1]} targets (node ids), {@code attributes} one per edge, {@code graphOf} each node's
     * graph (contiguous, 0..B-1); cells are the node ids. Existing self loops are dropped as PyG does.
     */
    public static GraphBatch fromEdges(int[][] edges, float[] attributes, int[] graphOf) {
        int n = graphOf.length;
        int[] degree = new int[n];
        for (int e = 0; e < edges[0].length; e++) {
            if (edges[0][e] != edges[1][e]) {
                degree[edges[1][e]]++;
            }
        }
        int[][] sources = new int[n][];
        float[][] attr = new float[n][];
        for (int i = 0; i < n; i++) {
            sources[i] = new int[degree[i] + 1];
            attr[i] = new float[degree[i] + 1];
        }
        int[] filled = new int[n];
        float[] sums = new float[n];
        for (int e = 0; e < edges[0].length; e++) {
            int j = edges[0][e];
            int i = edges[1][e];
            if (j != i) {
                sources[i][filled[i]] = j;
                attr[i][filled[i]++] = attributes[e];
                sums[i] += attributes[e];
            }
        }
        for (int i = 0; i < n; i++) {
            sources[i][degree[i]] = i;
            attr[i][degree[i]] = degree[i] == 0 ? 0f : sums[i] / degree[i];
        }
        int graphs = n == 0 ? 0 : graphOf[n - 1] + 1;
        int[] sizes = new int[graphs];
        for (int g : graphOf) {
            sizes[g]++;
        }
        int maxNodes = Math.max(1, Arrays.stream(sizes).max().orElse(1));
        long[] graphNodes = new long[graphs * maxNodes];
        float[] graphMask = new float[graphs * maxNodes];
        Arrays.fill(graphMask, Float.NEGATIVE_INFINITY);
        int[] seen = new int[graphs];
        for (int i = 0; i < n; i++) {
            int g = graphOf[i];
            graphNodes[g * maxNodes + seen[g]] = i;
            graphMask[g * maxNodes + seen[g]++] = 0f;
        }
        long[] cells = new long[n];
        long[] graphOfNode = new long[n];
        for (int i = 0; i < n; i++) {
            cells[i] = i;
            graphOfNode[i] = graphOf[i];
        }
        return table(cells, sources, attr, graphNodes, graphMask, maxNodes, graphOfNode, new int[graphs]);
    }
}
