package dev.sslheads.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import dev.sslheads.util.Checks;

/**
 * The SwAV projection head {@code (B, inputDim) -> (B, outputDim)}: Linear, BatchNorm1d, ReLU, Linear
 * (the output is not normalised: callers L2-normalise it, as lightly and stable-pretraining do).
 *
 * <p>lightly's {@code SwaVProjectionHead} has no bias on the first Linear ({@code hiddenBias = false});
 * stable-pretraining's projector keeps it ({@code true}). The last Linear always has a bias. The
 * BatchNorm matches {@code torch.nn.BatchNorm1d} defaults: eps 1e-5, running statistics updated with
 * torch momentum 0.1 (DJL's momentum 0.9 is the kept fraction), batch statistics in training mode.
 */
public final class ProjectionHead {
    private ProjectionHead() {}

    /**
     * Builds and initialises the head on {@code manager}'s device (DJL's default Xavier init, drawn from
     * the engine's generator: seed it with {@code Engine.setRandomSeed}).
     */
    public static SequentialBlock create(NDManager manager, int inputDim, int hiddenDim, int outputDim, boolean hiddenBias) {
        Checks.atLeast("inputDim", inputDim, 1);
        Checks.atLeast("hiddenDim", hiddenDim, 1);
        Checks.atLeast("outputDim", outputDim, 1);
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenDim).optBias(hiddenBias).build())
                .add(BatchNorm.builder().optEpsilon(1e-5f).optMomentum(0.9f).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(outputDim).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        return block;
    }
}
