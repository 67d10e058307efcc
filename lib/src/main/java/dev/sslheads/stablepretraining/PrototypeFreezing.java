package dev.sslheads.stablepretraining;

/**
 * How frozen prototypes are kept out of an optimizer step (heads-spec §4.2, §5).
 */
public enum PrototypeFreezing {
    /**
     * stable-pretraining's {@code FreezePrototypesCallback} (the default, the reference): the
     * prototypes' gradient is zeroed and the optimizer still steps them, so weight decay and
     * momentum from earlier steps keep moving them.
     */
    ZERO_GRADIENTS,
    /**
     * The original SwAV ({@code p.grad = None}): the optimizer skips the prototypes entirely, no
     * weight decay and no momentum update while frozen.
     */
    SKIP_PARAMETER
}
