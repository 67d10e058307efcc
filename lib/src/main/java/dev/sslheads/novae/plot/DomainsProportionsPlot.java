package dev.sslheads.novae.plot;

import dev.sslheads.anndata.AnnData;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * novae's {@code plot.domains_proportions}: one stacked bar per slide, the share of each domain among the slide's
 * cells that have one (invalid cells are not counted), in novae's domain colours, legend on the right.
 */
public final class DomainsProportionsPlot {
    private static final int DPI = 100;
    private static final int LEGEND_WIDTH = 160;

    private DomainsProportionsPlot() {}

    /**
     * Renders the figure.
     *
     * @param obsKey domains column, or null for the latest {@code novae_domains_*} one
     * @param slideNameKey obs column naming each slide, or null for {@code novae_sid}
     * @param figsize plot width and height in inches at 100 dpi, without the legend (novae: 2 x 5)
     * @throws IllegalArgumentException as {@link DomainsData#of} does, or for a figure size outside [1, 50] inches
     */
    public static Figure render(List<AnnData> adatas, String obsKey, String slideNameKey, double[] figsize) {
        if (figsize == null || figsize.length != 2 || !(figsize[0] >= 1 && figsize[0] <= 50) || !(figsize[1] >= 1 && figsize[1] <= 50)) {
            throw new IllegalArgumentException("figsize must be (width, height) in inches, each in [1, 50], got "
                    + java.util.Arrays.toString(figsize));
        }
        DomainsData data = DomainsData.of(adatas, obsKey, slideNameKey);
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (DomainsData.Slide slide : data.slides()) {
            long counted = java.util.Arrays.stream(slide.domains()).filter(d -> d != null).count();
            for (String domain : data.colours().keySet()) {
                long n = java.util.Arrays.stream(slide.domains()).filter(domain::equals).count();
                dataset.addValue(counted == 0 ? 0.0 : (double) n / counted, domain, slide.name());
            }
        }
        JFreeChart chart = ChartFactory.createStackedBarChart(null, null, "Proportion", dataset, PlotOrientation.VERTICAL,
                true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinesVisible(false);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_90);
        plot.getRangeAxis().setRange(0, 1);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        int series = 0;
        for (Map.Entry<String, Color> entry : data.colours().entrySet()) {
            renderer.setSeriesPaint(series++, entry.getValue());
        }
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int width = (int) Math.round(figsize[0] * DPI) + LEGEND_WIDTH;
        int height = (int) Math.round(figsize[1] * DPI);
        return new Figure(chart.createBufferedImage(width, height), data.colours());
    }
}
