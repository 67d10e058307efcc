package dev.sslheads.spatial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.triangulate.IncrementalDelaunayTriangulator;
import org.locationtech.jts.triangulate.quadedge.QuadEdge;
import org.locationtech.jts.triangulate.quadedge.QuadEdgeSubdivision;
import org.locationtech.jts.triangulate.quadedge.Vertex;

/**
 * The vertex neighbours of the Delaunay triangulation of 2-D points (what scipy's
 * {@code Delaunay(points).vertex_neighbor_vertices} gives), from JTS's incremental quad-edge
 * triangulator: JTS is a long-maintained geometry library, and its triangulation is exact for
 * points in general position, where the Delaunay graph is unique and so equal to qhull's. Where it
 * is not unique (four or more co-circular points, as on a regular grid) any valid triangulation may
 * come out, as with qhull. A point equal to an earlier one is left out of the triangulation and gets
 * no neighbour (qhull also leaves repeated points out).
 */
final class DelaunayNeighbors {
    private DelaunayNeighbors() {}

    /** A JTS vertex that remembers its point's position in the input. */
    private static final class IndexedVertex extends Vertex {
        final int index;

        IndexedVertex(double x, double y, int index) {
            super(x, y);
            this.index = index;
        }
    }

    /**
     * Each point's Delaunay neighbours (sorted).
     *
     * @throws IllegalArgumentException if fewer than 3 distinct points or all points on one line
     *     (no triangulation exists; scipy raises a QhullError)
     */
    static int[][] of(double[] x, double[] y, String where) {
        int n = x.length;
        checkTriangulable(x, y, where);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // inserting in sorted order keeps JTS's walking point location local (as JTS's own builder does)
        Arrays.sort(order, (a, b) -> x[a] != x[b] ? Double.compare(x[a], x[b]) : Double.compare(y[a], y[b]));
        Envelope envelope = new Envelope();
        for (int i = 0; i < n; i++) {
            envelope.expandToInclude(x[i], y[i]);
        }
        QuadEdgeSubdivision subdivision = new QuadEdgeSubdivision(envelope, 0.0);
        IncrementalDelaunayTriangulator triangulator = new IncrementalDelaunayTriangulator(subdivision);
        List<Vertex> vertices = new ArrayList<>(n);
        double lastX = Double.NaN;
        double lastY = Double.NaN;
        for (int i : order) {
            if (x[i] == lastX && y[i] == lastY) {
                continue;
            }
            vertices.add(new IndexedVertex(x[i], y[i], i));
            lastX = x[i];
            lastY = y[i];
        }
        triangulator.insertSites(vertices);
        List<TreeSet<Integer>> neighbours = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            neighbours.add(new TreeSet<>());
        }
        for (Object o : subdivision.getPrimaryEdges(false)) {
            QuadEdge edge = (QuadEdge) o;
            if (edge.orig() instanceof IndexedVertex a && edge.dest() instanceof IndexedVertex b) {
                neighbours.get(a.index).add(b.index);
                neighbours.get(b.index).add(a.index);
            }
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = neighbours.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
    }

    private static void checkTriangulable(double[] x, double[] y, String where) {
        int n = x.length;
        int first = 0;
        int second = -1;
        for (int i = 1; i < n && second < 0; i++) {
            if (x[i] != x[first] || y[i] != y[first]) {
                second = i;
            }
        }
        if (second >= 0) {
            double dx = x[second] - x[first];
            double dy = y[second] - y[first];
            for (int i = 0; i < n; i++) {
                if (dx * (y[i] - y[first]) - dy * (x[i] - x[first]) != 0) {
                    return;
                }
            }
        }
        throw new IllegalArgumentException(where + ": a Delaunay graph needs at least 3 points not all on one line, got " + n
                + " point(s)" + (second >= 0 ? " on one line" : "") + "; use delaunay=False with a radius or n_neighs");
    }
}
