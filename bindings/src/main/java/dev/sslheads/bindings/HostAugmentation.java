package dev.sslheads.bindings;

import dev.sslheads.train.Augmentation;
import dev.sslheads.train.NoiseDropoutAugmentation;

/**
 * A random view of a batch for guests ({@link NoiseDropoutAugmentation}): each feature of
 * {@code (B, F)} is dropped with probability p, then Gaussian noise of std {@code std} is added.
 * Random numbers come from the engine's generator ({@code manual_seed}).
 */
public final class HostAugmentation {
    private final NoiseDropoutAugmentation augmentation;
    private final double p;
    private final double std;

    public HostAugmentation(double p, double std) {
        this.augmentation = new NoiseDropoutAugmentation(p, std);
        this.p = p;
        this.std = std;
    }

    /** A new {@code (B, F)} view of {@code x} (not differentiable through the random mask). */
    public HostTensor apply(HostTensor x) {
        HostTensor.require("x", x);
        return HostTensor.compute(() -> augmentation.apply(x.array()));
    }

    /** The lib augmentation, for host code (the one-call fit). */
    public Augmentation augmentation() {
        return augmentation;
    }

    public double p() {
        return p;
    }

    public double std() {
        return std;
    }
}
