package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.sslheads.inc.IncClusterHead;
import dev.sslheads.inc.IncDigits;
import dev.sslheads.inc.IncTrainingConfig;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import java.util.Locale;
import java.util.Random;

/** The Java side of the INC benchmark ({@code inc_step}; the reference is {@code scripts/reference/bench_inc.py}). */
final class IncWorkloads {
    private IncWorkloads() {}

    /**
     * One training step of the INC head as {@link dev.sslheads.inc.IncTrainer} runs it: forward on
     * {@code (n, d)} Gaussian embeddings that require grad (standing in for an encoder's output),
     * backward, gradientNormalize, Adam (lr 1e-3) on the centres, normalizeClusterCenters;
     * pyagc's alpha, finiteness check off (the trainer checks its features once instead).
     */
    static Stats incStep(Device device, int n, int k, int d, int warmup, int reps) {
        Random random = new Random(Inputs.SEED);
        try (IncClusterHead head = new IncClusterHead(k, d, IncClusterHead.DEFAULT_ALPHA, Inputs.SEED, device)) {
            head.setCheckFinite(false);
            NDArray z = OwnedArrays.of(head.manager(), Inputs.gaussian(random, n, d), new Shape(n, d));
            z.setRequiresGradient(true);
            Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build();
            NDArray centers = head.clusterCenters();
            return Stats.measure(warmup, reps, () -> {
                try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    collector.backward(head.forward(z));
                }
                head.gradientNormalize();
                try (NDArray gradient = centers.getGradient()) { // outside the scope: Adam keeps its state arrays
                    adam.update("inc.cluster_centers", centers, gradient);
                    ScalarOps.muli(gradient, 0);
                }
                head.normalizeClusterCenters();
            });
        }
    }

    /**
     * {@code inc_digits}: {@link IncDigits#run} with its defaults (seed 0; --quick: 5 + 1 epochs), the
     * INC head's NMI (ARI) against the digit labels next to k-means on the raw pixels; the row and
     * a note on {@code report}. A quality row: it has no ratio and no target.
     */
    static void digitsRow(Report report, Device device, boolean quick) {
        IncDigits.Setup setup = IncDigits.Setup.defaults(0);
        if (quick) {
            IncTrainingConfig c = setup.config();
            setup = new IncDigits.Setup(setup.clusters(), setup.hidden(), setup.embedding(), setup.alpha(),
                    new IncTrainingConfig(5, 1, c.batchSize(), c.pretrainLearningRate(), c.learningRate(), c.gamma(), c.seed()));
        }
        long start = System.nanoTime();
        IncDigits.Scores s = IncDigits.run(setup, device, false);
        double seconds = (System.nanoTime() - start) / 1e9;
        report.add(new Report.Row("inc_digits: NMI (ARI)", String.format(Locale.ROOT, "INC %.3f (%.3f)", s.incNmi(), s.incAri()),
                String.format(Locale.ROOT, "k-means pixels %.3f (%.3f)", s.pixelsNmi(), s.pixelsAri()), "-", "-", "-", "info", "n/a / -"));
        IncTrainingConfig c = setup.config();
        report.note(String.format(Locale.ROOT, "inc_digits: IncDigits (MLP 64-%d-%d-%d encoder and mirror decoder, %d epochs of"
                        + " denoising-autoencoder pretraining, k-means init, %d epochs of fine-tuning on reconstruction + %.1f INC, K=%d,"
                        + " alpha %s, seed %d) in %.1f s; NMI (ARI) vs the digit labels: INC head %.3f (%.3f), the same head before"
                        + " fine-tuning %.3f (%.3f), k-means on the pretrained embeddings %.3f (%.3f), k-means on the raw pixels %.3f (%.3f)",
                setup.hidden(), setup.hidden(), setup.embedding(), c.pretrainEpochs(), c.epochs(), c.gamma(), setup.clusters(),
                setup.alpha(), c.seed(), seconds, s.incNmi(), s.incAri(), s.beforeNmi(), s.beforeAri(), s.initNmi(), s.initAri(),
                s.pixelsNmi(), s.pixelsAri()));
    }
}
