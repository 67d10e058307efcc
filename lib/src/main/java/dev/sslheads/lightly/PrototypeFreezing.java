package dev.sslheads.lightly;

import dev.sslheads.util.Checks;

/**
 * When the prototypes receive no gradient: never, during the first {@code n} training steps, or
 * during the first {@code n} epochs.
 *
 * <p>lightly's {@code SwaVPrototypes(n_steps_frozen_prototypes=n)} documents steps, but lightly's
 * own examples and fmcib pass the current <em>epoch</em> where lightly expects the step, so with
 * fmcib the prototypes are frozen for the first {@code n} epochs ({@link #firstEpochs}); the
 * original SwAV counts iterations ({@link #firstSteps}). The counter is named explicitly here so
 * that the choice is visible at the call site.
 *
 * @param counter what {@code n} counts
 * @param n number of steps or epochs during which the prototypes are frozen, >= 0 (0: never)
 */
public record PrototypeFreezing(Counter counter, int n) {
    /** What a freezing period counts. */
    public enum Counter {
        /** Training steps (iterations), as in the original SwAV's {@code freeze_prototypes_niters}. */
        STEPS("step"),
        /** Epochs, as fmcib and lightly's examples actually do. */
        EPOCHS("epoch");

        private final String argument;

        Counter(String argument) {
            this.argument = argument;
        }

        /** The name of the forward argument this counter reads ("step" or "epoch"). */
        public String argument() {
            return argument;
        }
    }

    /** Prototypes always trainable. */
    public static final PrototypeFreezing NEVER = new PrototypeFreezing(Counter.STEPS, 0);

    public PrototypeFreezing {
        if (counter == null) {
            throw new IllegalArgumentException("counter must be STEPS or EPOCHS, got null");
        }
        Checks.atLeast("n", n, 0);
    }

    /** Frozen while {@code step < n}. */
    public static PrototypeFreezing firstSteps(int n) {
        return new PrototypeFreezing(Counter.STEPS, n);
    }

    /** Frozen while {@code epoch < n} (fmcib's {@code n_steps_frozen_prototypes}). */
    public static PrototypeFreezing firstEpochs(int n) {
        return new PrototypeFreezing(Counter.EPOCHS, n);
    }

    /**
     * Whether the prototypes are frozen at this point of training (lightly's
     * {@code requires_grad_(step >= n)} negated).
     *
     * @param epoch current epoch, or null; required when counting epochs and {@code n > 0}
     * @param step current step, or null; required when counting steps and {@code n > 0}
     * @throws IllegalArgumentException when the counter's argument is needed and null, or negative
     */
    public boolean frozen(Integer epoch, Integer step) {
        if (epoch != null) {
            Checks.atLeast("epoch", epoch, 0);
        }
        if (step != null) {
            Checks.atLeast("step", step, 0);
        }
        if (n == 0) {
            return false;
        }
        Integer value = counter == Counter.STEPS ? step : epoch;
        if (value == null) {
            throw new IllegalArgumentException(counter.argument() + " must be given (a number >= 0) when the prototypes are frozen for the first "
                    + n + " " + counter.argument() + "s (" + this + "), got null");
        }
        return value < n;
    }

    @Override
    public String toString() {
        return n == 0 ? "PrototypeFreezing.NEVER" : "PrototypeFreezing.first" + (counter == Counter.STEPS ? "Steps(" : "Epochs(") + n + ")";
    }
}
