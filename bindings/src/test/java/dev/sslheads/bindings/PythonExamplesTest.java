package dev.sslheads.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code scripts/examples/*.py} under GraalPy with its default arguments: each example
 * checks its own results and exits non-zero (an uncaught error) when one fails.
 */
class PythonExamplesTest {
    @TestFactory
    Stream<DynamicTest> everyPythonExample() throws IOException {
        Path dir = GuestRun.repository().resolve("scripts/examples");
        List<Path> scripts;
        try (Stream<Path> list = Files.list(dir)) {
            scripts = list.filter(p -> p.getFileName().toString().endsWith(".py")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no Python examples found in " + dir);
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            GuestRun run = GuestRun.of("python", script);
            assertEquals(0, run.exitStatus(), script.getFileName() + " failed:\n" + run.stderr());
        }));
    }
}
