package dev.sslheads.lightly;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sslheads.ndarray.ScalarOps;
import dev.sslheads.util.Checks;
import dev.sslheads.util.Scopes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * lightly's {@code SwaVPrototypes}: one or several prototype heads, each a linear layer
 * {@code (B, inputDim) -> (B, K_h)} with weight {@code (K_h, inputDim)} (one prototype per row).
 *
 * <p>Bias: lightly's layers have a bias (PyTorch's default, since lightly PR #946), so a score is
 * {@code cos(z, c_k) + b_k}; the original SwAV has none. The caller chooses with {@code bias};
 * the short constructor takes lightly's default (bias on). Freezing follows lightly: while
 * {@link PrototypeFreezing#frozen} holds, weight and bias get no gradient (see that class for
 * steps versus epochs). Parameters are initialised like {@code torch.nn.Linear}:
 * {@code U(-1/sqrt(inputDim), 1/sqrt(inputDim))}, drawn from the engine's generator.
 */
public final class SwavPrototypes extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int inputDim;
    private final int[] nPrototypes;
    private final boolean bias;
    private final PrototypeFreezing freezing;
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();

    /**
     * @param manager where the parameters live (the model's device)
     * @param inputDim D, the embedding size, >= 1
     * @param nPrototypes K of each head (one entry: a single head), each >= 1
     * @param bias true: lightly's layers (bias on); false: the original SwAV (no bias)
     * @param freezing when the prototypes get no gradient ({@link PrototypeFreezing#NEVER} for never)
     */
    public SwavPrototypes(NDManager manager, int inputDim, int[] nPrototypes, boolean bias, PrototypeFreezing freezing) {
        super(VERSION);
        Checks.atLeast("inputDim", inputDim, 1);
        if (nPrototypes == null || nPrototypes.length == 0) {
            throw new IllegalArgumentException("nPrototypes must hold at least one head size, got "
                    + (nPrototypes == null ? "null" : "[]"));
        }
        for (int k : nPrototypes) {
            Checks.atLeast("nPrototypes[i]", k, 1);
        }
        if (freezing == null) {
            throw new IllegalArgumentException("freezing must not be null (use PrototypeFreezing.NEVER)");
        }
        this.inputDim = inputDim;
        this.nPrototypes = nPrototypes.clone();
        this.bias = bias;
        this.freezing = freezing;
        float bound = (float) (1.0 / Math.sqrt(inputDim));
        for (int h = 0; h < nPrototypes.length; h++) {
            weights.add(addParameter(parameter("heads." + h + ".weight", Parameter.Type.WEIGHT,
                    manager.randomUniform(-bound, bound, new Shape(nPrototypes[h], inputDim), DataType.FLOAT32))));
            if (bias) {
                biases.add(addParameter(parameter("heads." + h + ".bias", Parameter.Type.BIAS,
                        manager.randomUniform(-bound, bound, new Shape(nPrototypes[h]), DataType.FLOAT32))));
            }
        }
    }

    /** lightly's defaults for one head: bias on, never frozen. */
    public SwavPrototypes(NDManager manager, int inputDim, int nPrototypes) {
        this(manager, inputDim, new int[] {nPrototypes}, true, PrototypeFreezing.NEVER);
    }

    private static Parameter parameter(String name, Parameter.Type type, NDArray init) {
        init.setRequiresGradient(true);
        return Parameter.builder().setName(name).setType(type).optShape(init.getShape()).optArray(init).build();
    }

    public int inputDim() {
        return inputDim;
    }

    /** K of each head. */
    public int[] nPrototypes() {
        return nPrototypes.clone();
    }

    public int heads() {
        return nPrototypes.length;
    }

    public boolean hasBias() {
        return bias;
    }

    public PrototypeFreezing freezing() {
        return freezing;
    }

    /** The weight {@code (K_h, D)} of head {@code h} (live). */
    public Parameter weight(int h) {
        return weights.get(checkHead(h));
    }

    /** The bias {@code (K_h)} of head {@code h} (live); null without bias. */
    public Parameter bias(int h) {
        checkHead(h);
        return bias ? biases.get(h) : null;
    }

    private int checkHead(int h) {
        if (h < 0 || h >= weights.size()) {
            throw new IllegalArgumentException("h must be a head index in [0, " + (weights.size() - 1) + "], got " + h);
        }
        return h;
    }

    public Device device() {
        return weights.get(0).getArray().getDevice();
    }

    /** Divides each weight row by its L2 norm (in place, no gradient, norm floored at 1e-12 like F.normalize); biases untouched. */
    public void normalize() {
        Scopes.run(() -> {
            for (Parameter w : weights) {
                NDArray data = w.getArray().stopGradient();
                data.divi(ScalarOps.maximum(data.norm(new int[] {1}, true), 1e-12f));
            }
        });
    }

    /**
     * Scores of every head.
     *
     * @param x {@code (B, D)} embeddings on the prototypes' device
     * @param epoch current epoch (needed when freezing counts epochs), or null
     * @param step current step (needed when freezing counts steps), or null
     * @return one {@code (B, K_h)} array per head, differentiable unless frozen
     */
    public NDList forward(NDArray x, Integer epoch, Integer step) {
        checkInput("x", x);
        return scores(x, freezing.frozen(epoch, step));
    }

    /** Scores of every head without any gradient (the queue path); {@code x} {@code (N, D)}. */
    public NDList scoresWithoutGradient(NDArray x) {
        checkInput("x", x);
        NDList out = scores(x.stopGradient(), true);
        NDList detached = new NDList(out.size());
        for (NDArray s : out) {
            detached.add(s.stopGradient());
        }
        return detached;
    }

    /** Requires a {@code (N, D)} array on the prototypes' device. */
    void checkInput(String name, NDArray x) {
        Checks.matrixWithColumns(name, x, inputDim);
        if (!x.getDevice().equals(device())) {
            throw new IllegalArgumentException(name + " must be on the prototypes' device " + device() + ", got " + x.getDevice());
        }
    }

    private NDList scores(NDArray x, boolean frozen) {
        NDList out = new NDList(weights.size());
        for (int h = 0; h < weights.size(); h++) {
            NDArray w = weights.get(h).getArray();
            NDArray s = x.matMul((frozen ? w.stopGradient() : w).transpose());
            if (bias) {
                NDArray b = biases.get(h).getArray();
                s = s.add(frozen ? b.stopGradient() : b);
            }
            out.add(s);
        }
        return out;
    }

    /** Block form: {@code (B, D) -> K_h scores per head}; requires no freezing (no epoch or step is known here). */
    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return forward(inputs.singletonOrThrow(), null, null);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return Arrays.stream(nPrototypes).mapToObj(k -> new Shape(inputShapes[0].get(0), k)).toArray(Shape[]::new);
    }
}
