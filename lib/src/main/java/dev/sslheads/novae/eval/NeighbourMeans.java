package dev.sslheads.novae.eval;

import dev.sslheads.spatial.PointIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Spatial smoothing: each cell's row replaced by the mean of its own row and those of its {@code k}
 * nearest cells of the same slide (Euclidean, ties to the lower cell index), so {@code k + 1} rows in
 * all (fewer on a slide of at most {@code k} cells: all of them).
 */
final class NeighbourMeans {
    private NeighbourMeans() {}

    /**
     * @param values (n, width) row-major
     * @param xy (n, 2) row-major coordinates
     * @param slides (n) slide of each cell
     * @return (n, width) row-major means
     */
    static float[] of(float[] values, int width, double[] xy, String[] slides, int k) {
        int n = slides.length;
        float[] out = new float[n * width];
        double[] sum = new double[width];
        for (int[] cells : cellsBySlide(slides)) {
            double[] x = new double[cells.length];
            double[] y = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                x[c] = xy[2 * cells[c]];
                y[c] = xy[2 * cells[c] + 1];
            }
            PointIndex index = new PointIndex(x, y);
            int reach = Math.min(k, cells.length - 1);
            for (int c = 0; c < cells.length; c++) {
                Arrays.fill(sum, 0);
                add(sum, values, cells[c], width);
                int[] nearest = reach == 0 ? new int[0] : index.nearest(c, reach);
                for (int j : nearest) {
                    add(sum, values, cells[j], width);
                }
                for (int g = 0; g < width; g++) {
                    out[cells[c] * width + g] = (float) (sum[g] / (nearest.length + 1));
                }
            }
        }
        return out;
    }

    private static void add(double[] sum, float[] values, int row, int width) {
        for (int g = 0; g < width; g++) {
            sum[g] += values[row * width + g];
        }
    }

    /** The cell indices of each slide, slides in order of first appearance. */
    private static List<int[]> cellsBySlide(String[] slides) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < slides.length; i++) {
            groups.computeIfAbsent(slides[i], key -> new ArrayList<>()).add(i);
        }
        List<int[]> out = new ArrayList<>();
        for (List<Integer> cells : groups.values()) {
            out.add(cells.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }
}
