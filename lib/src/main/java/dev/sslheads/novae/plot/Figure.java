package dev.sslheads.novae.plot;

import dev.sslheads.util.AtomicFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A rendered plot: the image, and the legend it draws (label to colour, in legend order; empty when the plot has
 * no categorical legend). Notebook kernels show the image; scripts {@link #save} it.
 *
 * @param image the pixels (ARGB)
 * @param legend every legend entry drawn, label to colour
 */
public record Figure(BufferedImage image, Map<String, Color> legend) {
    public Figure {
        legend = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(legend));
    }

    /** The image as PNG bytes. */
    public byte[] png() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the figure as PNG", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Writes the PNG to {@code path} (a temporary sibling renamed into place) and returns the path.
     *
     * @throws IllegalArgumentException when the path does not end in {@code .png} or its folder does not exist
     */
    public Path save(Path path) throws IOException {
        Path target = path.toAbsolutePath();
        if (!target.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("save must be a .png path, got '" + path + "'");
        }
        if (target.getParent() == null || !java.nio.file.Files.isDirectory(target.getParent())) {
            throw new IllegalArgumentException("save's folder must exist, got '" + target.getParent() + "'");
        }
        AtomicFiles.write(target, png());
        return target;
    }
}
