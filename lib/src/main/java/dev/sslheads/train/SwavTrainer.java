package dev.sslheads.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.util.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Trains an encoder and a {@link SwavHead} together the way novae does: single-slide batches,
 * two augmented views per batch, Adam on every parameter, prototypes frozen during the first
 * {@code warmupEpochs} epochs (novae's {@code WARMUP_EPOCHS}).
 *
 * <p>A step stays on the head's device: batch indices for a whole epoch are uploaded once, the
 * loss and entropy are accumulated on the device and read back once per epoch.
 */
public final class SwavTrainer {
    private static final String PROTOTYPES_ID = "swav.prototypes";

    private final SwavHead head;
    private final Block encoder;
    private final Augmentation augmentation;
    private final TrainingConfig config;
    private final Optimizer optimizer;
    private final ParameterStore parameterStore;
    private final Random random;
    private Runnable beforeBackward = () -> {};

    public SwavTrainer(SwavHead head, Block encoder, Augmentation augmentation, TrainingConfig config) {
        if (head == null || encoder == null || augmentation == null || config == null) {
            throw new IllegalArgumentException("head, encoder, augmentation and config must not be null");
        }
        this.head = head;
        this.encoder = encoder;
        this.augmentation = augmentation;
        this.config = config;
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(config.learningRate())).build();
        this.parameterStore = new ParameterStore(head.manager(), false);
        this.random = new Random(config.seed());
    }

    /**
     * Trains for {@code config.epochs()} epochs.
     *
     * @param features {@code (N, F)} inputs on the head's device
     * @param slideOfRow slide id of each of the N rows (batches never mix slides), or null for one unnamed slide
     * @param onEpoch called after every epoch with its mean loss and entropy
     * @return the statistics of every epoch
     */
    public List<EpochStats> fit(NDArray features, List<String> slideOfRow, Consumer<EpochStats> onEpoch) {
        Shape shape = Checks.matrix("features", features);
        if (slideOfRow != null && slideOfRow.size() != shape.get(0)) {
            throw new IllegalArgumentException("slideOfRow must have one entry per row of features (" + shape.get(0) + "), got " + slideOfRow.size());
        }
        if (shape.get(0) < config.batchSize()) {
            throw new IllegalArgumentException("features must have at least batchSize=" + config.batchSize() + " rows, got " + shape.get(0));
        }
        Map<String, List<Integer>> rowsBySlide = rowsBySlide(slideOfRow, (int) shape.get(0));
        List<EpochStats> history = new ArrayList<>();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            head.setPrototypesFrozen(epoch < config.warmupEpochs());
            EpochStats stats = runEpoch(epoch, features, rowsBySlide);
            history.add(stats);
            if (onEpoch != null) {
                onEpoch.accept(stats);
            }
        }
        head.setPrototypesFrozen(false);
        return history;
    }

    private static Map<String, List<Integer>> rowsBySlide(List<String> slideOfRow, int rows) {
        Map<String, List<Integer>> bySlide = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            bySlide.computeIfAbsent(slideOfRow == null ? null : slideOfRow.get(i), k -> new ArrayList<>()).add(i);
        }
        return bySlide;
    }

    private EpochStats runEpoch(int epoch, NDArray features, Map<String, List<Integer>> rowsBySlide) {
        List<Pair<String, int[]>> batches = planBatches(rowsBySlide);
        long[] flat = new long[batches.size() * config.batchSize()];
        for (int b = 0; b < batches.size(); b++) {
            int[] rows = batches.get(b).getValue();
            for (int j = 0; j < rows.length; j++) {
                flat[b * config.batchSize() + j] = rows[j];
            }
        }
        try (NDArray indices = OwnedArrays.of(head.manager(), flat);
                NDArray lossSum = head.manager().zeros(new Shape(), DataType.FLOAT32);
                NDArray entropySum = head.manager().zeros(new Shape(), DataType.FLOAT32)) {
            for (int b = 0; b < batches.size(); b++) {
                try (NDScope ignored = new NDScope()) {
                    NDArray batchRows = indices.get(new NDIndex("{}:{}", (long) b * config.batchSize(), (long) (b + 1) * config.batchSize()));
                    step(features.get(batchRows), batches.get(b).getKey(), lossSum, entropySum);
                }
                updateParameters();
            }
            int steps = batches.size();
            return new EpochStats(epoch, lossSum.getFloat() / steps, entropySum.getFloat() / steps, steps, head.prototypesFrozen());
        }
    }

    /** novae-style single-slide batches: full batches per slide (small slides up-sampled), in random order. */
    private List<Pair<String, int[]>> planBatches(Map<String, List<Integer>> rowsBySlide) {
        int size = config.batchSize();
        List<Pair<String, int[]>> batches = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> slide : rowsBySlide.entrySet()) {
            List<Integer> rows = new ArrayList<>(slide.getValue());
            Collections.shuffle(rows, random);
            while (rows.size() < size) {
                rows.add(slide.getValue().get(random.nextInt(slide.getValue().size())));
            }
            for (int start = 0; start + size <= rows.size(); start += size) {
                batches.add(new Pair<>(slide.getKey(), rows.subList(start, start + size).stream().mapToInt(Integer::intValue).toArray()));
            }
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    private void step(NDArray batch, String slideId, NDArray lossSum, NDArray entropySum) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray z1 = encode(augmentation.apply(batch), true);
            NDArray z2 = encode(augmentation.apply(batch), true);
            NDList out = head.forward(z1, z2, slideId);
            beforeBackward.run();
            collector.backward(out.get(0));
            lossSum.addi(out.get(0).stopGradient());
            entropySum.addi(out.get(1));
        }
    }

    /** Runs {@code hook} in every step between the forward pass and backward (tests force a collection there). */
    void setBeforeBackward(Runnable hook) {
        this.beforeBackward = hook;
    }

    private NDArray encode(NDArray x, boolean training) {
        return encoder.forward(parameterStore, new NDList(x), training).singletonOrThrow();
    }

    private void updateParameters() {
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            update(p.getValue().getId(), p.getValue().getArray());
        }
        if (!head.prototypesFrozen()) {
            update(PROTOTYPES_ID, head.prototypesParameter().getArray());
        }
    }

    private void update(String id, NDArray weight) {
        try (NDArray gradient = weight.getGradient()) {
            optimizer.update(id, weight, gradient);
            ScalarOps.muli(gradient, 0);
        }
    }

    /** Encoder outputs {@code (N, O)} for {@code features} {@code (N, F)}, in batches, without gradients. */
    public NDArray encodeAll(NDArray features) {
        Shape shape = Checks.matrix("features", features);
        NDList parts = new NDList();
        for (long start = 0; start < shape.get(0); start += config.batchSize()) {
            long end = Math.min(shape.get(0), start + config.batchSize());
            parts.add(encode(features.get(new NDIndex("{}:{}", start, end)), false).stopGradient());
        }
        NDArray all = ai.djl.ndarray.NDArrays.concat(parts, 0);
        parts.close();
        return all;
    }
}
