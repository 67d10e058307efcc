package dev.sslheads.bindings.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sslheads.bindings.Autograd;
import dev.sslheads.bindings.GraalEngine;
import dev.sslheads.bindings.GuestContexts;
import dev.sslheads.bindings.HostAugmentation;
import dev.sslheads.bindings.HostModule;
import dev.sslheads.bindings.HostOptimizer;
import dev.sslheads.bindings.HostSwavHead;
import dev.sslheads.bindings.HostTensor;
import dev.sslheads.bindings.Tensors;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.swav.Mode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.graalvm.polyglot.Context;

/**
 * {@code scripts/sslheads bench bindings}: what the GraalPy bindings cost next to Java and CPython.
 *
 * <p>Per JIT variant (on, off, on with one compiler thread) it launches
 * {@code scripts/sslheads --jit X python scripts/bench/bindings_bench.py} (call overhead measured
 * in-process against {@link #javaCallNs}, the 100,000 x 64 buffer transfer, the example's training
 * loop), a start-up child ({@code bench bindings --startup-child}: JVM launch to {@code import
 * novae} with a breakdown) and the GraalPy example itself (wall time). Then the same training loop
 * in Java (the host classes the Python packages call, DJL underneath) in this JVM, and in CPython
 * with Debian's torch ({@code scripts/reference/bench_training_loop.py}). Prints a markdown table
 * and writes it to BENCHMARKS.md under "## Bindings (GraalPy/GraalJS)".
 *
 * <p>Options: {@code --variants on,off,on-ct1}, {@code --no-write}, {@code --startup-child}.
 */
public final class BindingsBench {
    static final String HEADING = "## Bindings (GraalPy/GraalJS)";
    static final String[] SLIDES = {"slide-0", "slide-1", "slide-2"};
    static final int WARM_EPOCHS = 5;
    static final int EPOCHS = 30;

    private BindingsBench() {}

    // ---------------------------------------------------------------- called from bindings_bench.py

    /** PyTorch intra-op threads of this JVM (the launcher's --threads). */
    public static int threads() {
        return Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
    }

    public static boolean hasJit() {
        return GraalEngine.hasJit(GraalEngine.get());
    }

