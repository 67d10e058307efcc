package dev.sslheads.novae.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * novae's {@code plot_prototype_weights}: the slide queue's prototype weights (n_slides, K) as a heat map, one row
 * per slide, colour scale 0 to 1 (viridis). With {@code assignZeros}, as novae does, each slide's weights below the
 * thresholds are set to 0, except that when fewer than {@code minPrototypes} pass, only the lowest
 * {@code K - minPrototypes} are zeroed. novae draws a seaborn clustermap (rows and columns reordered by their own
 * trees); here the columns follow the prototypes' merge tree (the order of {@link DomainsHierarchyPlot}'s leaves)
 * and the rows keep the queue's slide order.
 */
public final class PrototypeWeightsPlot {
    private static final int WIDTH = 800;
    private static final int ROW_HEIGHT = 40;

    private PrototypeWeightsPlot() {}

    /**
     * Renders the heat map.
     *
     * @param weights (n_slides, K) queue weights
     * @param thresholds (K) per-prototype thresholds
     * @param minPrototypes prototypes every slide keeps
     * @param slideIds (n_slides) row labels
     * @param columnOrder a permutation of 0..K-1, the prototypes left to right
     * @param assignZeros whether to zero the weights below threshold
     * @throws IllegalArgumentException on inconsistent shapes or an order that is not a permutation
     */
    public static Figure render(float[][] weights, float[] thresholds, int minPrototypes, List<String> slideIds,
                                int[] columnOrder, boolean assignZeros) {
        int k = thresholds.length;
        if (weights.length == 0 || weights.length != slideIds.size()) {
            throw new IllegalArgumentException("weights must have one row per slide id (" + slideIds.size() + "), got "
                    + weights.length);
        }
        for (float[] row : weights) {
            if (row.length != k) {
                throw new IllegalArgumentException("each weights row must have K=" + k + " entries, got " + row.length);
            }
        }
        int[] sorted = columnOrder.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted.length != k || sorted[i] != i) {
                throw new IllegalArgumentException("columnOrder must be a permutation of 0.." + (k - 1));
            }
        }
        float[][] shown = assignZeros ? zeroBelowThresholds(weights, thresholds, minPrototypes) : weights;
        int n = weights.length;
        double[] xs = new double[n * k];
        double[] ys = new double[n * k];
        double[] zs = new double[n * k];
        for (int s = 0; s < n; s++) {
            for (int c = 0; c < k; c++) {
                xs[s * k + c] = c;
                ys[s * k + c] = n - 1 - s;
                zs[s * k + c] = shown[s][columnOrder[c]];
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("weights", new double[][] {xs, ys, zs});
        XYBlockRenderer renderer = new XYBlockRenderer();
        PaintScale scale = new Viridis();
        renderer.setPaintScale(scale);
        NumberAxis xAxis = new NumberAxis("prototypes (in the order of the domains hierarchy)");
        xAxis.setRange(-0.5, k - 0.5);
        xAxis.setTickLabelsVisible(false);
        xAxis.setTickMarksVisible(false);
        String[] rows = new String[n];
        for (int s = 0; s < n; s++) {
            rows[s] = slideIds.get(n - 1 - s);
        }
        SymbolAxis yAxis = new SymbolAxis(null, rows);
        yAxis.setRange(-0.5, n - 0.5);
        yAxis.setGridBandsVisible(false);
        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart("Prototype weights per slide", new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis legendAxis = new NumberAxis("weight");
        legendAxis.setRange(0, 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(4, 10, 4, 10);
        chart.addSubtitle(legend);
        return new Figure(chart.createBufferedImage(WIDTH, 140 + ROW_HEIGHT * n), Map.of());
    }

    /** novae's {@code assign_zeros}, per slide; a copy. */
    static float[][] zeroBelowThresholds(float[][] weights, float[] thresholds, int minPrototypes) {
        int k = thresholds.length;
        float[][] out = new float[weights.length][];
        for (int s = 0; s < weights.length; s++) {
            float[] row = weights[s].clone();
            Integer[] below = java.util.stream.IntStream.range(0, k).filter(c -> row[c] < thresholds[c]).boxed()
                    .toArray(Integer[]::new);
            if (k - below.length >= minPrototypes) {
                for (int c : below) {
                    row[c] = 0;
                }
            } else {
                Arrays.sort(below, (a, b) -> Float.compare(row[a], row[b]));
                for (int i = 0; i < Math.min(k - minPrototypes, below.length); i++) {
                    row[below[i]] = 0;
                }
            }
            out[s] = row;
        }
        return out;
    }

    /** matplotlib's viridis on [0, 1], linear between nine of its stops. */
    private static final class Viridis implements PaintScale {
        private static final int[] STOPS = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30,
            0xfde725};

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 1;
        }

        @Override
        public Paint getPaint(double value) {
            double t = Math.max(0, Math.min(1, Double.isNaN(value) ? 0 : value)) * (STOPS.length - 1);
            int i = Math.min((int) t, STOPS.length - 2);
            double f = t - i;
            Color a = new Color(STOPS[i]);
            Color b = new Color(STOPS[i + 1]);
            return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
        }
    }
}
