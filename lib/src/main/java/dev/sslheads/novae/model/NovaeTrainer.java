package dev.sslheads.novae.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sslheads.novae.data.NovaeDataset;
import dev.sslheads.novae.module.CellEmbedder;
import dev.sslheads.novae.module.GraphAugmentation;
import dev.sslheads.novae.module.GraphTensors;
import dev.sslheads.novae.module.NovaeNetwork;
import dev.sslheads.optim.AdamW;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * novae's training loop (spec §4.1, replacing Lightning): per epoch a fresh shuffle, prototypes frozen in
 * the warm-up epochs (novae: epoch 0) unless the model is pretrained, {@code ⌊len/B⌋} steps of main and view graphs, each augmented,
 * the SwAV loss of the main graph's slide, one backward and one Adam step; then early stopping on the
 * epoch's mean loss. Adam (betas 0.9/0.999, eps 1e-8, no weight decay) is new at every fit; the prototypes
 * have their own moments and step count, which start at their first update, as torch's per-parameter state
 * does when a parameter is skipped while frozen. A frozen gene embedding (pretrained) is never updated.
 */
final class NovaeTrainer {
    private static final List<String> NO_EXCLUSION = List.of();

    private final NovaeNetwork network;
    private final GraphAugmentation augmentation;

    NovaeTrainer(NovaeNetwork network, GraphAugmentation augmentation) {
        this.network = network;
        this.augmentation = augmentation;
    }

    /**
     * Trains until {@code maxEpochs} or early stopping.
     *
     * @param pretrained whether the prototypes train from epoch 0
     * @param onStep called after every step with (epoch, step, steps)
     */
    List<EpochResult> fit(DeviceData data, NovaeDataset dataset, FitOptions options, boolean pretrained, StepListener onStep,
                          Consumer<EpochResult> onEpoch) {
        List<EpochResult> history = new ArrayList<>();
        try (Optimizers optimizers = new Optimizers(network)) {
            EarlyStopping stopping = new EarlyStopping(options.minDelta(), options.patience());
            for (int epoch = 0; epoch < options.maxEpochs(); epoch++) {
                long start = System.nanoTime();
                boolean frozen = epoch < options.warmupEpochs() && !pretrained;
                network.head().setPrototypesFrozen(frozen);
                List<NovaeDataset.Batch> batches = dataset.trainingEpoch();
                double[] sums = runEpoch(data, dataset, batches, optimizers, options.lr(), epoch, onStep);
                int steps = batches.size();
                EpochResult result = new EpochResult(epoch, steps == 0 ? Double.NaN : sums[0] / steps, steps == 0 ? Double.NaN : sums[1] / steps,
                        steps, frozen, (System.nanoTime() - start) / 1e9);
                history.add(result);
                onEpoch.accept(result);
                if (steps == 0 || stopping.shouldStop(result.loss())) {
                    break;
                }
            }
        } finally {
            network.head().setPrototypesFrozen(false);
        }
        return history;
    }

    /** The epoch's summed loss and entropy, accumulated on the device and read once. */
    private double[] runEpoch(DeviceData data, NovaeDataset dataset, List<NovaeDataset.Batch> batches, Optimizers optimizers, double lr,
                              int epoch, StepListener onStep) {
        try (NDArray sums = network.manager().zeros(new Shape(2), DataType.FLOAT32)) {
            for (int s = 0; s < batches.size(); s++) {
                NovaeDataset.Batch batch = batches.get(s);
                try (NDScope ignored = new NDScope()) {
                    NDList out = step(data, dataset, batch);
                    sums.addi(NDArrays.concat(new NDList(out.get(0).stopGradient().reshape(1), out.get(1).reshape(1))));
                }
                optimizers.step(lr);
                onStep.afterStep(epoch, s + 1, batches.size());
            }
            float[] values = sums.toFloatArray();
            return new double[] {values[0], values[1]};
        }
    }

    /** One forward and backward of a main batch and its views, augmented by fresh draws; returns (loss, entropy). */
    NDList step(DeviceData data, NovaeDataset dataset, NovaeDataset.Batch batch) {
        int a = batch.adata();
        NDArray genes = data.genes(a);
        int g = (int) genes.getShape().get(0);
        try (GraphTensors main = data.graphs(a, batch.centers());
                GraphTensors view = data.graphs(a, dataset.views(batch))) {
            Augmented mainSide = new Augmented(data.nodes(a, main), main, augmentation.draw(g, main.graphs()));
            Augmented viewSide = new Augmented(data.nodes(a, view), view, augmentation.draw(g, view.graphs()));
            return step(genes, mainSide, viewSide, network.head().hasQueue() ? batch.slideId() : null);
        }
    }

    /**
     * One forward and backward of main graphs and their views over genes {@code genes (G)}, each augmented
     * by its given draws, with the SwAV loss of slide {@code slideId} (null: every prototype); returns
     * (loss, entropy). The parameters' gradients hold the step's gradients afterwards.
     */
    NDList step(NDArray genes, Augmented main, Augmented view, String slideId) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray zMain = encode(genes, main);
            NDArray zView = encode(genes, view);
            NDList out = network.head().forward(zMain, zView, slideId);
            collector.backward(out.get(0));
            return out;
        }
    }

    private NDArray encode(NDArray genes, Augmented side) {
        NDArray[] augmented = GraphAugmentation.apply(side.nodes(), genes, side.graph(), side.draws());
        return network.represent(augmented[0], augmented[1], side.graph());
    }

    /** One side of a step: the nodes' standardised expression {@code (N, G)}, their graphs and the augmentation's draws. */
    record Augmented(NDArray nodes, GraphTensors graph, GraphAugmentation.Draws draws) {}

    /**
     * Adam (betas 0.9/0.999, eps 1e-8, no weight decay) over the network's parameters, the gene embedding
     * left out when frozen, and a separate one over the prototypes, stepped only while they are not frozen.
     */
    static final class Optimizers implements AutoCloseable {
        private final NovaeNetwork network;
        private final AdamW encoder;
        private final AdamW prototypes;

        Optimizers(NovaeNetwork network) {
            this.network = network;
            List<String> excluded = network.embedder().embeddingFrozen() ? List.of(CellEmbedder.EMBEDDING) : NO_EXCLUSION;
            this.encoder = adam(network.parameters().except(excluded));
            this.prototypes = adam(List.of(network.head().prototypesParameter().getArray()));
        }

        private static AdamW adam(List<NDArray> parameters) {
            return new AdamW(parameters, 0, false, 0.9, 0.999, 1e-8, false);
        }

        /** One update with the gradients of the last step (then zeroed); the prototypes only when not frozen. */
        void step(double lr) {
            encoder.step(lr);
            if (!network.head().prototypesFrozen()) {
                prototypes.step(lr);
            }
        }

        @Override
        public void close() {
            encoder.close();
            prototypes.close();
        }
    }

    /** Progress of one step. */
    interface StepListener {
        void afterStep(int epoch, int step, int steps);
    }

    /** Lightning's EarlyStopping as novae configures it: stop on a non-finite loss or after {@code patience} epochs without a {@code minDelta} improvement. */
    static final class EarlyStopping {
        private final double minDelta;
        private final int patience;
        private double best = Double.POSITIVE_INFINITY;
        private int wait;

        EarlyStopping(double minDelta, int patience) {
            this.minDelta = minDelta;
            this.patience = patience;
        }

        boolean shouldStop(double loss) {
            if (!Double.isFinite(loss)) {
                return true;
            }
            if (loss < best - minDelta) {
                best = loss;
                wait = 0;
                return false;
            }
            wait++;
            return wait >= patience;
        }
    }
}
