package dev.sslheads.yaware;

import dev.sslheads.optim.AdamW;
import dev.sslheads.optim.Sgd;
import dev.sslheads.optim.WarmupCosineSchedule;
import dev.sslheads.optim.WarmupCosineSettings;
import dev.sslheads.optim.ParameterOptimizer;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * nidl's {@code YAwareContrastiveLearning} estimator (y-Aware contrastive learning, Dufumier et al.,
 * MICCAI 2021; heads-spec 7.1): an encoder and a {@link YAwareProjectionHead} trained with
 * {@link YAwareInfoNCE} on pairs of views, with optional auxiliary labels; {@link #transform} returns
 * encoder features (the projection head is only used for training).
 *
 * <p>Built with {@link #builder(Block)}, whose settings and defaults are nidl's, in camelCase:
 * {@code projInputDim=2048, projHiddenDim=512, projOutputDim=128, temperature=0.1, kernel="gaussian",
 * bandwidth=1.0, optimizer="adamW", learningRate=3e-4, weightDecay=5e-4, excludeBiasAndNormWd=true,
 * lrScheduler="warmup_cosine"} with {@link WarmupCosineSettings#DEFAULTS}; {@code maxEpochs} (a trainer
 * argument in nidl) is required. nidl's {@code encoder_kwargs} has no Java counterpart: the encoder is
 * an initialised DJL block; its device is the estimator's device.
 *
 * <p>Optimisers: "adamW" (default) and "adam", both {@link AdamW}, and "sgd" ({@link Sgd}, with
 * {@code momentum}), each torch's update; with {@code excludeBiasAndNormWd} every parameter of at most
 * one dimension has no weight decay (nidl's groups). A step reads nothing back from the device: the losses are accumulated there and read
 * once per epoch.
 */
public final class YAwareContrastiveLearning implements AutoCloseable {
    private final Block encoder;
    private final Block projectionHead;
    private final YAwareInfoNCE loss;
    private final ParameterOptimizer optimizer;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final Settings settings;

    /** The estimator's settings (see {@link Builder}). */
    private record Settings(int projInputDim, double learningRate, String lrScheduler, WarmupCosineSettings lrSchedulerKwargs, int maxEpochs) {}

    private YAwareContrastiveLearning(Builder b) {
        Device device = deviceOf(b.encoder);
        YAwareInfoNCE infoNce = b.kernelMetric != null
                ? new YAwareInfoNCE(b.kernelMetric, b.temperature, b.weightNormalization)
                : new YAwareInfoNCE(b.kernel, b.bandwidth, b.temperature, b.weightNormalization);
        this.manager = NDManager.newBaseManager(device);
        this.encoder = b.encoder;
        this.projectionHead = YAwareProjectionHead.create(manager, b.projInputDim, b.projHiddenDim, b.projOutputDim);
        this.loss = infoNce;
        List<NDArray> parameters = new ArrayList<>();
        for (Block block : List.of(encoder, projectionHead)) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    parameters.add(p.getValue().getArray());
                }
            }
        }
        this.optimizer = "sgd".equals(b.optimizer) ? new Sgd(parameters, b.weightDecay, b.excludeBiasAndNormWd, b.momentum)
                : new AdamW(parameters, b.weightDecay, b.excludeBiasAndNormWd, b.betas[0], b.betas[1], b.eps, "adamW".equals(b.optimizer));
        this.parameterStore = new ParameterStore(manager, false);
        this.settings = new Settings(b.projInputDim, b.learningRate, b.lrScheduler, b.lrSchedulerKwargs, b.maxEpochs);
    }

    private static Device deviceOf(Block encoder) {
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            if (p.getValue().isInitialized()) {
                return p.getValue().getArray().getDevice();
            }
        }
        throw new IllegalArgumentException("encoder must be an initialised block with parameters, got " + encoder);
    }

    /** A builder with nidl's defaults around an initialised {@code encoder}. */
    public static Builder builder(Block encoder) {
        return new Builder(encoder);
    }

    public Block encoder() {
        return encoder;
    }

    public Block projectionHead() {
        return projectionHead;
    }

    public YAwareInfoNCE loss() {
        return loss;
    }

    public ParameterOptimizer optimizer() {
        return optimizer;
    }

    public Device device() {
        return manager.getDevice();
    }

    /** The learning-rate schedule {@link #fit} uses for {@code stepsPerEpoch} (null when lrScheduler is "none"). */
    public WarmupCosineSchedule lrScheduler(int stepsPerEpoch) {
        return "none".equals(settings.lrScheduler()) ? null
                : settings.lrSchedulerKwargs().schedule(settings.learningRate(), settings.maxEpochs(), stepsPerEpoch);
    }

    /**
     * Trains for {@code maxEpochs} epochs.
     *
     * @param train training batches (labels optional)
     * @param validation validation batches evaluated after each epoch, or null
     * @param onEpoch called after every epoch, or null
     * @return the training (and validation) loss of every epoch
     */
    public List<EpochLoss> fit(ViewBatches train, ViewBatches validation, Consumer<EpochLoss> onEpoch) {
        if (train == null) {
            throw new IllegalArgumentException("train must not be null");
        }
        checkEncoderOutput(train);
        if (validation != null) {
            checkEncoderOutput(validation);
        }
        int stepsPerEpoch = train.batchesPerEpoch();
        WarmupCosineSchedule schedule = lrScheduler(stepsPerEpoch);
        boolean perStep = schedule == null || settings.lrSchedulerKwargs().perStep();
        List<EpochLoss> history = new ArrayList<>();
        long step = 0;
        for (int epoch = 0; epoch < settings.maxEpochs(); epoch++) {
            double lr = settings.learningRate();
            try (NDManager epochManager = manager.newSubManager();
                    NDArray lossSum = epochManager.zeros(new Shape(), DataType.FLOAT32)) {
                Iterator<ViewBatch> batches = train.epoch(epochManager);
                while (batches.hasNext()) {
                    lr = schedule == null ? settings.learningRate() : schedule.at(perStep ? step : epoch);
                    try (NDScope ignored = new NDScope()) {
                        ViewBatch batch = batches.next();
                        lossSum.addi(trainingStep(batch.view1(), batch.view2(), batch.y(), lr));
                    }
                    step++;
                }
                double validationLoss = validation == null ? Double.NaN : validationLoss(validation, epochManager);
                EpochLoss stats = new EpochLoss(epoch, lossSum.getFloat() / stepsPerEpoch, validationLoss, stepsPerEpoch, lr);
                history.add(stats);
                if (onEpoch != null) {
                    onEpoch.accept(stats);
                }
            }
        }
        return history;
    }

    /** The encoder's output size must be projInputDim: checked on one row before anything changes. */
    private void checkEncoderOutput(ViewBatches batches) {
        try (NDScope ignored = new NDScope()) {
            Shape out = encoder.forward(parameterStore, new NDList(batches.firstRow()), false).singletonOrThrow().getShape();
            if (out.dimension() != 2 || out.get(1) != settings.projInputDim()) {
                throw new IllegalArgumentException("projInputDim must equal the encoder's output size: projInputDim="
                        + settings.projInputDim() + ", encoder output shape " + out);
            }
        }
    }

    /**
     * One training step at learning rate {@code lr}: projections of both views, the y-Aware loss,
     * backward, one optimizer update. Returns the loss (detached, on the device).
     */
    public NDArray trainingStep(NDArray view1, NDArray view2, NDArray y, double lr) {
        NDArray value;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z1 = project(view1, true);
            NDArray z2 = project(view2, true);
            NDArray loss = this.loss.forward(z1, z2, y);
            collector.backward(loss);
            value = loss.stopGradient();
        }
        optimizer.step(lr);
        return value;
    }

    /** Mean loss over the batches, without gradients. */
    private double validationLoss(ViewBatches validation, NDManager epochManager) {
        try (NDArray sum = epochManager.zeros(new Shape(), DataType.FLOAT32)) {
            Iterator<ViewBatch> batches = validation.epoch(epochManager);
            while (batches.hasNext()) {
                try (NDScope ignored = new NDScope()) {
                    ViewBatch batch = batches.next();
                    sum.addi(loss.forward(project(batch.view1(), false), project(batch.view2(), false), batch.y()));
                }
            }
            return sum.getFloat() / validation.batchesPerEpoch();
        }
    }

    private NDArray project(NDArray x, boolean training) {
        NDArray features = encoder.forward(parameterStore, new NDList(x), training).singletonOrThrow();
        return projectionHead.forward(parameterStore, new NDList(features), training).singletonOrThrow();
    }

    /** Encoder features {@code (N, F)} of {@code x} {@code (N, ...)} without the projection head, in batches, without gradients. */
    public NDArray transform(NDArray x, int batchSize) {
        if (x == null || x.getShape().dimension() < 2) {
            throw new IllegalArgumentException("x must be an array (N, ...) with at least 2 dimensions, got " + (x == null ? "null" : "shape " + x.getShape()));
        }
        Checks.atLeast("batchSize", batchSize, 1);
        NDList parts = new NDList();
        long rows = x.getShape().get(0);
        for (long start = 0; start < rows; start += batchSize) {
            NDIndex slice = new NDIndex("{}:{}", start, Math.min(rows, start + batchSize));
            parts.add(encoder.forward(parameterStore, new NDList(x.get(slice)), false).singletonOrThrow().stopGradient());
        }
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        if (parts.size() > 1) {
            parts.close();
        }
        return all;
    }

    @Override
    public void close() {
        optimizer.close();
        loss.close();
        manager.close();
    }

    /** Settings with nidl's defaults; see {@link YAwareContrastiveLearning}. */
    public static final class Builder {
        private final Block encoder;
        private int projInputDim = 2048;
        private int projHiddenDim = 512;
        private int projOutputDim = 128;
        private double temperature = 0.1;
        private String kernel = "gaussian";
        private Bandwidth bandwidth = Bandwidth.scalar(1.0);
        private KernelMetric kernelMetric;
        private WeightNormalization weightNormalization = WeightNormalization.NIDL_COLUMNS;
        private String optimizer = "adamW";
        private double learningRate = 3e-4;
        private double weightDecay = 5e-4;
        private boolean excludeBiasAndNormWd = true;
        private double[] betas = {0.9, 0.999};
        private double eps = 1e-8;
        private double momentum = 0;
        private String lrScheduler = "warmup_cosine";
        private WarmupCosineSettings lrSchedulerKwargs = WarmupCosineSettings.DEFAULTS;
        private int maxEpochs = -1;

        private Builder(Block encoder) {
            if (encoder == null) {
                throw new IllegalArgumentException("encoder must be an initialised DJL block, got null");
            }
            deviceOf(encoder);
            this.encoder = encoder;
        }

        public Builder projInputDim(int value) {
            projInputDim = Checks.atLeast("projInputDim", value, 1);
            return this;
        }

        public Builder projHiddenDim(int value) {
            projHiddenDim = Checks.atLeast("projHiddenDim", value, 1);
            return this;
        }

        public Builder projOutputDim(int value) {
            projOutputDim = Checks.atLeast("projOutputDim", value, 1);
            return this;
        }

        public Builder temperature(double value) {
            temperature = Checks.positive("temperature", value);
            return this;
        }

        /** One of {gaussian, epanechnikov, exponential, linear, cosine}. */
        public Builder kernel(String value) {
            Kernel.of(value);
            kernel = value;
            return this;
        }

        public Builder bandwidth(Bandwidth value) {
            if (value == null) {
                throw new IllegalArgumentException("bandwidth must not be null");
            }
            bandwidth = value;
            kernelMetric = null;
            return this;
        }

        /** A fitted metric (nidl: a KernelMetric bandwidth); its kernel replaces {@link #kernel}. */
        public Builder kernelMetric(KernelMetric value) {
            if (value == null || !value.isFitted()) {
                throw new IllegalArgumentException("kernelMetric must be a fitted KernelMetric, got " + (value == null ? "null" : "an unfitted one"));
            }
            kernelMetric = value;
            return this;
        }

        /** {@link WeightNormalization#NIDL_COLUMNS} (default, nidl's behaviour) or {@link WeightNormalization#ROWS} (the paper's). */
        public Builder weightNormalization(WeightNormalization value) {
            if (value == null) {
                throw new IllegalArgumentException("weightNormalization must be one of NIDL_COLUMNS, ROWS, got null");
            }
            weightNormalization = value;
            return this;
        }

        /** "adamW", "adam" or "sgd". */
        public Builder optimizer(String value) {
            if (!"adamW".equals(value) && !"adam".equals(value) && !"sgd".equals(value)) {
                throw new IllegalArgumentException("optimizer must be one of {adamW, adam, sgd}, got " + (value == null ? "null" : "'" + value + "'"));
            }
            optimizer = value;
            return this;
        }

        public Builder learningRate(double value) {
            learningRate = Checks.positive("learningRate", value);
            return this;
        }

        public Builder weightDecay(double value) {
            weightDecay = Checks.inRange("weightDecay", value, 0, Double.MAX_VALUE);
            return this;
        }

        public Builder excludeBiasAndNormWd(boolean value) {
            excludeBiasAndNormWd = value;
            return this;
        }

        /** nidl's optimizer_kwargs for Adam(W): betas (default 0.9, 0.999) and eps (default 1e-8). */
        public Builder optimizerKwargs(double beta1, double beta2, double eps) {
            if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must be in [0, 1), got (" + beta1 + ", " + beta2 + ")");
            }
            this.eps = Checks.positive("eps", eps);
            betas = new double[] {beta1, beta2};
            return this;
        }

        /** nidl's optimizer_kwargs for "sgd": momentum in [0, 1) (torch's default 0). */
        public Builder momentum(double value) {
            if (!(value >= 0 && value < 1)) {
                throw new IllegalArgumentException("momentum must be in [0, 1), got " + value);
            }
            momentum = value;
            return this;
        }

        /** "warmup_cosine" or "none". */
        public Builder lrScheduler(String value) {
            if (!"warmup_cosine".equals(value) && !"none".equals(value)) {
                throw new IllegalArgumentException("lrScheduler must be one of {warmup_cosine, none}, got " + (value == null ? "null" : "'" + value + "'"));
            }
            lrScheduler = value;
            return this;
        }

        public Builder lrSchedulerKwargs(WarmupCosineSettings value) {
            if (value == null) {
                throw new IllegalArgumentException("lrSchedulerKwargs must not be null");
            }
            lrSchedulerKwargs = value;
            return this;
        }

        /** Number of epochs (nidl's trainer argument max_epochs), >= 1; required. */
        public Builder maxEpochs(int value) {
            maxEpochs = Checks.atLeast("maxEpochs", value, 1);
            return this;
        }

        public YAwareContrastiveLearning build() {
            if (maxEpochs < 1) {
                throw new IllegalArgumentException("maxEpochs must be set (>= 1) for training and the warmup_cosine schedule, got unset");
            }
            return new YAwareContrastiveLearning(this);
        }
    }
}
