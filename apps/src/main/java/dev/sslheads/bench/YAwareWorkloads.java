package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.yaware.YAwareContrastiveLearning;
import java.util.Random;

/**
 * The Java side of {@code yaware_step}: one y-Aware training step with labels, n=256 rows of d=128
 * features: MLP encoder 128 -> 256 -> 256 -> 128, nidl's projection head 128 -> 512 -> 128, both
 * views forward, the y-Aware loss (gaussian kernel, bandwidth 1, tau 0.1, nidl's weights), backward,
 * AdamW (lr 3e-4, weight decay 5e-4, biases excluded). Reference: {@code scripts/reference/bench_yaware.py}.
 */
final class YAwareWorkloads {
    static final int ROWS = 256;
    static final int FEATURES = 128;

    private YAwareWorkloads() {}

    static Stats yawareStep(Device device, int warmup, int reps) {
        Engine.getInstance().setRandomSeed((int) Inputs.SEED);
        Random random = new Random(Inputs.SEED);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            NDArray view1 = OwnedArrays.of(manager, Inputs.gaussian(random, ROWS, FEATURES), new Shape(ROWS, FEATURES));
            NDArray view2 = OwnedArrays.of(manager, Inputs.gaussian(random, ROWS, FEATURES), new Shape(ROWS, FEATURES));
            NDArray y = OwnedArrays.of(manager, Inputs.gaussian(random, ROWS, 1), new Shape(ROWS));
            try (YAwareContrastiveLearning model = YAwareContrastiveLearning.builder(MlpEncoder.create(manager, FEATURES, 256, FEATURES))
                    .projInputDim(FEATURES).maxEpochs(1).lrScheduler("none").build()) {
                return Stats.measure(warmup, reps, () -> {
                    try (NDScope ignored = new NDScope()) {
                        model.trainingStep(view1, view2, y, 3e-4);
                    }
                });
            }
        }
    }
}