    /** Nanoseconds per call of the Java call behind a guest case, {@code reps} reps of {@code n} calls after warm-up. */
    public static double[] javaCallNs(String which, HostSwavHead head, HostTensor z, int n, int reps, double warmupS) {
        Runnable loop = switch (which) {
            case "numPrototypes" -> () -> {
                long sink = 0;
                for (int i = 0; i < n; i++) {
                    sink += head.numPrototypes();
                }
                if (sink == 42) {
                    System.out.print("");
                }
            };
            case "projection" -> () -> {
                for (int i = 0; i < n; i++) {
                    head.projection(z);
                }
            };
            default -> throw new IllegalArgumentException("unknown case " + which);
        };
        long deadline = System.nanoTime() + (long) (Math.min(warmupS, 2.0) * 1e9);
        while (System.nanoTime() < deadline) {
            loop.run();
        }
        double[] out = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t = System.nanoTime();
            loop.run();
            out[r] = (System.nanoTime() - t) / (double) n;
        }
        return out;
    }

    /** Median ms of the Java floor of a buffer transfer: a fresh (rows, cols) tensor filled from a Java byte[] through its direct view. */
    public static double javaTransferMs(int rows, int cols, int reps) {
        byte[] bytes = new byte[rows * cols * 4];
        double[] ms = new double[reps];
        for (int r = -2; r < reps; r++) {
            long t = System.nanoTime();
            try (NDArray a = Tensors.manager().create(new Shape(rows, cols), DataType.FLOAT32)) {
                a.toByteBuffer(true).put(bytes);
                if (r >= 0) {
                    ms[r] = (System.nanoTime() - t) / 1e6;
                }
            }
        }
        return median(ms);
    }

    // ---------------------------------------------------------------- Java training loop

    /** scripts/examples/novae_head.py's training loop through the same host classes, from Java. */
    static JsonObject javaTrainingLoop(int warmEpochs, int epochs) throws IOException {
        long tStart = System.nanoTime();
        List<float[]> rows = digits();
        float[] flat = new float[rows.size() * 64];
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < 64; j++) {
                flat[i * 64 + j] = rows.get(i)[j] / 16f;
            }
        }
        boolean previous = Autograd.setEnabled(true);
        HostTensor x = HostTensor.own(OwnedArrays.of(Tensors.manager(), flat, new Shape(rows.size(), 64)));
        Tensors.manualSeed(0);
        HostSwavHead head = HostSwavHead.create(new Mode(), 32, 32, 0.1, 0);
        head.initQueue(List.of(SLIDES));
        head.setMinPrototypes(0.3);
        HostModule encoder = HostModule.mlp(64, 128, 32);
        HostAugmentation augment = new HostAugmentation(0.2, 0.1);
        List<HostTensor> params = new ArrayList<>(encoder.parameters());
        params.add(head.prototypesParameter());
        HostOptimizer optimizer = HostOptimizer.adam(params, 1e-3, 0.9, 0.999, 1e-8, 0);
        Random rng = new Random(0);
        Map<String, List<Integer>> bySlide = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            bySlide.computeIfAbsent(SLIDES[i % SLIDES.length], k -> new ArrayList<>()).add(i);
        }
        double[] epochS = new double[warmEpochs + epochs];
        int steps = 0;
        double firstLoss = Double.NaN;
        double lastLoss = Double.NaN;
        long tSetup = System.nanoTime();
        for (int epoch = 0; epoch < warmEpochs + epochs; epoch++) {
            long tEpoch = System.nanoTime();
            head.setPrototypesFrozen(epoch < 1);
            List<Map.Entry<String, long[]>> batches = new ArrayList<>();
            for (var e : bySlide.entrySet()) {
                List<Integer> ids = new ArrayList<>(e.getValue());
                Collections.shuffle(ids, rng);
                for (int b = 0; b + 128 <= ids.size(); b += 128) {
                    batches.add(Map.entry(e.getKey(), ids.subList(b, b + 128).stream().mapToLong(Integer::longValue).toArray()));
                }
            }
            Collections.shuffle(batches, rng);
            boolean[] active = new boolean[params.size()];
            Arrays.fill(active, true);
            active[active.length - 1] = !head.prototypesFrozen();
            double sum = 0;
            for (var batchIds : batches) {
                HostTensor batch = x.get(HostTensor.own(OwnedArrays.of(Tensors.manager(), batchIds.getValue())));
                HostTensor[] out = head.forward(encoder.forward(augment.apply(batch)), encoder.forward(augment.apply(batch)),
                        batchIds.getKey());
                out[0].backward();
                optimizer.step(active);
                optimizer.zeroGrad();
                sum += out[0].item();
                out[1].item();
            }
            steps = batches.size();
            epochS[epoch] = (System.nanoTime() - tEpoch) / 1e9;
            lastLoss = sum / steps;
            if (epoch == 0) {
                firstLoss = lastLoss;
            }
        }
        head.close();
        encoder.close();
        Autograd.setEnabled(previous);
        double[] timed = Arrays.copyOfRange(epochS, warmEpochs, epochS.length);
        JsonObject o = new JsonObject();
        o.addProperty("steps_per_s", steps * timed.length / Arrays.stream(timed).sum());
        o.addProperty("steps_per_epoch", steps);
        o.addProperty("setup_s", (tSetup - tStart) / 1e9);
        o.addProperty("first_epoch_s", epochS[0]);
        o.addProperty("first_loss", firstLoss);
        o.addProperty("last_loss", lastLoss);
        return o;
    }

    static List<float[]> digits() throws IOException {
        List<float[]> rows = new ArrayList<>();
        try (InputStream in = BindingsBench.class.getResourceAsStream("/dev/sslheads/data/digits.csv.gz");
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                float[] row = new float[64];
                for (int j = 0; j < 64; j++) {
                    row[j] = Float.parseFloat(cells[j]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    // ---------------------------------------------------------------- start-up child

    /** JVM launch to {@code import novae}, in steps; prints one JSON line. */
    static void startupChild() {
        long mainNs = System.nanoTime();
        var mx = ManagementFactory.getRuntimeMXBean();
        long uptimeMain = mx.getUptime();
        var procStart = ProcessHandle.current().info().startInstant();
        JsonObject o = new JsonObject();
        o.addProperty("launcher_to_jvm_ms", procStart.isPresent() ? mx.getStartTime() - procStart.get().toEpochMilli() : -1);
        o.addProperty("jvm_to_main_ms", uptimeMain);
        long t = System.nanoTime();
        GraalEngine.get();
        o.addProperty("engine_ms", (System.nanoTime() - t) / 1e6);
        t = System.nanoTime();
        try (Context context = GuestContexts.create("startup")) {
            o.addProperty("context_ms", (System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            context.eval(GraalEngine.PYTHON, "1 + 1");
            o.addProperty("first_eval_ms", (System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            context.eval(GraalEngine.PYTHON, "import sslheads");
            o.addProperty("import_sslheads_ms", (System.nanoTime() - t) / 1e6);
            t = System.nanoTime();
            context.eval(GraalEngine.PYTHON, "import novae\nfrom novae.module import SwavHead");
            o.addProperty("import_novae_ms", (System.nanoTime() - t) / 1e6);
            o.addProperty("jvm_to_novae_ms", uptimeMain + (System.nanoTime() - mainNs) / 1e6);
        }
        System.out.println("BENCH_JSON " + o);
    }

    // ---------------------------------------------------------------- orchestration

    record Variant(String name, String jit, String javaToolOptions, String label) {}

    static final Map<String, Variant> VARIANTS = Map.of(
            "on", new Variant("on", "on", null, "JIT on"),
            "off", new Variant("off", "off", null, "JIT off"),
            "on-ct1", new Variant("on-ct1", "on", "-Dpolyglot.engine.CompilerThreads=1", "JIT on, CompilerThreads=1"));

    record Child(String stdout, double wallS, int exit) {}

    static Child run(Path root, List<String> command, String javaToolOptions) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (javaToolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        } else {
            pb.environment().remove("JAVA_TOOL_OPTIONS");
        }
        System.err.println("bench bindings: " + String.join(" ", command) + (javaToolOptions == null ? "" : "  [JAVA_TOOL_OPTIONS=" + javaToolOptions + "]"));
        long t = System.nanoTime();
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        return new Child(out, (System.nanoTime() - t) / 1e9, exit);
    }

    static JsonObject json(Child c, String what) {
        for (String line : c.stdout().split("\n")) {
            String s = line.strip();
            if (s.startsWith("BENCH_JSON ")) {
                return JsonParser.parseString(s.substring("BENCH_JSON ".length())).getAsJsonObject();
            }
            if (s.startsWith("{")) {
                return JsonParser.parseString(s).getAsJsonObject();
            }
        }
        throw new IllegalStateException(what + " printed no JSON line (exit " + c.exit() + "):\n" + c.stdout());
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--startup-child")) {
            startupChild();
            System.exit(0);
        }
        List<String> variants = List.of("on", "off", "on-ct1");
        boolean write = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--no-write" -> write = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--variants on,off,on-ct1 | --no-write)");
            }
        }
        Path root = root();
        String launcher = root.resolve("scripts/sslheads").toString();
        String threads = String.valueOf(threads());
        Map<String, JsonObject> py = new LinkedHashMap<>();
        Map<String, JsonObject> startup = new LinkedHashMap<>();
        Map<String, Double> example = new LinkedHashMap<>();
        for (String name : variants) {
            Variant v = VARIANTS.get(name);
            if (v == null) {
                throw new IllegalArgumentException("unknown variant " + name + "; known: " + VARIANTS.keySet());
            }
            startup.put(name, json(run(root, List.of(launcher, "--threads", threads, "--jit", v.jit(), "bench", "bindings", "--startup-child"),
                    v.javaToolOptions()), "start-up child"));
            py.put(name, json(run(root, List.of(launcher, "--threads", threads, "--jit", v.jit(), "python", "scripts/bench/bindings_bench.py",
                    "--warm-epochs", String.valueOf(WARM_EPOCHS), "--epochs", String.valueOf(EPOCHS)), v.javaToolOptions()), "bindings_bench.py"));
            Child ex = run(root, List.of(launcher, "--threads", threads, "--jit", v.jit(), "python", "scripts/examples/novae_head.py"),
                    v.javaToolOptions());
            if (ex.exit() != 0) {
                throw new IllegalStateException("the GraalPy example failed (exit " + ex.exit() + "):\n" + ex.stdout());
            }
            example.put(name, ex.wallS());
        }
        System.err.println("bench bindings: Java training loop (this JVM)");
        JsonObject java = javaTrainingLoop(WARM_EPOCHS, EPOCHS);
        JsonObject cpython = json(run(root, List.of("/usr/bin/python3", "scripts/reference/bench_training_loop.py", "--threads", threads,
                "--warm-epochs", String.valueOf(WARM_EPOCHS), "--epochs", String.valueOf(EPOCHS)), null), "bench_training_loop.py");

        String section = section(variants, py, startup, example, java, cpython, threads);
        System.out.println(section);
        if (write) {
            writeSection(root.resolve("BENCHMARKS.md"), section);
            System.err.println("bench bindings: wrote the section to " + root.resolve("BENCHMARKS.md"));
        }
        System.exit(0);
    }

    static Path root() {
        String guest = System.getProperty("sslheads.guest.dir");
        return guest != null ? Path.of(guest).toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    }

    // ---------------------------------------------------------------- report

    static String section(List<String> variants, Map<String, JsonObject> py, Map<String, JsonObject> startup, Map<String, Double> example,
                          JsonObject java, JsonObject cpython, String threads) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append(HEADING).append("\n\n");
        s.append("Generated by `scripts/sslheads --threads ").append(threads).append(" bench bindings` (`dev.sslheads.bindings.bench.BindingsBench`; ")
                .append("GraalPy side `scripts/bench/bindings_bench.py`, CPython side `scripts/reference/bench_training_loop.py`).\n\n");
        s.append("- machine: ").append(machine()).append("\n");
        s.append("- date: ").append(Instant.now()).append("\n");
        s.append("- CPython reference: /usr/bin/python3, torch ").append(str(cpython, "torch")).append(", ")
                .append(str(cpython, "threads")).append(" threads; Java/GraalPy: DJL PyTorch ").append(threads).append(" threads\n\n");
        s.append("| measure | target |");
        for (String v : variants) {
            s.append(' ').append(VARIANTS.get(v).label()).append(" |");
        }
        s.append("\n|---|---|").append("---|".repeat(variants.size())).append('\n');
        row(s, "1. `head.num_prototypes` from Python / Java, us", "", variants, v -> callCell(py.get(v), "property"));
        row(s, "1. binding overhead, `head.num_prototypes` (novae wrapper), us", "< 5", variants, v -> us(call(py.get(v), "property", "overhead_ns")));
        row(s, "1. binding overhead, bare host call `head._head.numPrototypes()`, us", "< 5", variants, v -> us(call(py.get(v), "host", "overhead_ns")));
        row(s, "1. `head.projection(z)`, z (4, 32), from Python / Java, us", "", variants, v -> callCell(py.get(v), "projection"));
        row(s, "1. binding overhead, `head.projection(z)`, us", "< 5", variants, v -> us(call(py.get(v), "projection", "overhead_ns")));
        row(s, "2. `from_buffer(array('f'), (100000, 64))`, ms (Java floor)", "< 50", variants,
                v -> fmt(tr(py.get(v), "median_ms"), 1) + " (" + fmt(tr(py.get(v), "java_floor_ms"), 1) + ")");
        row(s, "3. training loop, GraalPy steps/s", "", variants, v -> fmt(trn(py.get(v), "steps_per_s"), 0));
        double javaSps = java.get("steps_per_s").getAsDouble();
        double cpySps = cpython.get("steps_per_s").getAsDouble();
        row(s, "3. training loop, Java steps/s (same host classes, from Java)", "", variants, v -> fmt(javaSps, 0));
        row(s, "3. GraalPy step time / Java step time", "<= 1.2", variants, v -> fmt(javaSps / trn(py.get(v), "steps_per_s"), 2));
        row(s, "3. training loop, CPython + torch steps/s", "", variants, v -> fmt(cpySps, 0));
        row(s, "3. GraalPy step time / CPython step time", "", variants, v -> fmt(cpySps / trn(py.get(v), "steps_per_s"), 2));
        row(s, "3. GraalPy first epoch (12 steps), s", "", variants, v -> fmt(trn(py.get(v), "first_epoch_s"), 2));
        row(s, "4. launcher script to JVM start, s", "", variants, v -> sec(startup.get(v), "launcher_to_jvm_ms"));
        row(s, "4. JVM start to main, s", "", variants, v -> sec(startup.get(v), "jvm_to_main_ms"));
        row(s, "4. polyglot engine, s", "", variants, v -> sec(startup.get(v), "engine_ms"));
        row(s, "4. context creation, s", "", variants, v -> sec(startup.get(v), "context_ms"));
        row(s, "4. first Python eval, s", "", variants, v -> sec(startup.get(v), "first_eval_ms"));
        row(s, "4. `import sslheads` (incl. DJL engine load), s", "", variants, v -> sec(startup.get(v), "import_sslheads_ms"));
        row(s, "4. `import novae`, s", "", variants, v -> sec(startup.get(v), "import_novae_ms"));
        row(s, "4. **JVM launch to `import novae` done**, s", "< 5", variants, v -> "**" + sec(startup.get(v), "jvm_to_novae_ms") + "**");
        row(s, "4. same, through `scripts/sslheads python` (ScriptMain + runpy), s", "< 5", variants,
                v -> sec(py.get(v).getAsJsonObject("startup"), "jvm_to_novae_ms"));
        row(s, "5. `scripts/sslheads python scripts/examples/novae_head.py` wall (20 epochs), s", "", variants, v -> fmt(example.get(v), 1));
        s.append('\n');
        s.append("Notes: call times are medians of ").append(15).append(" reps of ~50 ms of calls after a 4 s warm-up, ")
                .append("Python timed with time.perf_counter_ns in a loop holding only the call, the Java call timed in a Java loop in the same JVM, ")
                .append("a Python rep and a Java rep taken in turn; overhead = the median of the 15 pairs' (Python - Java). The training loop is scripts/examples/novae_head.py's (digits, 3 pseudo-slides, B=128, MLP 64-128-128-32, ")
                .append("NoiseDropout, SwavHead O=32 K=32, Adam, loss.item() per step): steps/s over ").append(EPOCHS).append(" epochs after ")
                .append(WARM_EPOCHS).append(" warm-up epochs. Start-up is measured in a fresh JVM per variant ")
                .append("(`bench bindings --startup-child`); \"launcher\" is the bash launcher's own time before it execs java ")
                .append("(for `bench`, it includes checking the CPython reference). With the JIT off the launcher starts the JVM from its ")
                .append("AOT cache (JDK 25 `-XX:AOTCache`, made by a training run once per build); the JIT-on variants run without one.\n");
        return s.toString();
    }

    interface Cell {
        String of(String variant);
    }

    static void row(StringBuilder s, String name, String target, List<String> variants, Cell cell) {
        s.append("| ").append(name).append(" | ").append(target).append(" |");
        for (String v : variants) {
            String c;
            try {
                c = cell.of(v);
            } catch (RuntimeException e) {
                c = "n/a";
            }
            s.append(' ').append(c).append(" |");
        }
        s.append('\n');
    }

    static double call(JsonObject py, String c, String key) {
        return py.getAsJsonObject("calls").getAsJsonObject(c).get(key).getAsDouble();
    }

    static String callCell(JsonObject py, String c) {
        return us(call(py, c, "python_ns")) + " / " + us(call(py, c, "java_ns"));
    }

    static double tr(JsonObject py, String key) {
        return py.getAsJsonObject("transfer").get(key).getAsDouble();
    }

    static double trn(JsonObject py, String key) {
        return py.getAsJsonObject("training").get(key).getAsDouble();
    }

    static String us(double ns) {
        return fmt(ns / 1000.0, ns < 10_000 ? 2 : 1);
    }

    static String sec(JsonObject o, String keyMs) {
        JsonElement e = o.get(keyMs);
        return e == null || e.isJsonNull() ? "n/a" : fmt(e.getAsDouble() / 1000.0, 2);
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? "?" : e.getAsString();
    }

    static String fmt(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static String machine() throws IOException {
        String cpu = "?";
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                cpu = line.substring(line.indexOf(':') + 1).strip();
                break;
            }
        }
        String mem = "?";
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                mem = fmt(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0, 1) + " GiB";
                break;
            }
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + mem + " RAM, JDK "
                + System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version") + ", GraalVM polyglot "
                + org.graalvm.polyglot.Engine.class.getPackage().getImplementationVersion();
    }

    /** Replaces the section under {@link #HEADING} (to the next "## " heading or the end), or appends it. */
    static void writeSection(Path file, String section) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        int start = text.indexOf(HEADING + "\n");
        String out;
        if (start < 0) {
            out = text + (text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n") + section;
        } else {
            int next = text.indexOf("\n## ", start + HEADING.length());
            out = text.substring(0, start) + section + (next < 0 ? "" : text.substring(next));
        }
        Files.writeString(file, out);
    }
}
