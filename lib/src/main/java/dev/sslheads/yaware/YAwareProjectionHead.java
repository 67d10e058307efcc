package dev.sslheads.yaware;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.sslheads.util.Checks;

/** nidl's {@code YAwareProjectionHead} {@code (B, inputDim) -> (B, outputDim)}: Linear, ReLU, Linear, both with bias, no BatchNorm. */
public final class YAwareProjectionHead {
    private YAwareProjectionHead() {}

    /** Builds and initialises the head on {@code manager}'s device (DJL's Xavier init from the engine's generator). */
    public static SequentialBlock create(NDManager manager, int inputDim, int hiddenDim, int outputDim) {
        Checks.atLeast("projInputDim", inputDim, 1);
        Checks.atLeast("projHiddenDim", hiddenDim, 1);
        Checks.atLeast("projOutputDim", outputDim, 1);
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenDim).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(outputDim).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputDim));
        return block;
    }
}
