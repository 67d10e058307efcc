package dev.sslheads.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reference script of {@code scripts/reference/} with Debian's {@code /usr/bin/python3}
 * (anndata, h5py, scipy, ...), for tests whose reference must run on files the test makes. The
 * test command installs the packages ({@code scripts/reference/ensure_reference_env.sh}).
 */
public final class ReferencePython {
    private ReferencePython() {}

    /** What the script printed (stdout and stderr together) and its exit status. */
    public record Result(int exitCode, String output) {}

    /** Runs {@code scripts/reference/<script> args...} and waits (at most two minutes). */
    public static Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", repositoryRoot().resolve("scripts/reference").resolve(script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(script + " did not finish within two minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** Runs the script and fails with its output unless it exits 0. */
    public static String runOk(String script, String... args) throws IOException, InterruptedException {
        Result result = run(script, args);
        if (result.exitCode() != 0) {
            throw new AssertionError(script + " " + String.join(" ", args) + " exited " + result.exitCode() + ":\n" + result.output());
        }
        return result.output();
    }

    /** The checkout's root: the nearest folder up from the working directory holding {@code scripts/reference}. */
    public static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("scripts/reference"))) {
                return p;
            }
        }
        throw new IllegalStateException("no scripts/reference above " + Path.of("").toAbsolutePath());
    }
}
