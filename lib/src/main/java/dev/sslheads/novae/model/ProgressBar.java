package dev.sslheads.novae.model;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The training progress a terminal user sees (Lightning's bar, in one line per epoch): the epoch,
 * steps, mean loss and entropy and the seconds taken. Quiet when standard error is not a terminal or
 * when the environment sets {@code CI}, so logs and tests stay clean.
 */
public final class ProgressBar implements NovaeTrainer.StepListener, java.util.function.Consumer<EpochResult> {
    private static final int WIDTH = 24;

    private final PrintStream out;
    private final int maxEpochs;
    private final boolean enabled;

    ProgressBar(PrintStream out, int maxEpochs, boolean enabled) {
        this.out = out;
        this.maxEpochs = maxEpochs;
        this.enabled = enabled;
    }

    /** A bar on standard error when it is a terminal and {@code CI} is unset, else a silent one. */
    public static ProgressBar forTerminal(int maxEpochs) {
        return new ProgressBar(System.err, maxEpochs, showsOnTerminal());
    }

    /** Whether {@link #forTerminal} bars print: standard error is a terminal and {@code CI} is unset. */
    public static boolean showsOnTerminal() {
        return isTerminal(System.console()) && System.getenv("CI") == null;
    }

    /** {@code Console.isTerminal()} (JDK 22+, above this module's release level, hence reflection). */
    private static boolean isTerminal(java.io.Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public void afterStep(int epoch, int step, int steps) {
        if (enabled) {
            int filled = steps == 0 ? WIDTH : step * WIDTH / steps;
            out.printf(Locale.ROOT, "\rEpoch %d/%d [%s%s] %d/%d", epoch + 1, maxEpochs, "=".repeat(filled), " ".repeat(WIDTH - filled), step, steps);
            out.flush();
        }
    }

    @Override
    public void accept(EpochResult r) {
        if (enabled) {
            out.printf(Locale.ROOT, "\rEpoch %d/%d [%s] %d/%d  loss %.4f  entropy %.3f  %.1f s%s%n", r.epoch() + 1, maxEpochs,
                    "=".repeat(WIDTH), r.steps(), r.steps(), r.loss(), r.entropy(), r.seconds(), r.prototypesFrozen() ? "  (prototypes frozen)" : "");
        }
    }
}
