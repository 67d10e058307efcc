package dev.sslheads.lightly;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.runtime.Devices;
import dev.sslheads.train.Augmentation;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * fmcib's SwaV on the bundled digits: an MLP backbone, {@link SwavModel} with two queues that
 * start after a few epochs and prototypes frozen during epoch 0 (fmcib's recipe in small),
 * {@link SwavLoss}, Adam; 2 high-resolution views (mild noise and dropout) and 2 "low-resolution"
 * views (stronger noise and dropout: flat pixel vectors have no crops). Each image is then
 * assigned to its highest-scoring prototype, and the assignment is scored against the digit
 * labels (NMI, ARI) next to k-means on the raw pixels.
 */
public final class LightlyDigits {

    /** Training settings; {@link #DEFAULTS} is what {@code main} runs. */
    public record Settings(int epochs, int batchSize, int prototypes, int queueLength, int startQueueAtEpoch, double learningRate, long seed) {
        public static final Settings DEFAULTS = new Settings(40, 128, 10, 512, 10, 1e-3, 0);

        public Settings {
            Checks.atLeast("epochs", epochs, 1);
            Checks.atLeast("batchSize", batchSize, 2);
            Checks.atLeast("prototypes", prototypes, 2);
            Checks.atLeast("queueLength", queueLength, 1);
            Checks.atLeast("startQueueAtEpoch", startQueueAtEpoch, 0);
            Checks.positive("learningRate", learningRate);
        }
    }

    /** Scores of the prototype assignment and of k-means on raw pixels, and the mean loss of every epoch. */
    public record Result(double nmi, double ari, int clustersUsed, double kmeansNmi, double kmeansAri, float[] epochLosses) {}

    private static final int HIDDEN = 128;
    private static final int NUM_FTRS = 64;
    private static final int OUT_DIM = 32;
    private static final int N_HIGH = 2;
    private static final int N_LOW = 2;

    private LightlyDigits() {}

    public static void main(String[] args) {
        Settings s = Settings.DEFAULTS;
        if (args.length > 0) {
            s = new Settings(Integer.parseInt(args[0]), s.batchSize(), s.prototypes(), s.queueLength(), s.startQueueAtEpoch(), s.learningRate(), s.seed());
        }
        Result r = run(s, Devices.resolve(), System.out::println);
        System.out.printf(Locale.ROOT, "%-32s %8s %8s %8s%n", "assignment vs digit label", "clusters", "NMI", "ARI");
        System.out.printf(Locale.ROOT, "%-32s %8d %8.3f %8.3f%n", "lightly SwaV prototypes (argmax)", r.clustersUsed(), r.nmi(), r.ari());
        System.out.printf(Locale.ROOT, "%-32s %8d %8.3f %8.3f%n", "k-means on raw pixels (K=10)", 10, r.kmeansNmi(), r.kmeansAri());
    }

    /** Trains on the digits and scores the assignment; {@code log} (or null) receives one line per epoch. */
    public static Result run(Settings settings, Device device, Consumer<String> log) {
        Engine.getInstance().setRandomSeed((int) settings.seed());
        Digits digits = Digits.load();
        int n = digits.size();
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray pixels = ScalarOps.div(OwnedArrays.of(manager, digits.pixels()), 16f);
            SequentialBlock backbone = MlpEncoder.create(manager, Digits.FEATURES, HIDDEN, NUM_FTRS);
            try (SwavModel model = new SwavModel(manager, backbone, NUM_FTRS, OUT_DIM, settings.prototypes(), N_HIGH, settings.queueLength(),
                    settings.startQueueAtEpoch(), 1)) {
                SwavTrainingStep trainer = new SwavTrainingStep(model, new SwavLoss(), settings.learningRate());
                float[] losses = train(trainer, pixels, settings, log);
                int[] assigned = assign(model, pixels);
                int[] labels = digits.labels();
                int used = (int) Arrays.stream(assigned).distinct().count();
                int[] kmeans;
                try (NDArray raw = ScalarOps.mul(pixels, 16f)) {
                    kmeans = new KMeans(10, settings.seed()).fit(raw).labels().toType(DataType.INT32, false).toIntArray();
                }
                return new Result(ClusteringScores.normalizedMutualInfo(labels, assigned), ClusteringScores.adjustedRandIndex(labels, assigned), used,
                        ClusteringScores.normalizedMutualInfo(labels, kmeans), ClusteringScores.adjustedRandIndex(labels, kmeans), losses);
            }
        }
    }

    private static float[] train(SwavTrainingStep trainer, NDArray pixels, Settings settings, Consumer<String> log) {
        Augmentation high = new NoiseDropoutAugmentation(0.2, 0.1);
        Augmentation low = new NoiseDropoutAugmentation(0.4, 0.2);
        int n = (int) pixels.getShape().get(0);
        int batches = n / settings.batchSize();
        Random random = new Random(settings.seed());
        float[] losses = new float[settings.epochs()];
        int step = 0;
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            // per-epoch arrays live in a sub-manager, not an NDScope: Adam's state is created inside the step
            try (NDManager epochManager = pixels.getManager().newSubManager()) {
                NDArray order = OwnedArrays.of(epochManager, permutation(n, random));
                NDArray lossSum = epochManager.zeros(new Shape(), DataType.FLOAT32);
                for (int b = 0; b < batches; b++, step++) {
                    try (NDManager batchManager = epochManager.newSubManager()) {
                        NDArray batch = pixels.get(order.get(new NDIndex("{}:{}", (long) b * settings.batchSize(), (long) (b + 1) * settings.batchSize())));
                        batch.attach(batchManager);
                        List<NDArray> highViews = new ArrayList<>();
                        List<NDArray> lowViews = new ArrayList<>();
                        for (int v = 0; v < N_HIGH; v++) {
                            highViews.add(high.apply(batch));
                        }
                        for (int v = 0; v < N_LOW; v++) {
                            lowViews.add(low.apply(batch));
                        }
                        NDArray loss = trainer.step(highViews, lowViews, epoch, step);
                        loss.attach(batchManager);
                        lossSum.addi(loss);
                    }
                }
                losses[epoch] = lossSum.getFloat() / batches;
            }
            if (log != null) {
                log.accept(String.format(Locale.ROOT, "epoch %3d/%d  loss %.4f%s", epoch + 1, settings.epochs(), losses[epoch],
                        trainer.model().prototypes().freezing().frozen(epoch, step) ? "  (prototypes frozen)" : ""));
            }
        }
        return losses;
    }

    /** Index of the highest-scoring prototype of each image (evaluation mode, no gradient). */
    static int[] assign(SwavModel model, NDArray pixels) {
        boolean training = model.training();
        model.setTraining(false);
        try (NDScope ignored = new NDScope()) {
            return model.prototypes().scoresWithoutGradient(model.embed(pixels)).get(0).argMax(1).toType(DataType.INT32, false).toIntArray();
        } finally {
            model.setTraining(training);
        }
    }

    private static long[] permutation(int n, Random random) {
        List<Long> rows = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            rows.add(i);
        }
        java.util.Collections.shuffle(rows, random);
        return rows.stream().mapToLong(Long::longValue).toArray();
    }
}
