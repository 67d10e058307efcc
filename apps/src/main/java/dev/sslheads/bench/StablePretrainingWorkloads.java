package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.stablepretraining.PrototypeFreezing;
import dev.sslheads.stablepretraining.StablePretrainingTrainer;
import dev.sslheads.stablepretraining.SwAV;
import dev.sslheads.stablepretraining.SwavConfig;
import dev.sslheads.stablepretraining.TrainingSettings;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import java.util.Random;

/** The Java side of {@code stable_pretraining_swav_step} (see {@link #swavStep}). */
final class StablePretrainingWorkloads {
    static final int BATCH = 256;
    static final int FEATURES = 64;

    private StablePretrainingWorkloads() {}

    /**
     * One training step of stable-pretraining's SwAV per repetition: MLP backbone 64 -> 256 -> 256
     * -> 512, projector 512 -> 2048 -> 128, K = 3000, batch 256, two noise/dropout views, forward,
     * backward, AdamW (lr 1e-3, no weight decay) on every parameter, the loss read back once
     * (one epoch of one batch of {@link StablePretrainingTrainer}).
     */
    static Stats swavStep(Device device, int warmup, int reps) {
        Engine.getInstance().setRandomSeed((int) Inputs.SEED);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray features = OwnedArrays.of(manager, Inputs.gaussian(new Random(Inputs.SEED), BATCH, FEATURES), new Shape(BATCH, FEATURES));
            try (SwAV model = new SwAV(MlpEncoder.create(manager, FEATURES, 256, 512), new Shape(1, FEATURES),
                    SwavConfig.DEFAULTS, Inputs.SEED, device)) {
                StablePretrainingTrainer trainer = new StablePretrainingTrainer(model, new NoiseDropoutAugmentation(0.2, 0.1),
                        new TrainingSettings(1, BATCH, 1e-3f, 0f, 0, PrototypeFreezing.ZERO_GRADIENTS, Inputs.SEED));
                return Stats.measure(warmup, reps, () -> trainer.fit(features, null));
            }
        }
    }
}
