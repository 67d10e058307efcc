package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import ai.djl.engine.Engine;
import dev.sslheads.yaware.Bandwidth;
import dev.sslheads.yaware.EpochLoss;
import dev.sslheads.yaware.ViewBatches;
import dev.sslheads.optim.WarmupCosineSettings;
import dev.sslheads.yaware.YAwareContrastiveLearning;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.List;

/**
 * nidl's {@code YAwareContrastiveLearning} estimator for guests ({@link YAwareContrastiveLearning}) on
 * an encoder {@link HostModule}: {@code fit} on fixed pairs of views or on two augmented views of each
 * batch, with optional labels and an optional validation set (guest recording is suspended while
 * Java trains: DJL allows one gradient collector at a time); {@code transform} gives encoder features.
 */
public final class HostYAwareContrastiveLearning implements AutoCloseable {
    private YAwareContrastiveLearning model;
    private final Cleaner.Cleanable lifetime;
    /** The guest's encoder and metric (may be null) the model uses: kept reachable as long as the model. */
    private final List<Object> components;

    private HostYAwareContrastiveLearning(YAwareContrastiveLearning model, HostModule encoder, HostKernelMetric metric) {
        this.model = model;
        this.components = Arrays.asList(encoder, metric);
        this.lifetime = NativeReaper.whenUnreachable(this, model::close);
    }

    /** Every nidl setting, in the seed's order; {@code metric} (may be null) replaces kernel and bandwidth. */
    public static HostYAwareContrastiveLearning create(HostModule encoder, int projInputDim, int projHiddenDim, int projOutputDim,
            double temperature, String kernel, Bandwidth bandwidth, HostKernelMetric metric, String normalization, String optimizer,
            double learningRate, double weightDecay, boolean excludeBiasAndNormWd, double beta1, double beta2, double eps, double momentum,
            String lrScheduler, double warmupEpochs, double warmupStartLr, double minLr, String interval, int maxEpochs) {
        if (encoder == null) {
            throw new GuestTypeException("encoder must be an sslheads.nn.Module, got None");
        }
        YAwareContrastiveLearning.Builder b = YAwareContrastiveLearning.builder(encoder.block())
                .projInputDim(projInputDim).projHiddenDim(projHiddenDim).projOutputDim(projOutputDim).temperature(temperature)
                .kernel(kernel).weightNormalization(HostYAwareInfoNCE.normalization(normalization)).optimizer(optimizer)
                .learningRate(learningRate).weightDecay(weightDecay).excludeBiasAndNormWd(excludeBiasAndNormWd)
                .optimizerKwargs(beta1, beta2, eps).momentum(momentum).lrScheduler(lrScheduler)
                .lrSchedulerKwargs(new WarmupCosineSettings(warmupEpochs, warmupStartLr, minLr, interval)).maxEpochs(maxEpochs);
        if (metric != null) {
            b.kernelMetric(metric.metric());
        } else {
            b.bandwidth(HostKernelMetric.requireBandwidth(bandwidth));
        }
        return new HostYAwareContrastiveLearning(b.build(), encoder, metric);
    }

    YAwareContrastiveLearning model() {
        if (model == null) {
            throw new ClosedException("YAwareContrastiveLearning");
        }
        return model;
    }

    /** Batches of fixed pairs ({@code x2} given) or of two augmented views of {@code x1} ({@code augmentation} given). */
    public static Batches batches(HostTensor x1, HostTensor x2, HostTensor y, HostAugmentation augmentation, int batchSize, boolean shuffle,
            long seed) {
        HostTensor.require("X", x1);
        if ((x2 == null) == (augmentation == null)) {
            throw new IllegalArgumentException("give either a second view X2 or an augmentation, got "
                    + (x2 == null ? "neither" : "both"));
        }
        ViewBatches batches = x2 != null ? ViewBatches.pairs(x1.array(), x2.array(), y == null ? null : y.array(), batchSize, shuffle, seed)
                : ViewBatches.augmented(x1.array(), y == null ? null : y.array(), augmentation.augmentation(), batchSize, seed);
        return new Batches(batches, Arrays.asList(x1, x2, y));
    }

    /**
     * Batches over guest tensors, holding those tensors: {@link ViewBatches} reads their arrays, and
     * a guest tensor's array is freed once its wrapper is unreachable ({@link NativeReaper}), which
     * for a list converted on the way in (JS labels) is as soon as this call returns.
     */
    public record Batches(ViewBatches batches, List<HostTensor> source) {}

    /** Trains for max_epochs; the engine's generator is seeded with {@code seed} first (the views' noise). */
    public List<EpochLoss> fit(Batches train, Batches validation, long seed) {
        if (train == null) {
            throw new GuestTypeException("train_dataloader must be a ViewLoader, got None");
        }
        YAwareContrastiveLearning m = model();
        return Autograd.suspended(() -> {
            Engine.getInstance().setRandomSeed((int) seed);
            try {
                return m.fit(train.batches(), validation == null ? null : validation.batches(), null);
            } finally {
                Reference.reachabilityFence(train); // the guest tensors the batches read
                Reference.reachabilityFence(validation);
            }
        });
    }

    /** Encoder features {@code (N, F)} (no projection head), without gradients. */
    public HostTensor transform(HostTensor x, int batchSize) {
        YAwareContrastiveLearning m = model();
        return HostTensor.compute(() -> Autograd.suspended(() -> m.transform(HostTensor.require("X", x).array(), batchSize)));
    }

    public String kernel() {
        return model().loss().kernelMetric().kernel().reference();
    }

    public long optimizerSteps() {
        return model().optimizer().steps();
    }

    @Override
    public void close() {
        if (model != null) {
            model = null;
            lifetime.clean();
        }
    }

    @Override
    public String toString() {
        return model == null ? "YAwareContrastiveLearning(<closed>)" : "YAwareContrastiveLearning(" + model.loss() + ")";
    }
}
