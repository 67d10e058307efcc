package dev.sslheads.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import com.google.gson.Gson;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.runtime.Devices;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.train.MlpEncoder;
import dev.sslheads.train.NoiseDropoutAugmentation;
import dev.sslheads.train.SwavTrainer;
import dev.sslheads.train.TrainingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The training-memory benchmark: {@link SwavTrainer} for {@code steps} steps (B=256, K=512, O=64,
 * an MLP encoder F=64 -> 128 -> 128 -> 64 on random inputs, 4 slides of 25 batches each, so 100
 * steps per epoch), with the resident memory (VmRSS) sampled after {@code warmupSteps} steps and at
 * the end. {@link Benchmarks} runs it in a child JVM of its own.
 */
public final class TrainingMemory {
    static final int BATCH = 256;
    static final int FEATURES = 64;
    static final int HIDDEN = 128;
    static final int OUTPUT = 64;
    static final int PROTOTYPES = 512;
    static final int BATCHES_PER_SLIDE = 25;
    static final int STEPS_PER_EPOCH = BATCHES_PER_SLIDE * JavaWorkloads.SLIDES.size();

    /**
     * @param steps steps run
     * @param warmupSteps steps before the first memory sample
     * @param rssWarm VmRSS bytes after the warm-up
     * @param rssEnd VmRSS bytes at the end
     * @param rssSamples VmRSS bytes after every epoch
     * @param heapWarm Java heap bytes in use after a full GC, after the warm-up
     * @param heapEnd Java heap bytes in use after a full GC, at the end
     * @param rssLimit the VmRSS at which the run stops early, to protect the machine
     * @param stoppedAtLimit whether it stopped there (steps then counts the steps done)
     * @param secondsPerStep mean seconds per step after the warm-up (wall clock, whole epochs)
     * @param totalSeconds wall clock of the whole run
     */
    record Result(int steps, int warmupSteps, long rssWarm, long rssEnd, List<Long> rssSamples, long heapWarm, long heapEnd,
            long rssLimit, boolean stoppedAtLimit, double secondsPerStep, double totalSeconds) {
        double growthPercent() {
            return 100.0 * (rssEnd - rssWarm) / rssWarm;
        }
    }

    /**
     * Extra flags of the child JVM: a fixed, pre-touched Java heap, so that it is resident from the
     * start and VmRSS growth shows native (libtorch) memory, not the JVM touching its heap for the
     * first time (which takes about 900 steps at the default sizes). Java-heap growth is measured
     * separately, as the heap in use after a full GC.
     */
    static final List<String> HEAP_FLAGS = List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch");

    /** Thrown from the epoch callback to stop a run whose memory passed {@link #rssLimit()}. */
    private static final class RssLimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RssLimitReached() {
            super(null, null, false, false);
        }
    }

    private TrainingMemory() {}

    /** A third of the machine's memory, at most 8 GiB: a leaking run stops there instead of starving the machine. */
    static long rssLimit() {
        long eight = 8L << 30;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Math.min(eight, Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024 / 3);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return eight;
    }

    /**
     * Runs in a fresh JVM ({@link #runIsolated}), so that the memory the other benchmarks left
     * behind does not inflate the baseline: args {@code steps warmupSteps}; prints one JSON line.
     */
    public static void main(String[] args) {
        Result result = run(Devices.resolve(), Integer.parseInt(args[0]), Integer.parseInt(args[1]));
        System.out.println(new Gson().toJson(result));
    }

    private static long heapInUseAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** {@link #run} in a child JVM with this JVM's binary, flags and class path. */
    static Result runIsolated(int steps, int warmupSteps) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(HEAP_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainingMemory.class.getName(),
                Integer.toString(steps), Integer.toString(warmupSteps)));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        int rc = process.waitFor();
        if (rc != 0 || out.isEmpty()) {
            throw new IOException("the training_memory JVM exited with status " + rc);
        }
        String[] lines = out.split("\n");
        return new Gson().fromJson(lines[lines.length - 1], Result.class);
    }

    static Result run(Device device, int steps, int warmupSteps) {
        if (steps % STEPS_PER_EPOCH != 0 || warmupSteps % STEPS_PER_EPOCH != 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("steps and warmupSteps must be multiples of " + STEPS_PER_EPOCH
                    + " with warmupSteps < steps, got " + steps + " and " + warmupSteps);
        }
        Engine.getInstance().setRandomSeed((int) Inputs.SEED);
        Random random = new Random(Inputs.SEED);
        int rowsPerSlide = BATCHES_PER_SLIDE * BATCH;
        int rows = rowsPerSlide * JavaWorkloads.SLIDES.size();
        List<String> slideOfRow = new ArrayList<>(rows);
        for (String slide : JavaWorkloads.SLIDES) {
            for (int i = 0; i < rowsPerSlide; i++) {
                slideOfRow.add(slide);
            }
        }
        try (SwavHead head = JavaWorkloads.head(device, OUTPUT, PROTOTYPES, random)) {
            head.initQueue(JavaWorkloads.SLIDES);
            head.setMinPrototypes(0.3);
            NDArray features = OwnedArrays.of(head.manager(), Inputs.gaussian(random, rows, FEATURES), new Shape(rows, FEATURES));
            SequentialBlock encoder = MlpEncoder.create(head.manager(), FEATURES, HIDDEN, OUTPUT);
            TrainingConfig config = new TrainingConfig(steps / STEPS_PER_EPOCH, BATCH, 1e-3f, 0, Inputs.SEED);
            SwavTrainer trainer = new SwavTrainer(head, encoder, new NoiseDropoutAugmentation(0.2, 0.1), config);
            List<Long> samples = new ArrayList<>();
            long[] warm = {-1, 0, 0}; // rss, heap in use after GC, nanoTime at the end of the warm-up
            int[] done = {0};
            long limit = rssLimit();
            boolean stopped = false;
            long start = System.nanoTime();
            try {
                trainer.fit(features, slideOfRow, stats -> {
                    done[0] += stats.steps();
                    long rss = MachineInfo.residentBytes();
                    samples.add(rss);
                    if (done[0] == warmupSteps) {
                        warm[0] = rss;
                        warm[1] = heapInUseAfterGc();
                        warm[2] = System.nanoTime();
                    }
                    if (rss > limit) {
                        throw new RssLimitReached();
                    }
                });
            } catch (RssLimitReached e) {
                stopped = true;
            }
            long end = System.nanoTime();
            long rssEnd = MachineInfo.residentBytes();
            if (warm[0] < 0) { // stopped before the end of the warm-up: measure from the first epoch
                warm[0] = samples.get(0);
                warm[2] = start;
            }
            int timedSteps = Math.max(1, done[0] - (done[0] > warmupSteps ? warmupSteps : 0));
            return new Result(done[0], warmupSteps, warm[0], rssEnd, samples, warm[1], heapInUseAfterGc(), limit, stopped,
                    (end - warm[2]) * 1e-9 / timedSteps, (end - start) * 1e-9);
        }
    }
}
