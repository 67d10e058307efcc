package dev.sslheads.novae.plot;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.SparseMatrix;
import dev.sslheads.novae.SpatialNeighbors;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * novae's {@code plot.domains}: every cell at its {@code obsm["spatial"]} position, coloured by its domain (novae's
 * tab10/tab20 colours over the sorted domains, see {@link Palette}), cells without a domain (invalid) in grey, one
 * panel per slide ({@code ncols} panels a row) and one legend for all panels.
 *
 * <p>Drawn with Java2D rather than a chart library: a point map with equal axis scales, a circle per cell of
 * diameter {@code cellSize} coordinate units, and panels that share a legend are not among JFreeChart's charts. As in
 * scanpy's {@code pl.spatial} (novae's default path), the y axis points down, as in an image of the slide.
 */
public final class DomainsPlot {
    private static final int DPI = 100;
    private static final int MARGIN = 16;
    private static final int TITLE = 28;
    private static final int LEGEND_ROW = 20;

    private DomainsPlot() {}

    /**
     * The options of {@code plot.domains}.
     *
     * @param obsKey domains column (must start with {@code novae_domains_}); null: the latest one
     * @param slideNameKey obs column naming each slide in its panel title; null: {@code novae_sid}
     * @param cellSize circle diameter in coordinate units; null: the median {@code obsp["spatial_distances"]} of the
     *     largest AnnData (novae's default)
     * @param ncols panels per row (novae: 4)
     * @param figSizePerSlide width and height of one panel in inches at 100 dpi (novae: 5 x 5)
     */
    public record Options(String obsKey, String slideNameKey, Double cellSize, int ncols, double[] figSizePerSlide) {
        public static final Options DEFAULTS = new Options(null, null, null, 4, new double[] {5, 5});

        public Options {
            if (ncols < 1) {
                throw new IllegalArgumentException("ncols must be >= 1, got " + ncols);
            }
            if (figSizePerSlide == null || figSizePerSlide.length != 2 || !(figSizePerSlide[0] >= 1) || !(figSizePerSlide[1] >= 1)
                    || figSizePerSlide[0] > 50 || figSizePerSlide[1] > 50) {
                throw new IllegalArgumentException("fig_size_per_slide must be (width, height) in inches, each in [1, 50], got "
                        + Arrays.toString(figSizePerSlide));
            }
            if (cellSize != null && !(cellSize > 0 && Double.isFinite(cellSize))) {
                throw new IllegalArgumentException("cell_size must be a positive number, got " + cellSize);
            }
        }

        public Options withObsKey(String value) {
            return new Options(value, slideNameKey, cellSize, ncols, figSizePerSlide);
        }

        public Options withSlideNameKey(String value) {
            return new Options(obsKey, value, cellSize, ncols, figSizePerSlide);
        }
    }

    /**
     * Renders the figure.
     *
     * @throws IllegalArgumentException as {@link DomainsData#of} does, or without {@code obsm["spatial"]} (n_obs, 2)
     */
    public static Figure render(List<AnnData> adatas, Options options) {
        DomainsData data = DomainsData.of(adatas, options.obsKey(), options.slideNameKey());
        for (int a = 0; a < adatas.size(); a++) {
            Matrix spatial = adatas.get(a).obsm().get("spatial");
            long[] shape = spatial == null ? null : spatial.shape();
            if (shape == null || shape.length != 2 || shape[1] != 2) {
                throw new IllegalArgumentException("adata[" + a + "].obsm['spatial'] must have shape (n_obs, 2), got "
                        + (shape == null ? "none" : Arrays.toString(shape)));
            }
        }
        double cellSize = options.cellSize() != null ? options.cellSize() : defaultCellSize(adatas);
        int panels = data.slides().size();
        int ncols = Math.min(options.ncols(), panels);
        int nrows = (panels + ncols - 1) / ncols;
        int panelWidth = (int) Math.round(options.figSizePerSlide()[0] * DPI);
        int panelHeight = (int) Math.round(options.figSizePerSlide()[1] * DPI);
        Map<String, Color> legend = new LinkedHashMap<>(data.colours());
        boolean anyMissing = data.slides().stream().flatMap(s -> Arrays.stream(s.domains())).anyMatch(d -> d == null);
        if (anyMissing) {
            legend.put("no domain (invalid cells)", Palette.NA);
        }
        int legendWidth = legendWidth(legend);
        int width = ncols * panelWidth + legendWidth;
        int height = Math.max(nrows * panelHeight, MARGIN * 2 + LEGEND_ROW * (legend.size() + 1));
        return Canvas.draw(width, height, legend, g -> {
            for (int p = 0; p < panels; p++) {
                drawSlide(g, data, data.slides().get(p), cellSize, (p % ncols) * panelWidth, (p / ncols) * panelHeight,
                        panelWidth, panelHeight);
            }
            drawLegend(g, data.obsKey(), legend, ncols * panelWidth, MARGIN);
        });
    }

