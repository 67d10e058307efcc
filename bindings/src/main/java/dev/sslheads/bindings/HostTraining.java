package dev.sslheads.bindings;

import java.lang.ref.Reference;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.train.EpochStats;
import dev.sslheads.train.SwavTrainer;
import dev.sslheads.train.TrainingConfig;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one-call Java-side fit for guests ({@code sslheads.train.fit}): {@link SwavTrainer} on an
 * encoder module and a head, with guest recording suspended (DJL allows one gradient collector at a
 * time, and the trainer opens its own per step).
 */
public final class HostTraining {
    private HostTraining() {}

    /**
     * Trains {@code encoder} and {@code head} together like novae (single-slide batches, two views,
     * Adam, prototypes frozen for {@code warmupEpochs}).
     *
     * @param data {@code (N, F)} inputs, F = the encoder's input size
     * @param slideOfRow slide id of each of the N rows, or null for one unnamed slide
     * @param seed seed of the batch order and of the engine's generator (the views' noise)
     * @param augmentation the views; null for noise-dropout(0.2, 0.1)
     * @param onEpoch called after each epoch (may be null)
     * @return the statistics of every epoch
     */
    public static List<EpochStats> fit(HostModule encoder, HostSwavHead head, HostTensor data, List<String> slideOfRow,
            int epochs, int batchSize, double learningRate, int warmupEpochs, long seed, HostAugmentation augmentation,
            Consumer<EpochStats> onEpoch) {
        if (encoder == null || head == null || data == null) {
            throw new GuestTypeException("encoder, head and data must not be None");
        }
        SwavHead swav = head.head();
        Shape shape = data.array().getShape();
        if (shape.dimension() != 2 || shape.get(1) != encoder.inputSize()) {
            throw new IllegalArgumentException("data must have shape (N, " + encoder.inputSize() + ") (the encoder's input size), got " + shape);
        }
        if (slideOfRow != null) {
            for (int i = 0; i < slideOfRow.size(); i++) {
                if (slideOfRow.get(i) == null) {
                    throw new GuestTypeException("slide_ids[" + i + "] must be a str, got None");
                }
            }
        }
        TrainingConfig config = new TrainingConfig(epochs, batchSize, (float) learningRate, warmupEpochs, seed);
        HostAugmentation views = augmentation != null ? augmentation : new HostAugmentation(0.2, 0.1);
        SwavTrainer trainer = new SwavTrainer(swav, encoder.block(), views.augmentation(), config);
        return Autograd.suspended(() -> {
            Engine.getInstance().setRandomSeed((int) seed);
            try {
                return trainer.fit(data.array(), slideOfRow, onEpoch);
            } finally {
                swav.setPrototypesFrozen(false);
                Reference.reachabilityFence(data); // their arrays are freed once the wrappers are unreachable
                Reference.reachabilityFence(encoder);
                Reference.reachabilityFence(head);
            }
        });
    }
}
