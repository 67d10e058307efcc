package dev.sslheads.bench;

import ai.djl.Device;
import com.google.gson.JsonObject;
import dev.sslheads.runtime.Devices;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code scripts/sslheads bench [names...] [--quick] [--write FILE] [--no-reference]}: times each
 * benchmark in Java (warm-up, then N repetitions with System.nanoTime; median and min), then runs the
 * same workload in the reference (torch / scikit-learn, {@code scripts/reference/bench_reference.py},
 * same thread count) and prints one table row with the ratio Java/reference against the target
 * {@code <= 1.0}; rows above it are marked ABOVE. The table, the machine and the notes go to
 * BENCHMARKS.md at the repository root (or FILE). Exit status 1 when a benchmark failed to run.
 *
 * <p>Benchmarks (same shapes on both sides, inputs from fixed seeds, values differ across languages):
 * <ul>
 *   <li>{@code head_fwd_bwd_small}: SwavHead forward + backward, B=256, K=512, O=64, a queue over 4
 *       slides (ids cycled per call, one (z1, z2) pair per slide), min_prototypes_ratio 0.3, z1 and
 *       the prototypes requiring grad;</li>
 *   <li>{@code head_fwd_bwd_large}: the same with B=1024, K=3000, O=128;</li>
 *   <li>{@code sinkhorn}: Sinkhorn-Knopp alone on (4096, 3000) cosine scores, eps 0.05, 3 iterations;</li>
 *   <li>{@code hierarchical_512}, {@code hierarchical_3000}: SwavHead.hierarchicalClustering on K unit
 *       Gaussian prototypes, O=64 (reference: AgglomerativeClustering average/cosine + the uint16 levels loop);</li>
 *   <li>{@code kmeans_prototypes}: SwavHead.setKmeansPrototypes on a (50,000, 64) latent of Gaussian
 *       blobs, K=512 (reference: KMeans(512, random_state=0, n_init="auto"));</li>
 *   <li>{@code training_memory}: 5,000 SwavTrainer steps (B=256, K=512, O=64, MLP encoder) in a child
 *       JVM ({@link TrainingMemory}), VmRSS after a 500-step warm-up and at the end (target: growth
 *       below 5%), and the time per step against the same loop in torch;</li>
 *   <li>{@code stable_pretraining_swav_step}: one stable-pretraining SwAV training step
 *       ({@link StablePretrainingWorkloads#swavStep}).</li>
 *       below 5%), and the time per step against the same loop in torch.</li>
 *   <li>{@code inc_step}: an IncClusterHead training step, n=256, K=10, d=128 ({@link IncWorkloads});
 *       {@code inc_digits}: the INC head's NMI on the digits next to k-means on the pixels (no timing).</li>
 *   <li>{@code lightly_swav_step}: one fmcib SwaV training step, lightly defaults ({@link LightlyWorkloads}).</li>
 * </ul>
 *
 * <p>The machine is shared: each side first waits (boundedly) for other processes to leave the CPU,
 * the CPU they used meanwhile is reported per row ({@link CpuMonitor}), and a disturbed side is
 * measured again a few times, keeping the least disturbed attempt.
 */
public final class Benchmarks {
    static final List<String> NAMES = List.of("head_fwd_bwd_small", "head_fwd_bwd_large", "sinkhorn", "hierarchical_512",
            "hierarchical_3000", "kmeans_prototypes", "training_memory",
            "stable_pretraining_swav_step", "yaware_step", "inc_step", "inc_digits", "lightly_swav_step");

    /** Untimed and timed repetitions of a benchmark. */
    private record Plan(int warmup, int reps) {}

    private final BenchOptions options;
    private final Device device;
    private final ReferenceRunner reference;
    private Report report;
    private boolean failed;
    private double javaBackground = -1;
    private double referenceBackground = Double.NaN;

    private Benchmarks(BenchOptions options, Device device, ReferenceRunner reference) {
        this.options = options;
        this.device = device;
        this.reference = reference;
    }

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("sslheads bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options == null) {
            return;
        }
        Path root = repositoryRoot();
        int threads = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        Benchmarks run = new Benchmarks(options, Devices.resolve(), options.reference() ? new ReferenceRunner(root, threads) : null);
        Path out = options.write() != null ? options.write() : root.resolve("BENCHMARKS.md");
        System.exit(run.runAll(threads, out) ? 0 : 1);
    }

    /** The repository root: the nearest parent of this class's location holding the reference script, else the working directory. */
    static Path repositoryRoot() {
        String property = System.getProperty("sslheads.root");
        if (property != null) {
            return Path.of(property).toAbsolutePath();
        }
        try {
            Path p = Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
            for (; p != null; p = p.getParent()) {
                if (Files.isRegularFile(p.resolve("scripts/reference/bench_reference.py"))) {
                    return p;
                }
            }
        } catch (URISyntaxException | SecurityException | NullPointerException ignored) {
            // fall back to the working directory
        }
        return Path.of("").toAbsolutePath();
    }

    private boolean runAll(int threads, Path out) throws Exception {
        JsonObject pythonInfo = null;
        if (reference != null) {
            try {
                pythonInfo = reference.info();
            } catch (Exception e) {
                System.err.println("sslheads bench: the reference side does not run (" + e.getMessage() + ")");
                failed = true;
            }
        }
        report = new Report(MachineInfo.lines(threads, device, pythonInfo));
        System.out.println("sslheads bench" + (options.quick() ? " --quick (smoke test: few repetitions, not for comparison)" : "")
                + ": " + String.join(" ", options.names()));
        report.printHeader();
        for (String name : options.names()) {
            try {
                runOne(name);
            } catch (Exception | Error e) {
                failed = true;
                System.err.println("sslheads bench: " + name + " failed:");
                e.printStackTrace();
                report.add(new Report.Row(name, "error", "-", "-", "-", "-", "ERROR", background()));
            }
        }
        System.out.println();
        System.out.println(report.summary());
        report.writeMarkdown(out, "sslheads benchmarks" + (options.quick() ? " (--quick smoke test)" : ""), preamble(threads));
        System.out.println("wrote " + out);
        return !failed;
    }

    private List<String> preamble(int threads) {
        List<String> p = new ArrayList<>();
        p.add("Generated by `scripts/sslheads --threads " + threads + " bench" + (options.quick() ? " --quick" : "") + " "
                + String.join(" ", options.names()) + "` (`dev.sslheads.bench.Benchmarks`; reference side"
                + " `scripts/reference/bench_reference.py`, run by it with the same thread count).");
        p.add("");
        p.add("Times are per repetition: median (min) over the timed repetitions after untimed warm-up runs, System.nanoTime"
                + " in Java, time.perf_counter in python. Java/ref is the ratio of the medians; the target is <= 1.0"
                + " (Java at least as fast as the reference). Rows above the target are marked ABOVE, not hidden. \"Java/ref of"
                + " mins\" is less sensitive to other processes; \"background CPU\" is the CPU other processes used while each"
                + " side ran, in percent of all cores (each side first waits up to 2 minutes for the machine to go idle, and a side"
                + " disturbed by more than 10% is measured again, up to 3 times for the short benchmarks, 2 for kmeans and the"
                + " reference side of training_memory, keeping the least disturbed attempt).");
        p.add("");
        p.add("The reference is the parity oracle: Debian's torch 1.13 and scikit-learn 1.2.1; the Java side runs libtorch 2.7.1"
                + " through DJL. Rows dominated by elementwise kernels (sinkhorn) therefore also measure the libtorch version.");
        p.add("");
        p.add("- head_fwd_bwd_small / _large: SwavHead forward + backward (B=256, K=512, O=64 / B=1024, K=3000, O=128), queue"
                + " over 4 slides cycled per call, one (z1, z2) pair per slide with a per-slide shift (so the queue selects"
                + " about min_prototypes = 30% of K, partly through the top-k fallback), min_prototypes_ratio 0.3, z1 and the"
                + " prototypes requiring grad, default NovaeSettings (finiteness check on); reference:"
                + " novae_swav_goldens.NovaeSwavHeadReference in novae's forward order + loss.backward().");
        p.add("- sinkhorn: Sinkhorn-Knopp alone on (4096, 3000) cosine scores, eps 0.05, 3 iterations; reference: novae's sinkhorn.");
        p.add("- hierarchical_K: SwavHead.hierarchicalClustering (AverageLinkage + ClustersLevels) on K unit Gaussian prototypes,"
                + " O=64; reference: the seed's hierarchical_clustering (sklearn AgglomerativeClustering average/cosine + the"
                + " uint16 clusters_levels loop).");
        p.add("- kmeans_prototypes: SwavHead.setKmeansPrototypes on a (50,000, 64) float32 latent of 100 Gaussian blobs, K=512;"
                + " reference: the seed's set_kmeans_prototypes (KMeans(512, random_state=0, n_init=\"auto\")). The inits differ"
                + " (seeded k-means++ in each), so the Lloyd iteration counts are given in the notes.");
        p.add("- training_memory: SwavTrainer (B=256, K=512, O=64, MLP encoder 64-128-128-64, Adam, 4 slides) on random"
                + " inputs; VmRSS after the warm-up steps and at the end (target: growth < 5%); time per step after the"
                + " warm-up against the same loop in torch.");
        p.add("- stable_pretraining_swav_step: one training step of stable-pretraining's SwAV (MLP backbone 64-256-256-512,"
                + " projector 512-2048-128, K=3000, batch 256, two noise/dropout views, forward + backward + AdamW, loss read back);"
                + " reference: stable_pretraining_goldens.SwAVReference with torch.optim.AdamW (scripts/reference/bench_stable_pretraining.py).");
        p.add("- yaware_step: one y-Aware training step with labels, n=256, d=128 (YAwareWorkloads; reference: bench_yaware.py).");
        p.add("- inc_step: one IncClusterHead training step (n=256 embeddings requiring grad, K=10, d=128, alpha 0.001): forward,"
                + " backward, gradientNormalize, Adam on the centres, normalizeClusterCenters; reference: bench_inc.py (pyagc's INC)."
                + " inc_digits: clustering quality, not time (see its note).");
        p.add(LightlyWorkloads.DESCRIPTION);
        return p;
    }

    private Plan plan(String name) {
        boolean q = options.quick();
        return switch (name) {
            case "head_fwd_bwd_small" -> q ? new Plan(3, 5) : new Plan(300, 100); // a long warm-up: the JIT compiles DJL's call paths on the same 2 cores
            case "head_fwd_bwd_large" -> q ? new Plan(1, 3) : new Plan(5, 20);
            case "sinkhorn" -> q ? new Plan(1, 3) : new Plan(3, 15);
            case "hierarchical_512" -> q ? new Plan(1, 3) : new Plan(5, 30);
            case "hierarchical_3000" -> q ? new Plan(1, 2) : new Plan(2, 10);
            case "kmeans_prototypes" -> q ? new Plan(0, 1) : new Plan(1, 3);
            case "training_memory" -> q ? new Plan(100, 300) : new Plan(500, 5000); // warm-up steps, steps
            case "stable_pretraining_swav_step" -> q ? new Plan(1, 3) : new Plan(5, 30);
            case "yaware_step" -> q ? new Plan(2, 5) : new Plan(10, 50);
            case "inc_step" -> q ? new Plan(3, 10) : new Plan(1500, 300); // a long warm-up: the JIT compiles DJL's call paths
            case "inc_digits" -> new Plan(0, 1);
            case "lightly_swav_step" -> q ? new Plan(1, 3) : new Plan(3, 20);
            default -> throw new IllegalArgumentException("unknown benchmark " + name);
        };
    }

    /** Interface of a Java side that may throw. */
    @FunctionalInterface
    private interface Side<T> {
        T run() throws Exception;
    }

    /** Background CPU (percent of all cores) above which a side is measured again. */
    private static final double BUSY_PERCENT = 10;

    /**
     * Runs one side of a benchmark: waits (a bounded time) for other processes to leave the CPU,
     * then runs {@code body} while measuring the background CPU; when other processes used more
     * than {@value #BUSY_PERCENT}% of the CPU meanwhile, measures again (up to {@code attempts}
     * times in all) and keeps the attempt with the least background, whose value goes to the row.
     */
    private <T> T measured(String label, boolean isReference, int attempts, Side<T> body) throws Exception {
        T best = null;
        double bestBackground = Double.POSITIVE_INFINITY;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            double idle = CpuMonitor.waitForIdle(BUSY_PERCENT, options.quick() ? 5 : 120);
            if (idle >= BUSY_PERCENT) {
                System.err.printf(Locale.ROOT, "sslheads bench: the machine is busy before %s (%.0f%% background CPU);"
                        + " measuring anyway%n", label, idle);
            }
            CpuMonitor monitor = CpuMonitor.start();
            T result = body.run();
            double background = monitor.backgroundPercent();
            if (best == null || background < bestBackground) {
                best = result;
                bestBackground = background;
            }
            if (background < BUSY_PERCENT) {
                break;
            }
            if (attempt < attempts) {
                System.err.printf(Locale.ROOT, "sslheads bench: other processes used %.0f%% of the CPU during %s; measuring again%n",
                        background, label);
            }
        }
        if (isReference) {
            referenceBackground = bestBackground;
        } else {
            javaBackground = bestBackground;
        }
        return best;
    }

    /**
     * Attempts per side: cheap benchmarks are re-measured when disturbed, the long ones less; the
     * Java side of training_memory is not repeated (its reference side gets 2 attempts).
     */
    private int attempts(String name) {
        if (options.quick()) {
            return 1;
        }
        return switch (name) {
            case "training_memory" -> 1;
            case "kmeans_prototypes" -> 2;
            default -> 3;
        };
    }

    private String background() {
        return Report.background(javaBackground, referenceBackground);
    }

    private void runOne(String name) throws Exception {
        Plan plan = plan(name);
        javaBackground = -1;
        referenceBackground = Double.NaN;
        String java = name + " (Java)";
        switch (name) {
            case "head_fwd_bwd_small" -> timedRow(name, plan,
                    measured(java, false, attempts(name), () -> JavaWorkloads.headForwardBackward(device, 256, 512, 64, plan.warmup(), plan.reps())));
            case "head_fwd_bwd_large" -> timedRow(name, plan,
                    measured(java, false, attempts(name), () -> JavaWorkloads.headForwardBackward(device, 1024, 3000, 128, plan.warmup(), plan.reps())));
            case "sinkhorn" -> timedRow(name, plan, measured(java, false, attempts(name), () -> JavaWorkloads.sinkhorn(device, plan.warmup(), plan.reps())));
            case "hierarchical_512" -> timedRow(name, plan,
                    measured(java, false, attempts(name), () -> JavaWorkloads.hierarchical(device, 512, plan.warmup(), plan.reps())));
            case "hierarchical_3000" -> timedRow(name, plan,
                    measured(java, false, attempts(name), () -> JavaWorkloads.hierarchical(device, 3000, plan.warmup(), plan.reps())));
            case "kmeans_prototypes" -> {
                JavaWorkloads.KMeansRun run = measured(java, false, attempts(name), () -> JavaWorkloads.kmeansPrototypes(device, plan.warmup(), plan.reps()));
                JsonObject ref = timedRow(name, plan, run.stats());
                report.note(String.format(Locale.ROOT, "kmeans_prototypes: Lloyd iterations Java %s, scikit-learn %s; inertia"
                                + " (on the normalised latent) Java %s, scikit-learn %s",
                        run.nIter() < 0 ? "n/a (no warm-up fit in --quick)" : Integer.toString(run.nIter()),
                        ref != null && ref.has("n_iter") ? ref.get("n_iter").getAsString() : "n/a",
                        Double.isNaN(run.inertia()) ? "n/a" : String.format(Locale.ROOT, "%.1f", run.inertia()),
                        ref != null && ref.has("inertia") ? String.format(Locale.ROOT, "%.1f", ref.get("inertia").getAsDouble()) : "n/a"));
            }
            case "training_memory" -> trainingRows(plan);
            case "stable_pretraining_swav_step" -> timedRow(name, plan,
                    measured(java, false, attempts(name), () -> StablePretrainingWorkloads.swavStep(device, plan.warmup(), plan.reps())));
            case "yaware_step" -> timedRow(name, plan, measured(java, false, attempts(name), () -> YAwareWorkloads.yawareStep(device, plan.warmup(), plan.reps())));
            case "inc_digits" -> IncWorkloads.digitsRow(report, device, options.quick());
            case "inc_step" -> timedRow(name, plan, measured(java, false, attempts(name), () -> IncWorkloads.incStep(device, 256, 10, 128, plan.warmup(), plan.reps())));
            case "lightly_swav_step" -> timedRow(name, plan, measured(java, false, attempts(name), () -> LightlyWorkloads.swavStep(device, plan.warmup(), plan.reps())));
            default -> throw new IllegalArgumentException("unknown benchmark " + name);
        }
    }

    /** Runs the reference of {@code name} with the same plan, adds the row; returns the reference JSON (null if not run). */
    private JsonObject timedRow(String name, Plan plan, Stats java) {
        JsonObject ref = null;
        String error = null;
        if (reference != null) {
            try {
                ref = measured(name + " (reference)", true, attempts(name), () -> reference.run(name, plan.reps(), plan.warmup()));
            } catch (Exception e) {
                error = e.getMessage();
            }
        }
        if (error != null) {
            failed = true;
            System.err.println("sslheads bench: reference " + name + " failed: " + error);
            report.add(new Report.Row(name, Report.timing(java), "error", "-", "-", "<= 1.0", "ERROR", background()));
        } else {
            report.add(Report.timed(name, java, ref == null ? null : ReferenceRunner.stats(ref), background()));
        }
        return ref;
    }

    private void trainingRows(Plan plan) throws Exception {
        TrainingMemory.Result java = measured("training_memory (Java)", false, attempts("training_memory"), () -> TrainingMemory.runIsolated(plan.reps(), plan.warmup()));
        JsonObject ref = null;
        if (reference != null) {
            try {
                ref = measured("training_memory (reference)", true, options.quick() ? 1 : 2, () -> reference.run("training", plan.reps(), plan.warmup()));
            } catch (Exception e) {
                failed = true;
                System.err.println("sslheads bench: reference training failed: " + e.getMessage());
            }
        }
        double mib = 1024.0 * 1024.0;
        double growth = java.growthPercent();
        String refGrowth = ref == null ? "not run" : String.format(Locale.ROOT, "%+.1f%% (%.0f -> %.0f MiB)",
                ref.get("rss_growth_pct").getAsDouble(), ref.get("rss_warm_mb").getAsDouble(), ref.get("rss_end_mb").getAsDouble());
        report.add(new Report.Row("training_memory: RSS growth", String.format(Locale.ROOT, "%+.1f%% (%.0f -> %.0f MiB)", growth,
                java.rssWarm() / mib, java.rssEnd() / mib), refGrowth, "-", "-", "< 5%", growth < 5.0 ? "PASS" : "ABOVE", background()));
        String javaText = Report.seconds(java.secondsPerStep()) + String.format(Locale.ROOT, " (%.0f/s)", 1 / java.secondsPerStep());
        if (ref == null) {
            report.add(new Report.Row("training_memory: time/step", javaText, "not run", "-", "-", "<= 1.0", "-", background()));
        } else {
            double refStep = ref.get("s_per_step").getAsDouble();
            double ratio = java.secondsPerStep() / refStep;
            report.add(new Report.Row("training_memory: time/step", javaText,
                    Report.seconds(refStep) + String.format(Locale.ROOT, " (%.0f/s)", 1 / refStep),
                    String.format(Locale.ROOT, "%.2f", ratio), "-", "<= 1.0", ratio <= 1.0 ? "PASS" : "ABOVE", background()));
        }
        StringBuilder series = new StringBuilder();
        List<Long> samples = java.rssSamples();
        int every = Math.max(1, samples.size() / 10);
        for (int i = every - 1; i < samples.size(); i += every) {
            series.append(series.isEmpty() ? "" : ", ").append((i + 1) * TrainingMemory.STEPS_PER_EPOCH).append(": ")
                    .append(String.format(Locale.ROOT, "%.0f", samples.get(i) / mib));
        }
        if (java.stoppedAtLimit()) {
            report.note(String.format(Locale.ROOT, "training_memory: STOPPED EARLY after %d of %d steps: VmRSS passed the"
                    + " safety limit of %.0f MiB (a third of the RAM, at most 8 GiB); the growth above is up to that point",
                    java.steps(), plan.reps(), java.rssLimit() / mib));
        }
        report.note(String.format(Locale.ROOT, "training_memory: %d steps (%d warm-up) in %.1f s, in a child JVM with the"
                + " launcher's flags plus %s (the heap is resident from the start, so VmRSS growth is native memory); Java heap in"
                + " use after a full GC: %.1f MiB after the warm-up, %.1f MiB at the end; time/step is the wall clock after the"
                + " warm-up divided by the steps (whole epochs, batch planning included); VmRSS MiB by step: %s",
                java.steps(), java.warmupSteps(), java.totalSeconds(), String.join(" ", TrainingMemory.HEAP_FLAGS),
                java.heapWarm() / mib, java.heapEnd() / mib, series));
    }
}
