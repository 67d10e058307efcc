package dev.sslheads.bindings;

import java.lang.ref.Reference;
import java.lang.ref.Cleaner;
import dev.sslheads.util.Scopes;
import static dev.sslheads.bindings.HostTensor.require;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.sslheads.stablepretraining.ProjectionQueue;
import dev.sslheads.stablepretraining.PrototypeFreezing;
import dev.sslheads.stablepretraining.StablePretrainingTrainer;
import dev.sslheads.stablepretraining.SwAV;
import dev.sslheads.stablepretraining.SwavConfig;
import dev.sslheads.stablepretraining.SwavOutput;
import dev.sslheads.stablepretraining.TrainingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * stable-pretraining's {@code SwAV} method for guests (the Python
 * {@code stable_pretraining.methods.SwAV}): a {@link SwAV} over a guest {@link HostModule}
 * backbone (which keeps owning its parameters). Results are owned by the guest; parameters are
 * borrowed live views. After {@link #close} every method throws {@link ClosedException}.
 */
public final class HostStablePretrainingSwav implements AutoCloseable {
    private SwAV model;
    private final Cleaner.Cleanable lifetime;
    /** The guest's module whose block the model runs: kept reachable as long as the model. */
    private final HostModule backbone;

    private HostStablePretrainingSwav(SwAV model, HostModule backbone) {
        this.model = model;
        this.backbone = backbone;
        this.lifetime = NativeReaper.whenUnreachable(this, model::close);
    }

    /** A model on the toolkit's device; the backbone maps {@code (B, backbone.inputSize())} to {@code (B, E)}. */
    public static HostStablePretrainingSwav create(HostModule backbone, int projectorHidden, int projectorOut, int nPrototypes,
            double temperature, int sinkhornIterations, double epsilon, long seed) {
        if (backbone == null) {
            throw new GuestTypeException("encoder_name must be an sslheads nn module (e.g. nn.MLP), got None");
        }
        SwavConfig config = new SwavConfig(projectorHidden, projectorOut, nPrototypes, temperature, sinkhornIterations, epsilon);
        return new HostStablePretrainingSwav(new SwAV(backbone.block(), new Shape(1, backbone.inputSize()), config, seed, Tensors.device()), backbone);
    }

    private SwAV model() {
        if (model == null) {
            throw new ClosedException("SwAV");
        }
        return model;
    }

    public long embedDim() {
        return model().embedDim();
    }

    public void setTraining(boolean training) {
        model().setTraining(training);
    }

    /** {@code [loss, embedding, projection]} of the multi-crop forward (two views: two global views, no local ones). */
    public List<HostTensor> forward(List<HostTensor> globalViews, List<HostTensor> localViews) {
        SwAV m = model();
        return owned(Scopes.run(() -> m.forward(arrays("global_views", globalViews), arrays("local_views", localViews)),
                HostStablePretrainingSwav::arraysOf));
    }

    /** {@code [loss, embedding]} of the eval path. */
    public List<HostTensor> forwardEval(HostTensor images) {
        SwAV m = model();
        SwavOutput out = Scopes.run(() -> m.forward(require("images", images).array()), HostStablePretrainingSwav::arraysOf);
        return List.of(HostTensor.own(out.loss()), HostTensor.own(out.embedding()));
    }

    /** {@code [loss, embedding, projection]} of the functional forward (queue read, then every view appended). */
    public List<HostTensor> functionalForward(List<HostTensor> views, int epoch) {
        SwAV m = model();
        return owned(m.functionalForward(arrays("views", views), epoch));
    }

    public void enableQueue(int queueLength, int startQueueAtEpoch) {
        model().enableQueue(queueLength, startQueueAtEpoch);
    }

    public void disableQueue() {
        model().disableQueue();
    }

    /** A copy of the queue's rows {@code (size, P)}, or null when the queue is off. */
    public HostTensor queue() {
        ProjectionQueue q = model().queue();
        return q == null ? null : HostTensor.compute(q::contents);
    }

    /** The prototypes {@code (K, P)} (live; renormalised in place by every training forward). */
    public HostTensor prototypes() {
        return HostTensor.borrow(model().prototypesParameter().getArray(), this);
    }

    /** The projector's trainable parameters (live), in the order of {@link #projectorParameterNames}. */
    public List<HostTensor> projectorParameters() {
        List<HostTensor> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model().projector().getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(HostTensor.borrow(p.getValue().getArray(), this));
            }
        }
        return out;
    }

    public List<String> projectorParameterNames() {
        List<String> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model().projector().getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.add(p.getKey());
            }
        }
        return out;
    }

    /** Cosine scores {@code (B, K)} of projections {@code (B, P)} against the prototypes. */
    public HostTensor scores(HostTensor projections) {
        return HostTensor.compute(() -> model().scores(require("projections", projections).array()));
    }

    /** Unit projections {@code (B, P)} of inputs {@code (B, F)} in the current mode. */
    public HostTensor project(HostTensor x) {
        SwAV m = model();
        return HostTensor.compute(() -> m.project(m.encode(require("x", x).array())));
    }

    /**
     * The Java training loop ({@link StablePretrainingTrainer}, recording suspended): AdamW,
     * two noise/dropout views, prototypes frozen for the first epochs.
     *
     * @return the mean loss of every epoch
     */
    public double[] fit(HostTensor features, HostAugmentation augmentation, int epochs, int batchSize, double learningRate,
            double weightDecay, int freezePrototypesEpochs, String freezing, long seed) {
        SwAV m = model();
        if (augmentation == null) {
            throw new GuestTypeException("augmentation must be an sslheads nn.NoiseDropout, got None");
        }
        TrainingSettings settings = new TrainingSettings(epochs, batchSize, (float) learningRate, (float) weightDecay,
                freezePrototypesEpochs, freezingMode(freezing), seed);
        NDArray x = require("features", features).array();
        double[] losses = Autograd.suspended(() -> new StablePretrainingTrainer(m, augmentation.augmentation(), settings).fit(x, null)
                .stream().mapToDouble(e -> e.loss()).toArray());
        Reference.reachabilityFence(features); // its array is freed once the wrapper is unreachable
        return losses;
    }

    /** Argmax prototype of every row of {@code features} {@code (N, F)} (eval mode, recording suspended). */
    public int[] assign(HostTensor features, int batchSize) {
        SwAV m = model();
        NDArray x = require("features", features).array();
        int[] clusters = Autograd.suspended(() -> m.assign(x, batchSize));
        Reference.reachabilityFence(features);
        return clusters;
    }

    private static PrototypeFreezing freezingMode(String name) {
        if ("zero_grad".equals(name)) {
            return PrototypeFreezing.ZERO_GRADIENTS;
        }
        if ("skip".equals(name)) {
            return PrototypeFreezing.SKIP_PARAMETER;
        }
        throw new IllegalArgumentException("freeze_prototypes_mode must be 'zero_grad' or 'skip', got " + (name == null ? "None" : "'" + name + "'"));
    }

    private static List<NDArray> arrays(String name, List<HostTensor> tensors) {
        if (tensors == null) {
            throw new GuestTypeException(name + " must be a list of tensors, got None");
        }
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            out.add(require(name + "[" + i + "]", tensors.get(i)).array());
        }
        return out;
    }

    private static List<NDArray> arraysOf(SwavOutput out) {
        return Arrays.asList(out.loss(), out.embedding(), out.projection());
    }

    private static List<HostTensor> owned(SwavOutput out) {
        return Arrays.asList(HostTensor.own(out.loss()), HostTensor.own(out.embedding()),
                out.projection() == null ? null : HostTensor.own(out.projection()));
    }

    public boolean isClosed() {
        return model == null;
    }

    /** Frees the projector, prototypes and queue (not the backbone); idempotent. */
    @Override
    public void close() {
        if (model != null) {
            model = null;
            lifetime.clean();
        }
    }

    @Override
    public String toString() {
        return model == null ? "SwAV(<closed>)" : model.toString();
    }
}
