package dev.sslheads.kernel;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Writes the kernelspec directory that {@code jupyter kernelspec install} takes: {@code kernel.json}
 * (argv = the given JVM command line and {@code {connection_file}}, display name, language,
 * {@code "interrupt_mode": "message"}) and the logo at 32 and 64 pixels.
 *
 * <p>{@code KernelSpec DIR JAVA [JVM args...] dev.sslheads.kernel.KernelMain}
 */
public final class KernelSpec {
    public static final String NAME = "sslheads";
    public static final String DISPLAY_NAME = "sslheads (GraalPy + GraalJS)";

    private KernelSpec() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: KernelSpec DIR JAVA [JVM args...] dev.sslheads.kernel.KernelMain");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        write(Path.of(args[0]), Arrays.asList(args).subList(1, args.length));
    }

    /** Writes {@code kernel.json} and the logos into {@code dir} (created if missing). */
    public static void write(Path dir, List<String> command) throws IOException {
        Files.createDirectories(dir);
        JsonArray argv = new JsonArray();
        command.forEach(argv::add);
        argv.add("{connection_file}");
        JsonObject spec = new JsonObject();
        spec.add("argv", argv);
        spec.addProperty("display_name", DISPLAY_NAME);
        spec.addProperty("language", "python");
        spec.addProperty("interrupt_mode", "message");
        spec.add("env", new JsonObject());
        spec.add("metadata", new JsonObject());
        Files.writeString(dir.resolve("kernel.json"), new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n", StandardCharsets.UTF_8);
        for (int size : new int[] {32, 64}) {
            ImageIO.write(logo(size), "png", dir.resolve("logo-" + size + "x" + size + ".png").toFile());
        }
    }

    /** Three clusters of points around their prototypes, drawn (no fonts needed). */
    static BufferedImage logo(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(0x1f2a44));
        g.fillRoundRect(0, 0, size, size, size / 4, size / 4);
        double[][] centres = {{0.32, 0.34}, {0.70, 0.38}, {0.48, 0.72}};
        Color[] colours = {new Color(0xf28e2b), new Color(0x59a14f), new Color(0x4e79a7)};
        double[][] offsets = {{-0.09, -0.05}, {0.08, -0.07}, {0.02, 0.09}, {-0.06, 0.07}};
        float dot = size / 14f;
        for (int c = 0; c < centres.length; c++) {
            g.setColor(colours[c]);
            for (double[] o : offsets) {
                g.fillOval((int) ((centres[c][0] + o[0]) * size - dot / 2), (int) ((centres[c][1] + o[1]) * size - dot / 2), (int) dot, (int) dot);
            }
            g.setStroke(new BasicStroke(Math.max(1f, size / 32f)));
            int r = (int) (size * 0.16);
            g.drawOval((int) (centres[c][0] * size) - r, (int) (centres[c][1] * size) - r, 2 * r, 2 * r);
        }
        g.dispose();
        return image;
    }
}
