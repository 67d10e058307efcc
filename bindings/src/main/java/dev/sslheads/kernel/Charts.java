package dev.sslheads.kernel;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * JFreeChart charts from plain arrays, for notebook cells ({@code java.type("dev.sslheads.kernel.Charts")}):
 * guests cannot pass their strings where JFreeChart's datasets want a {@code Comparable} key.
 * A chart shown with {@code display(chart)} (or as a cell's value) renders as PNG.
 */
public final class Charts {
    private Charts() {}

    /** A line chart of {@code y} against 1, 2, ... (e.g. the loss per epoch). */
    public static JFreeChart line(String title, String xLabel, String yLabel, String seriesName, double[] y) {
        XYSeries series = new XYSeries(seriesName);
        for (int i = 0; i < y.length; i++) {
            series.add(i + 1, y[i]);
        }
        return ChartFactory.createXYLineChart(title, xLabel, yLabel, new XYSeriesCollection(series), PlotOrientation.VERTICAL,
                true, false, false);
    }

    /** A bar chart: one bar per category (e.g. the size of each domain). */
    public static JFreeChart bar(String title, String categoryLabel, String valueLabel, String[] categories, double[] values) {
        if (categories.length != values.length) {
            throw new IllegalArgumentException("categories and values must have the same length, were " + categories.length
                    + " and " + values.length);
        }
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (int i = 0; i < categories.length; i++) {
            dataset.addValue(values[i], valueLabel, categories[i]);
        }
        return ChartFactory.createBarChart(title, categoryLabel, valueLabel, dataset, PlotOrientation.VERTICAL, false, false, false);
    }
}
