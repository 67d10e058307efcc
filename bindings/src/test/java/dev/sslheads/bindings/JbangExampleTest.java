package dev.sslheads.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code scripts/sslheads jbang scripts/examples/NovaeHead.java} as a user runs it: JBang from
 * Maven Central, the project's artifacts from the local Maven repository, JAVA_HOME the launcher's
 * JDK 25. Skipped only when the JBang jars cannot be resolved (no Maven Central and none cached).
 *
 * <p>The launcher may run {@code mvn -DskipTests install} itself to refresh the local repository;
 * inside a {@code mvn test} run everything is freshly compiled, so that only packages and installs.
 */
class JbangExampleTest {
    private static final long TIMEOUT_MINUTES = 10;

    @Test
    void novaeHeadScriptRunsUnderJbang() throws IOException, InterruptedException {
        Path root = GuestRun.repository();
        Path log = Files.createTempFile("jbang-novae-head", ".log");
        try {
            Process process = new ProcessBuilder(root.resolve("scripts/sslheads").toString(), "--jit", "off", "--threads", "2",
                    "jbang", "scripts/examples/NovaeHead.java", "4")
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("scripts/sslheads jbang did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + read(log));
            }
            String output = read(log);
            if (process.exitValue() != 0 && output.contains("could not get JBang")) {
                abort("the JBang jars (dev.jbang:jbang-cli, scripts/jbang/pom.xml) cannot be resolved here:\n" + output);
            }
            assertEquals(0, process.exitValue(), "scripts/sslheads jbang failed:\n" + output);
            assertTrue(output.contains("step 3 (slide-B)"), "four forward passes over two slides:\n" + output);
            assertTrue(output.contains("unknown slide rejected"), output);
            assertTrue(output.contains("findLevel("), output);
            assertTrue(output.contains("from JS: K=12") && output.contains("bad input -> KeyError"), output);
            assertTrue(output.contains("NovaeHead OK"), output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String read(Path log) throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }
}
