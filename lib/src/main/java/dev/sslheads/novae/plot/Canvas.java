package dev.sslheads.novae.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.function.Consumer;

/** A white ARGB image drawn on with anti-aliased Java2D, for the plots that JFreeChart does not draw. */
final class Canvas {
    private Canvas() {}

    /** Draws on a fresh {@code width x height} white image and returns it as a figure with {@code legend}. */
    static Figure draw(int width, int height, Map<String, Color> legend, Consumer<Graphics2D> painter) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return new Figure(image, legend);
    }
}
