package dev.sslheads.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the reference side, {@code /usr/bin/python3 scripts/reference/bench_reference.py NAME
 * --threads T --reps N}, with OMP/OPENBLAS/MKL_NUM_THREADS=T, and reads the one JSON line it prints.
 * Its stderr goes to ours.
 */
final class ReferenceRunner {
    static final String PYTHON = "/usr/bin/python3";

    private final Path root;
    private final int threads;

    ReferenceRunner(Path root, int threads) {
        this.root = root;
        this.threads = threads;
    }

    Path script() {
        return root.resolve("scripts/reference/bench_reference.py");
    }

    /** The python side's versions ({@code --info}). */
    JsonObject info() throws IOException, InterruptedException {
        return run(List.of("--info"));
    }

    /** Runs benchmark {@code name} with {@code reps} timed repetitions (and {@code warmup} untimed ones when >= 0). */
    JsonObject run(String name, int reps, int warmup) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(name, "--threads", Integer.toString(threads), "--reps", Integer.toString(reps)));
        if (warmup >= 0) {
            args.add("--warmup");
            args.add(Integer.toString(warmup));
        }
        return run(args);
    }

    private JsonObject run(List<String> args) throws IOException, InterruptedException {
        if (!Files.isRegularFile(script())) {
            throw new IOException("reference script not found: " + script());
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Map<String, String> env = builder.environment();
        for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            env.put(variable, Integer.toString(threads));
        }
        Process process = builder.start();
        String out;
        try (InputStream stdout = process.getInputStream()) {
            out = new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
        }
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IOException(String.join(" ", command) + " exited with status " + rc);
        }
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1].strip();
        if (!last.startsWith("{")) {
            throw new IOException(String.join(" ", command) + " printed no JSON line: " + out);
        }
        return JsonParser.parseString(last).getAsJsonObject();
    }

    /** Median and minimum of a reference result. */
    static Stats stats(JsonObject result) {
        return new Stats(result.get("median_s").getAsDouble(), result.get("min_s").getAsDouble(), result.get("reps").getAsInt());
    }
}
