package dev.sslheads.spatial;

/**
 * How one slide's graph is built (novae's {@code spatial_neighbors} after its defaults are resolved,
 * spec §1.1 steps 2-5).
 *
 * @param grid {@code coord_type="grid"} (Visium spots: kNN edges shorter than 1.3 x the median kNN
 *     distance); false for {@code "generic"}
 * @param delaunay generic only: the Delaunay triangulation's edges
 * @param radius generic only: {@code [lo, hi]}, edges outside it are dropped; null keeps all. Without
 *     Delaunay, a radius also makes the graph the radius-{@code hi} ball around each cell
 * @param nNeighs neighbours per cell for kNN graphs (generic without Delaunay and radius, and grid)
 * @param nRings grid only: rings of neighbours; the "distances" are then ring numbers
 * @param percentile generic only: drop edges longer than this percentile of the distances, or null
 * @param setDiag put 1 on the connectivities' diagonal
 */
public record NeighborSettings(boolean grid, boolean delaunay, double[] radius, int nNeighs, int nRings, Double percentile,
                               boolean setDiag) {
    public NeighborSettings {
        if (radius != null) {
            if (radius.length != 2) {
                throw new IllegalArgumentException("radius must be (min_radius, max_radius), got " + radius.length + " values");
            }
            radius = radius.clone();
            java.util.Arrays.sort(radius);
            if (!Double.isFinite(radius[0]) || Double.isNaN(radius[1])) {
                throw new IllegalArgumentException("radius must hold finite numbers, got " + java.util.Arrays.toString(radius));
            }
        }
        boolean knn = grid || (!delaunay && radius == null);
        if (knn && nNeighs < 1) {
            throw new IllegalArgumentException("n_neighs must be >= 1 for a kNN graph, got " + nNeighs);
        }
        if (nRings < 1) {
            throw new IllegalArgumentException("n_rings must be >= 1, got " + nRings);
        }
        if (percentile != null && !(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in [0, 100], got " + percentile);
        }
    }

    /** novae's generic default: Delaunay, no radius. */
    public static NeighborSettings delaunay(double[] radius) {
        return new NeighborSettings(false, true, radius, 0, 1, null, false);
    }
}
