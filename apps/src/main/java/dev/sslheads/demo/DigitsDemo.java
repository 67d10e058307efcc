package dev.sslheads.demo;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.runtime.Devices;
import dev.sslheads.swav.Leaves;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import dev.sslheads.train.SwavTrainer;
import dev.sslheads.train.TrainingConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The main job for now ({@code scripts/sslheads demo}): trains a small MLP encoder and novae's
 * SwAV head on the bundled digits (two noisy views per image, three pseudo-slides so the slide
 * queue is exercised), assigns leaves and domains, scores them against the digit labels next to
 * k-means on the raw pixels, and writes the per-image table as CSV.
 */
public final class DigitsDemo {
    private static final int[] DOMAIN_LEVELS = {5, 10, 20};
    private static final int SLIDES = 3;

    private DigitsDemo() {}

    /** Options: --epochs N, --prototypes K, --output-size O, --seed S, --out FILE.csv. */
    public static void main(String[] args) throws IOException {
        DemoOptions options = DemoOptions.parse(args);
        Device device = Devices.resolve();
        Engine.getInstance().setRandomSeed((int) options.seed());
        Digits digits = Digits.load();
        System.out.printf(Locale.ROOT, "sslheads demo: %d digits images, %s, %d threads%n", digits.size(), device,
                Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));

        Mode mode = new Mode();
        try (SwavHead head = new SwavHead(mode, options.outputSize(), options.prototypes(), 0.1, options.seed(), device)) {
            List<String> slideOfRow = pseudoSlides(digits.size());
            head.initQueue(slideOfRow.stream().distinct().sorted().toList());
            head.setMinPrototypes(0.3);
            NDArray pixels = ScalarOps.div(OwnedArrays.of(head.manager(), flatten(digits.pixels()), new Shape(digits.size(), Digits.FEATURES)), 16f);
            SequentialBlock encoder = MlpEncoder.create(head.manager(), Digits.FEATURES, 128, options.outputSize());
            TrainingConfig config = new TrainingConfig(options.epochs(), 128, 1e-3f, 1, options.seed());
            SwavTrainer trainer = new SwavTrainer(head, encoder, new NoiseDropoutAugmentation(0.2, 0.1), config);

            long start = System.nanoTime();
            trainer.fit(pixels, slideOfRow, s -> System.out.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f  entropy %.3f%s%n",
                    s.epoch() + 1, options.epochs(), s.loss(), s.entropy(), s.prototypesFrozen() ? "  (prototypes frozen)" : ""));
            System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
            mode.setTrained(true);

            NDArray latent = trainer.encodeAll(pixels);
            Table table = Table.create("digits");
            table.addColumns(IntColumn.create("label", digits.labels()), StringColumn.create("slide", slideOfRow));
            StringColumn leaves = Leaves.assign(head, latent);
            table.addColumns(leaves);
            for (int level : DOMAIN_LEVELS) {
                table.addColumns(head.mapLeavesDomains(leaves, level).setName("novae_domains_" + level));
            }
            report(table, digits, head.manager());
            Path out = options.out().toAbsolutePath();
            Files.createDirectories(out.getParent());
            table.write().csv(out.toFile());
            System.out.println("wrote " + out + " (" + table.rowCount() + " rows: " + String.join(", ", table.columnNames()) + ")");
        }
    }

    private static void report(Table table, Digits digits, ai.djl.ndarray.NDManager manager) {
        int[] labels = digits.labels();
        System.out.printf(Locale.ROOT, "%-28s %8s %8s %8s%n", "assignment vs digit label", "clusters", "NMI", "ARI");
        List<String> columns = new ArrayList<>(List.of(Leaves.COLUMN));
        for (int level : DOMAIN_LEVELS) {
            columns.add("novae_domains_" + level);
        }
        for (String name : columns) {
            StringColumn c = table.stringColumn(name);
            String[] values = c.asObjectArray();
            printScore(name, c.countUnique(), ClusteringScores.normalizedMutualInfo(stringLabels(labels), values),
                    ClusteringScores.adjustedRandIndex(stringLabels(labels), values));
        }
        try (NDArray raw = OwnedArrays.of(manager, flatten(digits.pixels()), new Shape(digits.size(), Digits.FEATURES))) {
            int[] kmeans = toInts(new KMeans(10, 0L).fit(raw).labels().toLongArray());
            printScore("k-means on raw pixels (K=10)", 10, ClusteringScores.normalizedMutualInfo(labels, kmeans),
                    ClusteringScores.adjustedRandIndex(labels, kmeans));
        }
    }

    private static void printScore(String name, int clusters, double nmi, double ari) {
        System.out.printf(Locale.ROOT, "%-28s %8d %8.3f %8.3f%n", name, clusters, nmi, ari);
    }

    private static String[] stringLabels(int[] labels) {
        String[] out = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = Integer.toString(labels[i]);
        }
        return out;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (int) values[i];
        }
        return out;
    }

    /** Rows split round-robin into slides "slide-0".."slide-2", so every batch holds one slide, as in novae. */
    private static List<String> pseudoSlides(int rows) {
        List<String> slides = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            slides.add("slide-" + (i % SLIDES));
        }
        return slides;
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
