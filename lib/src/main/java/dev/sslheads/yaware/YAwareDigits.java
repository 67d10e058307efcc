package dev.sslheads.yaware;

import dev.sslheads.optim.AdamW;
import dev.sslheads.optim.WarmupCosineSettings;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.cluster.KMeansResult;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.runtime.Devices;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import java.util.List;
import java.util.Locale;

/**
 * y-Aware contrastive learning on the bundled digits: an MLP encoder trained on two noisy views of
 * each image, without and with an auxiliary variable, then k-means (K=10) on the encoder features,
 * scored against the digit labels next to k-means on the raw pixels. The auxiliary variable is each
 * image's mean pixel intensity (standardised): a continuous value derived from the image alone, not
 * the digit label. {@code main(epochs, seed, bandwidths)} prints the table (bandwidths comma-separated, default 0.1; each
 * with nidl's column and the paper's row weight normalisation).
 */
public final class YAwareDigits {
    /** Encoder output size (= projInputDim). */
    public static final int FEATURES = 32;
    private static final int CLUSTERS = 10;
    /** Bandwidth (sigma^2) on the standardised mean intensity. */
    public static final double BANDWIDTH = 0.1;

    private YAwareDigits() {}

    /** NMI and ARI of k-means clusters against the digit labels, and the training losses (empty for raw pixels). */
    public record Result(String name, double nmi, double ari, List<EpochLoss> losses) {}

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 0L;
        Device device = Devices.resolve();
        System.out.printf(Locale.ROOT, "y-Aware on digits: %d epochs, seed %d, %s%n", epochs, seed, device);
        System.out.printf(Locale.ROOT, "%-58s %8s %8s %10s%n", "k-means (K=10) on", "NMI", "ARI", "loss first -> last epoch");
        List<Result> results = new java.util.ArrayList<>(List.of(rawPixels(device, seed), train(device, epochs, seed, false)));
        for (String b : args.length > 2 ? args[2].split(",") : new String[] {Double.toString(BANDWIDTH)}) {
            for (WeightNormalization normalization : WeightNormalization.values()) {
                results.add(train(device, epochs, seed, true, Bandwidth.scalar(Double.parseDouble(b)), normalization));
            }
        }
        for (Result r : results) {
            String loss = r.losses().isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f -> %.4f", r.losses().get(0).trainLoss(), r.losses().get(r.losses().size() - 1).trainLoss());
            System.out.printf(Locale.ROOT, "%-58s %8.3f %8.3f %10s%n", r.name(), r.nmi(), r.ari(), loss);
        }
    }

    /** k-means on the raw pixels (the baseline). */
    public static Result rawPixels(Device device, long seed) {
        Digits digits = Digits.load();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            int[] clusters = kmeans(pixels(manager, digits), seed);
            return new Result("raw pixels", ClusteringScores.normalizedMutualInfo(digits.labels(), clusters),
                    ClusteringScores.adjustedRandIndex(digits.labels(), clusters), List.of());
        }
    }

    /**
     * Trains encoder + projection head for {@code epochs} epochs (batch 256, AdamW lr 1e-3,
     * warmup-cosine with one warmup epoch) and clusters the encoder features.
     *
     * @param withLabels whether the mean pixel intensity is given as auxiliary variable
     */
    public static Result train(Device device, int epochs, long seed, boolean withLabels) {
        return train(device, epochs, seed, withLabels, Bandwidth.scalar(BANDWIDTH), WeightNormalization.NIDL_COLUMNS);
    }

    /** {@link #train(Device, int, long, boolean)} with a given bandwidth and weight normalisation for the auxiliary variable. */
    public static Result train(Device device, int epochs, long seed, boolean withLabels, Bandwidth bandwidth, WeightNormalization normalization) {
        Digits digits = Digits.load();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray x = ScalarOps.div(pixels(manager, digits), 16f);
            NDArray y = withLabels ? standardise(x.mean(new int[] {1})) : null;
            SequentialBlock encoder = MlpEncoder.create(manager, Digits.FEATURES, 128, FEATURES);
            try (YAwareContrastiveLearning model = YAwareContrastiveLearning.builder(encoder)
                    .projInputDim(FEATURES).projHiddenDim(64).projOutputDim(32)
                    .learningRate(1e-3).maxEpochs(epochs).bandwidth(bandwidth).weightNormalization(normalization)
                    .lrSchedulerKwargs(new WarmupCosineSettings(1, 1e-6, 0, "step"))
                    .build()) {
                ViewBatches batches = ViewBatches.augmented(x, y, new NoiseDropoutAugmentation(0.2, 0.1), 256, seed);
                List<EpochLoss> losses = model.fit(batches, null, null);
                int[] clusters = kmeans(model.transform(x, 512), seed);
                return new Result(withLabels ? "y-Aware features (y = mean intensity, bw " + bandwidth + ", " + normalization + ")" : "y-Aware features (no labels: InfoNCE)",
                        ClusteringScores.normalizedMutualInfo(digits.labels(), clusters),
                        ClusteringScores.adjustedRandIndex(digits.labels(), clusters), losses);
            }
        }
    }

    private static NDArray standardise(NDArray v) {
        NDArray centred = v.sub(v.mean());
        return centred.div(centred.square().mean().sqrt());
    }

    private static NDArray pixels(NDManager manager, Digits digits) {
        float[] flat = new float[digits.size() * Digits.FEATURES];
        for (int i = 0; i < digits.size(); i++) {
            System.arraycopy(digits.pixels()[i], 0, flat, i * Digits.FEATURES, Digits.FEATURES);
        }
        return OwnedArrays.of(manager, flat, new Shape(digits.size(), Digits.FEATURES));
    }

    private static int[] kmeans(NDArray features, long seed) {
        try (KMeansResult result = new KMeans(CLUSTERS, seed).fit(features)) {
            long[] labels = result.labels().toLongArray();
            int[] out = new int[labels.length];
            for (int i = 0; i < labels.length; i++) {
                out[i] = (int) labels[i];
            }
            return out;
        }
    }
}
