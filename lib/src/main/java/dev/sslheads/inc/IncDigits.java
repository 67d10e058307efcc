package dev.sslheads.inc;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import dev.sslheads.cluster.KMeans;
import dev.sslheads.cluster.KMeansResult;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.runtime.Devices;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import java.util.Locale;

/**
 * Clusters the bundled digits with the INC head ({@link IncTrainer}: denoising-autoencoder
 * pretraining, k-means init of the centres, joint fine-tuning) and scores the labels against the
 * digits next to k-means on the raw pixels and k-means on the pretrained embeddings.
 */
public final class IncDigits {
    /** What one run measured: NMI / ARI of each clustering against the digit labels. */
    public record Scores(double incNmi, double incAri, double beforeNmi, double beforeAri, double initNmi, double initAri, double pixelsNmi, double pixelsAri,
            double firstClusteringLoss, double lastClusteringLoss) {}

    /** Sizes of the run: encoder 64 -> hidden -> hidden -> embedding, decoder back. */
    public record Setup(int clusters, int hidden, int embedding, double alpha, IncTrainingConfig config) {
        /** The defaults of {@link #main}: K=10, 128 hidden, embedding 16, pyagc's alpha, 30 + 20 epochs. */
        public static Setup defaults(long seed) {
            return new Setup(10, 128, 16, IncClusterHead.DEFAULT_ALPHA, new IncTrainingConfig(30, 20, 128, 1e-3f, 1e-4f, 0.1, seed));
        }
    }

    private IncDigits() {}

    /** Options: --pretrain-epochs N (30), --epochs N (20), --gamma G (0.1), --lr LR (1e-4, fine-tuning), --seed S (0). */
    public static void main(String[] args) {
        long seed = 0;
        Setup setup = Setup.defaults(seed);
        IncTrainingConfig c = setup.config();
        int pretrain = c.pretrainEpochs();
        int epochs = c.epochs();
        double gamma = c.gamma();
        float learningRate = c.learningRate();
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
        }
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--pretrain-epochs" -> pretrain = Integer.parseInt(args[i + 1]);
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--gamma" -> gamma = Double.parseDouble(args[i + 1]);
                case "--lr" -> learningRate = Float.parseFloat(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (expected --pretrain-epochs, --epochs, --gamma, --lr, --seed)");
            }
        }
        setup = new Setup(setup.clusters(), setup.hidden(), setup.embedding(), setup.alpha(),
                new IncTrainingConfig(pretrain, epochs, c.batchSize(), c.pretrainLearningRate(), learningRate, gamma, seed));
        long start = System.nanoTime();
        Scores s = run(setup, Devices.resolve(), true);
        System.out.printf(Locale.ROOT, "trained in %.1f s%n", (System.nanoTime() - start) / 1e9);
        System.out.printf(Locale.ROOT, "%-40s %8s %8s%n", "assignment vs digit label (K=" + setup.clusters() + ")", "NMI", "ARI");
        System.out.printf(Locale.ROOT, "%-40s %8.3f %8.3f%n", "INC head after fine-tuning", s.incNmi(), s.incAri());
        System.out.printf(Locale.ROOT, "%-40s %8.3f %8.3f%n", "INC head before fine-tuning", s.beforeNmi(), s.beforeAri());
        System.out.printf(Locale.ROOT, "%-40s %8.3f %8.3f%n", "k-means on pretrained embeddings (init)", s.initNmi(), s.initAri());
        System.out.printf(Locale.ROOT, "%-40s %8.3f %8.3f%n", "k-means on raw pixels", s.pixelsNmi(), s.pixelsAri());
    }

    /**
     * Trains on the digits (pixels / 16) and scores the three clusterings.
     *
     * @param device where the head, the encoder and the data live (null: DJL's default)
     * @param verbose print each epoch
     */
    public static Scores run(Setup setup, Device device, boolean verbose) {
        Digits digits = Digits.load();
        int[] truth = digits.labels();
        Engine.getInstance().setRandomSeed((int) setup.config().seed());
        try (IncClusterHead head = new IncClusterHead(setup.clusters(), setup.embedding(), setup.alpha(), setup.config().seed(), device)) {
            NDManager m = head.manager();
            NDArray raw = OwnedArrays.of(m, digits.pixels());
            NDArray pixels = ScalarOps.div(raw, 16f);
            Block encoder = MlpEncoder.create(m, Digits.FEATURES, setup.hidden(), setup.embedding());
            Block decoder = MlpEncoder.create(m, setup.embedding(), setup.hidden(), Digits.FEATURES);
            IncTrainer trainer = new IncTrainer(head, encoder, decoder, new NoiseDropoutAugmentation(0.2, 0.1), setup.config());
            trainer.pretrain(pixels, verbose ? IncDigits::print : null);
            int[] init;
            try (KMeansResult r = trainer.initClusterCenters(pixels)) {
                init = labels(r.labels());
            }
            int[] before = labels(trainer.cluster(pixels));
            var history = trainer.fineTune(pixels, verbose ? IncDigits::print : null);
            int[] inc = labels(trainer.cluster(pixels));
            int[] kmeans;
            try (KMeansResult r = new KMeans(setup.clusters(), setup.config().seed()).fit(raw)) {
                kmeans = labels(r.labels());
            }
            return new Scores(ClusteringScores.normalizedMutualInfo(truth, inc), ClusteringScores.adjustedRandIndex(truth, inc),
                    ClusteringScores.normalizedMutualInfo(truth, before), ClusteringScores.adjustedRandIndex(truth, before),
                    ClusteringScores.normalizedMutualInfo(truth, init), ClusteringScores.adjustedRandIndex(truth, init),
                    ClusteringScores.normalizedMutualInfo(truth, kmeans), ClusteringScores.adjustedRandIndex(truth, kmeans),
                    history.get(0).clustering(), history.get(history.size() - 1).clustering());
        }
    }

    private static void print(IncEpochStats s) {
        System.out.printf(Locale.ROOT, "%-9s epoch %3d  reconstruction %.5f  INC %.5f%n", s.stage(), s.epoch() + 1, s.reconstruction(), s.clustering());
    }

    private static int[] labels(NDArray labels) {
        return labels.toType(DataType.INT32, false).toIntArray();
    }
}
