package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * A kernel started in its own JVM on a fresh connection file (loopback, random ports, a random
 * key), as Jupyter starts it; its output goes to {@code kernel.log} in the temp directory.
 */
final class KernelProcess implements AutoCloseable {
    final ConnectionFile connection;
    final Path log;
    private final Process process;

    KernelProcess(Path dir) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        JsonObject json = new JsonObject();
        json.addProperty("transport", "tcp");
        json.addProperty("ip", "127.0.0.1");
        String[] names = {"shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"};
        for (String name : names) {
            try (ServerSocket probe = new ServerSocket(0)) {
                json.addProperty(name, probe.getLocalPort());
            }
        }
        json.addProperty("signature_scheme", "hmac-sha256");
        json.addProperty("key", HexFormat.of().formatHex(key));
        Path file = dir.resolve("connection.json");
        Files.writeString(file, json.toString());
        connection = ConnectionFile.read(file);
        log = dir.resolve("kernel.log");
        List<String> command = new ArrayList<>(KernelCommand.forTests());
        command.add(file.toString());
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size of the kernel process, in kB (Linux /proc). */
    long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("no VmRSS for process " + process.pid());
    }

    /** Output of {@code jcmd <kernel> command} (the JDK's diagnostic commands). */
    String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    /** Waits until the kernel's JIT has no compilation running, twice in a row 0.5 s apart. */
    void awaitNoCompilation(java.time.Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int idle = 0;
        while (idle < 2 && System.nanoTime() < deadline) {
            String queue = jcmd("Compiler.queue");
            int current = queue.indexOf("Current compiles:");
            int c1 = queue.indexOf("C1 compile queue:");
            boolean compiling = current >= 0 && c1 > current && !queue.substring(current + "Current compiles:".length(), c1).isBlank();
            idle = compiling ? 0 : idle + 1;
            Thread.sleep(500);
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the kernel to exit by itself (after a shutdown request), else kills it. */
    @Override
    public void close() throws InterruptedException {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
