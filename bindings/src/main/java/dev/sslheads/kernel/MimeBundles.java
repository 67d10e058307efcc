package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.graalvm.polyglot.Value;
import org.jfree.chart.JFreeChart;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Jupyter mime bundles for Java objects: Tablesaw tables and columns as HTML and text/plain,
 * JFreeChart charts and images as PNG (with a text/plain description), anything else as its
 * {@code toString()}.
 */
final class MimeBundles {
    /** Size of a chart's PNG, in pixels. */
    static final int CHART_WIDTH = 640;
    static final int CHART_HEIGHT = 400;

    private MimeBundles() {}

    /** The bundle of a host (Java) object. */
    static JsonObject ofHost(Object object) {
        JsonObject data = new JsonObject();
        if (object instanceof Table table) {
            data.addProperty("text/html", TableHtml.of(table));
            data.addProperty("text/plain", table.print(TableHtml.MAX_ROWS));
        } else if (object instanceof Column<?> column) {
            data.addProperty("text/html", TableHtml.of(column));
            data.addProperty("text/plain", column.print());
        } else if (object instanceof JFreeChart chart) {
            data.addProperty("image/png", png(chart.createBufferedImage(CHART_WIDTH, CHART_HEIGHT)));
            String title = chart.getTitle() == null ? "" : " " + chart.getTitle().getText();
            data.addProperty("text/plain", "<chart" + title + ">");
        } else if (object instanceof RenderedImage image) {
            data.addProperty("image/png", png(image));
            data.addProperty("text/plain", "<image " + image.getWidth() + "x" + image.getHeight() + ">");
        } else {
            data.addProperty("text/plain", String.valueOf(object));
        }
        return data;
    }

    /** The bundle of a guest value that is not a host object: its display string. */
    static JsonObject ofText(Value value) {
        JsonObject data = new JsonObject();
        data.addProperty("text/plain", value.toString());
        return data;
    }

    /** A Python dict of mime type to str, as a bundle. */
    static JsonObject ofDict(Value dict) {
        JsonObject data = new JsonObject();
        Value keys = dict.getHashKeysIterator();
        while (keys.hasIteratorNextElement()) {
            Value key = keys.getIteratorNextElement();
            data.addProperty(key.asString(), dict.getHashValue(key).asString());
        }
        return data;
    }

    static String png(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a PNG", e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
