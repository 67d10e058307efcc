package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import dev.sslheads.util.Scopes;
import ai.djl.ndarray.NDManager;
import dev.sslheads.lightly.PrototypeFreezing;
import dev.sslheads.lightly.SwavPrototypes;
import java.util.List;

/**
 * lightly's {@code SwaVPrototypes} for guests: scores of every head, {@code normalize()}, the
 * parameters as borrowed live tensors (what optimizers update), freezing by steps or epochs.
 */
public final class HostSwavPrototypes implements AutoCloseable {
    private SwavPrototypes prototypes;
    private final Cleaner.Cleanable lifetime;

    private HostSwavPrototypes(NDManager manager, SwavPrototypes prototypes) {
        this.prototypes = prototypes;
        this.lifetime = NativeReaper.whenUnreachable(this, manager::close);
    }

    /**
     * @param freezingCounter "steps" or "epochs": what {@code nFrozen} counts
     */
    public static HostSwavPrototypes create(int inputDim, int[] nPrototypes, boolean bias, String freezingCounter, int nFrozen) {
        PrototypeFreezing freezing = freezing(freezingCounter, nFrozen);
        NDManager manager = Tensors.manager().newSubManager();
        try {
            return new HostSwavPrototypes(manager, new SwavPrototypes(manager, inputDim, nPrototypes, bias, freezing));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    static PrototypeFreezing freezing(String counter, int n) {
        if ("steps".equals(counter)) {
            return PrototypeFreezing.firstSteps(n);
        }
        if ("epochs".equals(counter)) {
            return PrototypeFreezing.firstEpochs(n);
        }
        throw new IllegalArgumentException("freeze_by must be 'steps' or 'epochs', got " + (counter == null ? "None" : "'" + counter + "'"));
    }

    public SwavPrototypes prototypes() {
        if (prototypes == null) {
            throw new ClosedException("SwaVPrototypes");
        }
        return prototypes;
    }

    /** Scores {@code (B, K_h)} of every head for {@code x} {@code (B, D)}. */
    public List<HostTensor> forward(HostTensor x, Integer epoch, Integer step) {
        HostTensor.require("x", x);
        SwavPrototypes p = prototypes();
        return HostSwavLoss.own(Scopes.run(() -> p.forward(x.array(), epoch, step), scores -> scores));
    }

    /** Whether the prototypes get no gradient at this epoch / step (errors as forward's). */
    public boolean frozen(Integer epoch, Integer step) {
        return prototypes().freezing().frozen(epoch, step);
    }

    public void normalize() {
        prototypes().normalize();
    }

    /** Each head's weight then (with bias) its bias, as borrowed live tensors. */
    public List<HostTensor> parameters() {
        return parameters(prototypes(), this);
    }

    /** {@code p}'s parameters as views that keep {@code owner} (the host object holding {@code p}) reachable. */
    static List<HostTensor> parameters(SwavPrototypes p, Object owner) {
        return p.getParameters().values().stream().map(parameter -> HostTensor.borrow(parameter.getArray(), owner)).toList();
    }

    public List<String> parameterNames() {
        return prototypes().getParameters().keys();
    }

    @Override
    public void close() {
        if (prototypes != null) {
            prototypes = null;
            lifetime.clean();
        }
    }
}
