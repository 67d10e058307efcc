package dev.sslheads.stablepretraining;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.runtime.Devices;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import java.util.Locale;

/**
 * stable-pretraining's SwAV on the bundled digits: an MLP encoder (64 -> 128 -> 128 -> 32) and
 * {@link SwAV} (projector 32 -> 128 -> 32, K prototypes) trained with two noise/dropout views;
 * each image's cluster is the argmax of its prototype scores, scored (NMI, ARI) against the digit
 * labels next to k-means (K = 10) on the raw pixels.
 *
 * <p>{@code main} options: {@code --epochs N} (30), {@code --prototypes K} (10), {@code --seed S} (0).
 */
public final class StablePretrainingDigits {
    /** Scores of one clustering of the digits. */
    public record Scores(int clusters, double nmi, double ari) {}

    /** The SwAV clustering and the k-means baseline. */
    public record Result(Scores swav, Scores kmeansOnPixels, java.util.List<EpochLoss> history) {}

    private StablePretrainingDigits() {}

    public static void main(String[] args) {
        int epochs = 30;
        int prototypes = 10;
        long seed = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--prototypes" -> prototypes = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --epochs, --prototypes, --seed)");
            }
        }
        int total = epochs;
        Result r = run(epochs, prototypes, seed, Devices.resolve(),
                s -> System.out.printf(Locale.ROOT, "epoch %3d/%d  loss %.4f%s%n", s.epoch() + 1, total, s.loss(),
                        s.prototypesFrozen() ? "  (prototypes frozen)" : ""));
        System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s%n", "assignment vs digit label", "clusters", "NMI", "ARI");
        print("stable-pretraining SwAV (argmax)", r.swav());
        print("k-means on raw pixels (K=10)", r.kmeansOnPixels());
    }

    private static void print(String name, Scores s) {
        System.out.printf(Locale.ROOT, "%-32s %8d %8.3f %8.3f%n", name, s.clusters(), s.nmi(), s.ari());
    }

    /**
     * Trains and scores.
     *
     * @param epochs training epochs (batch 128, AdamW lr 1e-3, prototypes frozen in epoch 0)
     * @param prototypes K
     * @param seed engine, init and batch-order seed
     * @param device where everything runs
     * @param onEpoch progress callback (may be null)
     */
    public static Result run(int epochs, int prototypes, long seed, Device device, java.util.function.Consumer<EpochLoss> onEpoch) {
        Engine.getInstance().setRandomSeed((int) seed);
        Digits digits = Digits.load();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray pixels = OwnedArrays.of(manager, flatten(digits.pixels()), new Shape(digits.size(), Digits.FEATURES));
            SequentialBlock encoder = MlpEncoder.create(manager, Digits.FEATURES, 128, 32);
            SwavConfig config = new SwavConfig(128, 32, prototypes, 0.1, 3, 0.05);
            try (SwAV model = new SwAV(encoder, new Shape(1, Digits.FEATURES), config, seed, device)) {
                StablePretrainingTrainer trainer = new StablePretrainingTrainer(model, new NoiseDropoutAugmentation(0.2, 0.1),
                        new TrainingSettings(epochs, 128, 1e-3f, 0f, 1, PrototypeFreezing.ZERO_GRADIENTS, seed));
                NDArray scaled = ScalarOps.div(pixels, 16f);
                java.util.List<EpochLoss> history = trainer.fit(scaled, onEpoch);
                int[] assigned = model.assign(scaled, 128);
                Scores swav = scores(digits.labels(), assigned);
                long[] km = new KMeans(10, seed).fit(pixels).labels().toLongArray();
                int[] kmeans = new int[km.length];
                for (int i = 0; i < km.length; i++) {
                    kmeans[i] = (int) km[i];
                }
                return new Result(swav, scores(digits.labels(), kmeans), history);
            }
        }
    }

    private static Scores scores(int[] labels, int[] clusters) {
        return new Scores((int) java.util.Arrays.stream(clusters).distinct().count(),
                ClusteringScores.normalizedMutualInfo(labels, clusters), ClusteringScores.adjustedRandIndex(labels, clusters));
    }

    private static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
