package dev.sslheads.bindings;

import java.lang.ref.Cleaner;
import ai.djl.ndarray.NDArray;
import dev.sslheads.util.Scopes;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sslheads.lightly.SwavModel;
import dev.sslheads.lightly.SwavScores;
import java.util.ArrayList;
import java.util.List;

/**
 * fmcib's {@code SwaV} for guests ({@code fmcib.ssl.modules.SwaV}) around a host module backbone:
 * {@code forward} returns the seed's triple (high-res scores, low-res scores, queue scores or
 * null) as guest-owned tensors recorded for backward(); parameters are borrowed live tensors.
 */
public final class HostSwavModel implements AutoCloseable {
    private SwavModel model;
    private final Cleaner.Cleanable lifetime;
    /** The guest's module whose block the model runs: kept reachable as long as the model. */
    private final HostModule backbone;

    private HostSwavModel(NDManager manager, SwavModel model, HostModule backbone) {
        this.model = model;
        this.backbone = backbone;
        this.lifetime = NativeReaper.whenUnreachable(this, () -> {
            model.close();
            manager.close();
        });
    }

    public static HostSwavModel create(HostModule backbone, int numFtrs, int outDim, int nPrototypes, int nQueues, int queueLength,
            int startQueueAtEpoch, int nStepsFrozenPrototypes) {
        if (backbone == null) {
            throw new GuestTypeException("backbone must be a module (e.g. sslheads.nn.MLP), got None");
        }
        NDManager manager = Tensors.manager().newSubManager();
        try {
            return new HostSwavModel(manager, new SwavModel(manager, backbone.block(), numFtrs, outDim, nPrototypes, nQueues, queueLength,
                    startQueueAtEpoch, nStepsFrozenPrototypes), backbone);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public SwavModel model() {
        if (model == null) {
            throw new ClosedException("SwaV");
        }
        return model;
    }

    /** {@code [high scores, low scores, queue scores or null]}, each a list of tensors. */
    public List<Object> forward(List<HostTensor> high, List<HostTensor> low, Integer epoch, Integer step) {
        SwavModel m = model();
        SwavScores s = Scopes.run(() -> m.forward(HostSwavLoss.arrays("high_resolution", high), HostSwavLoss.arrays("low_resolution", low), epoch, step),
                HostSwavModel::arraysOf);
        List<Object> out = new ArrayList<>(3);
        out.add(HostSwavLoss.own(s.high()));
        out.add(HostSwavLoss.own(s.low()));
        out.add(s.queue() == null ? null : HostSwavLoss.own(s.queue()));
        return out;
    }

    private static List<NDArray> arraysOf(SwavScores scores) {
        List<NDArray> all = new ArrayList<>(scores.high());
        all.addAll(scores.low());
        if (scores.queue() != null) {
            all.addAll(scores.queue());
        }
        return all;
    }

    /** fmcib's {@code _subforward}: L2-normalised projections {@code (B, out_dim)}. */
    public HostTensor subforward(HostTensor x) {
        HostTensor.require("input", x);
        return HostTensor.compute(() -> model().embed(x.array()));
    }

    /** Whether the prototypes get no gradient at this epoch / step (fmcib: counted in epochs). */
    public boolean prototypesFrozen(Integer epoch, Integer step) {
        return model().prototypes().freezing().frozen(epoch, step);
    }

    /** Projection head parameters (BatchNorm running statistics excluded), borrowed live. */
    public List<HostTensor> projectionHeadParameters() {
        return model().projectionHead().getParameters().values().stream().filter(Parameter::requiresGradient)
                .map(p -> HostTensor.borrow(p.getArray(), this)).toList();
    }

    /** Prototype weight and bias, borrowed live. */
    public List<HostTensor> prototypeParameters() {
        return HostSwavPrototypes.parameters(model().prototypes(), this);
    }

    public long numFeaturesQueued() {
        return model().numFeaturesQueued();
    }

    public int queueLength() {
        return model().queueLength();
    }

    public int startQueueAtEpoch() {
        return model().startQueueAtEpoch();
    }

    public int nQueues() {
        return model().queues().size();
    }

    public void setTraining(boolean training) {
        model().setTraining(training);
    }

    @Override
    public void close() {
        if (model != null) {
            model = null;
            lifetime.clean();
        }
    }
}
