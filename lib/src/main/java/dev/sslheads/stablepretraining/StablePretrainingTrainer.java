package dev.sslheads.stablepretraining;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.train.Augmentation;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Permutations;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains a {@link SwAV} (backbone, projector and prototypes) on flat features: shuffled full
 * batches, two augmented views per batch through {@link SwAV#forward(NDArray, NDArray)}, AdamW on
 * every trainable parameter, the prototypes frozen during the first
 * {@code freezePrototypesEpochs} epochs in the chosen {@link PrototypeFreezing} way.
 *
 * <p>A step stays on the model's device: the batch indices of an epoch are uploaded once and the
 * loss is summed on the device and read back once per epoch.
 */
public final class StablePretrainingTrainer {
    private final SwAV model;
    private final Augmentation augmentation;
    private final TrainingSettings settings;
    private final Optimizer optimizer;
    private final Random random;

    public StablePretrainingTrainer(SwAV model, Augmentation augmentation, TrainingSettings settings) {
        if (model == null || augmentation == null || settings == null) {
            throw new IllegalArgumentException("model, augmentation and settings must not be null");
        }
        this.model = model;
        this.augmentation = augmentation;
        this.settings = settings;
        this.optimizer = Optimizer.adamW().optLearningRateTracker(Tracker.fixed(settings.learningRate()))
                .optWeightDecays(settings.weightDecay()).build();
        this.random = new Random(settings.seed());
    }

    /**
     * Trains for {@code settings.epochs()} epochs in training mode.
     *
     * @param features {@code (N, F)} inputs on the model's device, N >= batchSize
     * @param onEpoch called after every epoch (may be null)
     * @return the statistics of every epoch
     */
    public List<EpochLoss> fit(NDArray features, Consumer<EpochLoss> onEpoch) {
        Shape shape = Checks.matrix("features", features);
        if (shape.get(0) < settings.batchSize()) {
            throw new IllegalArgumentException("features must have at least batchSize=" + settings.batchSize() + " rows, got " + shape.get(0));
        }
        if (!features.getDevice().equals(model.device())) {
            throw new IllegalArgumentException("features must be on the model's device " + model.device() + ", got " + features.getDevice());
        }
        model.setTraining(true);
        List<EpochLoss> history = new ArrayList<>();
        for (int epoch = 0; epoch < settings.epochs(); epoch++) {
            EpochLoss stats = runEpoch(epoch, features, (int) shape.get(0));
            history.add(stats);
            if (onEpoch != null) {
                onEpoch.accept(stats);
            }
        }
        return history;
    }

    private EpochLoss runEpoch(int epoch, NDArray features, int rows) {
        boolean frozen = epoch < settings.freezePrototypesEpochs();
        int batch = settings.batchSize();
        int steps = rows / batch;
        try (NDArray order = OwnedArrays.of(model.manager(), Permutations.shuffled(rows, random));
                NDArray lossSum = model.manager().zeros(new Shape(), DataType.FLOAT32)) {
            for (int b = 0; b < steps; b++) {
                try (NDScope ignored = new NDScope()) {
                    NDArray x = features.get(order.get(new NDIndex("{}:{}", (long) b * batch, (long) (b + 1) * batch)));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        SwavOutput out = model.forward(augmentation.apply(x), augmentation.apply(x));
                        collector.backward(out.loss());
                        lossSum.addi(out.loss().stopGradient());
                    }
                }
                updateParameters(frozen);
            }
            return new EpochLoss(epoch, lossSum.getFloat() / steps, steps, frozen);
        }
    }

    private void updateParameters(boolean prototypesFrozen) {
        Parameter prototypes = model.prototypesParameter();
        for (Pair<String, Parameter> p : model.getParameters()) {
            Parameter parameter = p.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                boolean frozen = prototypesFrozen && parameter == prototypes;
                if (frozen) {
                    ScalarOps.muli(gradient, 0);
                }
                if (!frozen || settings.freezing() == PrototypeFreezing.ZERO_GRADIENTS) {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
                ScalarOps.muli(gradient, 0);
            }
        }
    }
}
