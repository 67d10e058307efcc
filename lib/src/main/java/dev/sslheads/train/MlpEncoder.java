package dev.sslheads.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import dev.sslheads.util.Checks;

/** A small MLP encoder {@code (B, inputSize) -> (B, outputSize)}: Linear, ReLU, Linear, ReLU, Linear. */
public final class MlpEncoder {
    private MlpEncoder() {}

    /**
     * Builds and initialises the encoder's parameters on {@code manager}'s device (DJL's default
     * Xavier init, drawn from the engine's generator: seed it with {@code Engine.setRandomSeed}).
     */
    public static SequentialBlock create(NDManager manager, int inputSize, int hiddenSize, int outputSize) {
        Checks.atLeast("inputSize", inputSize, 1);
        Checks.atLeast("hiddenSize", hiddenSize, 1);
        Checks.atLeast("outputSize", outputSize, 1);
        SequentialBlock block = new SequentialBlock()
                .add(Linear.builder().setUnits(hiddenSize).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(hiddenSize).build())
                .add(Activation.reluBlock())
                .add(Linear.builder().setUnits(outputSize).build());
        block.initialize(manager, DataType.FLOAT32, new Shape(1, inputSize));
        return block;
    }
}
