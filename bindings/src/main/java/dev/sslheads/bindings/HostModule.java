package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.sslheads.nn.ProjectionHead;
import dev.sslheads.train.MlpEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * A DJL {@link Block} as a PyTorch-style module for guests: {@code forward} on {@code (B, in)}
 * tensors, its parameters as borrowed live views (what optimizers update), a training flag. The
 * module owns its parameters' memory ({@link #close}).
 */
public final class HostModule implements AutoCloseable {
    private final Block block;
    private final NDManager manager;
    private final ParameterStore parameterStore;
    private final long inputSize;
    private boolean training = true;
    private boolean closed;
    private final Cleaner.Cleanable lifetime;

    private HostModule(Block block, NDManager manager, long inputSize) {
        this.block = block;
        this.manager = manager;
        this.lifetime = NativeReaper.whenUnreachable(this, manager::close);
        this.parameterStore = new ParameterStore(manager, false);
        this.inputSize = inputSize;
    }

    /**
     * {@link MlpEncoder}: {@code (B, inFeatures) -> (B, outFeatures)} through two hidden layers of
     * {@code hiddenFeatures} with ReLU; Xavier init from the engine's generator ({@code manual_seed}).
     */
    public static HostModule mlp(int inFeatures, int hiddenFeatures, int outFeatures) {
        NDManager manager = Tensors.manager().newSubManager();
        try {
            return new HostModule(MlpEncoder.create(manager, inFeatures, hiddenFeatures, outFeatures), manager, inFeatures);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * lightly's {@code SwaVProjectionHead}: Linear(in, hidden, no bias), BatchNorm1d, ReLU,
     * Linear(hidden, out) ({@link ProjectionHead}).
     */
    public static HostModule swavProjectionHead(int inputDim, int hiddenDim, int outputDim) {
        NDManager manager = Tensors.manager().newSubManager();
        try {
            return new HostModule(ProjectionHead.create(manager, inputDim, hiddenDim, outputDim, false), manager, inputDim);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The block, for host code (the one-call fit). */
    public Block block() {
        check();
        return block;
    }

    public long inputSize() {
        return inputSize;
    }

    /** {@code x} {@code (B, in)} through the block; recorded for backward() while autograd is on. */
    public HostTensor forward(HostTensor x) {
        check();
        HostTensor.require("x", x);
        Shape shape = x.array().getShape();
        if (shape.dimension() != 2 || shape.get(1) != inputSize) {
            throw new IllegalArgumentException("x must have shape (B, " + inputSize + "), got " + shape);
        }
        return HostTensor.compute(() -> block.forward(parameterStore, new NDList(x.array()), training).singletonOrThrow());
    }

    /** Every parameter, in the block's order, as a borrowed live tensor. */
    public List<HostTensor> parameters() {
        check();
        List<HostTensor> out = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.add(HostTensor.borrow(p.getValue().getArray(), this));
        }
        return out;
    }

    /** The parameters' names, in the order of {@link #parameters}. */
    public List<String> parameterNames() {
        check();
        return block.getParameters().keys();
    }

    public boolean isTraining() {
        return training;
    }

    public void setTraining(boolean training) {
        this.training = training;
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            lifetime.clean();
        }
    }

    private void check() {
        if (closed) {
            throw new ClosedException("module");
        }
    }

    @Override
    public String toString() {
        return closed ? "Module(<closed>)" : block.toString();
    }
}