    private static void drawSlide(Graphics2D g, DomainsData data, DomainsData.Slide slide, double cellSize, int x0, int y0,
                                  int width, int height) {
        double[] xy = slide.adata().obsm().get("spatial").selectRows(slide.rows()).toDoubleArray();
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < slide.rows().length; i++) {
            minX = Math.min(minX, xy[2 * i]);
            maxX = Math.max(maxX, xy[2 * i]);
            minY = Math.min(minY, xy[2 * i + 1]);
            maxY = Math.max(maxY, xy[2 * i + 1]);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics metrics = g.getFontMetrics();
        String title = slide.name();
        g.drawString(title, x0 + (width - metrics.stringWidth(title)) / 2, y0 + MARGIN + metrics.getAscent());
        int areaX = x0 + MARGIN;
        int areaY = y0 + MARGIN + TITLE;
        int areaWidth = width - 2 * MARGIN;
        int areaHeight = height - 2 * MARGIN - TITLE;
        double span = Math.max(Math.max(maxX - minX, maxY - minY), 1e-9) + cellSize;
        double scale = Math.min(areaWidth, areaHeight) / span;
        double offsetX = areaX + (areaWidth - (maxX - minX) * scale) / 2;
        double offsetY = areaY + (areaHeight - (maxY - minY) * scale) / 2;
        double diameter = Math.max(2.0, cellSize * scale);
        g.setColor(new Color(0xdddddd));
        g.drawRect(areaX, areaY, areaWidth, areaHeight);
        for (boolean missingPass : new boolean[] {true, false}) {
            for (int i = 0; i < slide.rows().length; i++) {
                String domain = slide.domains()[i];
                if ((domain == null) != missingPass) {
                    continue;
                }
                g.setColor(domain == null ? Palette.NA : data.colours().get(domain));
                double px = offsetX + (xy[2 * i] - minX) * scale;
                double py = offsetY + (xy[2 * i + 1] - minY) * scale;
                g.fill(new Ellipse2D.Double(px - diameter / 2, py - diameter / 2, diameter, diameter));
            }
        }
    }

    private static int legendWidth(Map<String, Color> legend) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = probe.createGraphics();
        try {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            FontMetrics metrics = g.getFontMetrics();
            int widest = legend.keySet().stream().mapToInt(metrics::stringWidth).max().orElse(0);
            return Math.max(widest, 120) + 3 * MARGIN + LEGEND_ROW;
        } finally {
            g.dispose();
        }
    }

    /** One legend row per entry: a filled circle of the colour, then the label. */
    static void drawLegend(Graphics2D g, String title, Map<String, Color> legend, int x0, int y0) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(Color.BLACK);
        g.drawString(title, x0 + MARGIN, y0 + g.getFontMetrics().getAscent());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = y0 + LEGEND_ROW;
        for (Map.Entry<String, Color> entry : legend.entrySet()) {
            g.setColor(entry.getValue());
            g.fill(new Ellipse2D.Double(x0 + MARGIN, y + 3, LEGEND_ROW - 8, LEGEND_ROW - 8));
            g.setColor(Color.BLACK);
            g.drawString(entry.getKey(), x0 + MARGIN + LEGEND_ROW, y + g.getFontMetrics().getAscent());
            y += LEGEND_ROW;
        }
    }

    /** novae's default cell size: the median stored distance of the largest AnnData's spatial graph. */
    static double defaultCellSize(List<AnnData> adatas) {
        AnnData largest = adatas.get(0);
        for (AnnData adata : adatas) {
            if (adata.nObs() > largest.nObs()) {
                largest = adata;
            }
        }
        Matrix distances = largest.obsp().get(SpatialNeighbors.DISTANCES);
        if (!(distances instanceof SparseMatrix sparse) || sparse.nnz() == 0) {
            throw new IllegalArgumentException("cell_size is None and the largest AnnData has no obsp['"
                    + SpatialNeighbors.DISTANCES + "']: run novae.spatial_neighbors first or give cell_size");
        }
        double[] values = sparse.values().toDoubleArray();
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
