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
 * Runs every {@code bindings/src/test/python/test_*.py} under GraalPy: each file is a
 * {@code unittest} module run by {@code run_unittest.py}, which exits non-zero when a test fails.
 */
class PythonSuiteTest {
    @TestFactory
    Stream<DynamicTest> pythonTests() throws IOException {
        Path dir = Path.of("src/test/python").toAbsolutePath();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().matches("test_.*\\.py")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no Python tests found in " + dir);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            GuestRun run = GuestRun.of("python", dir.resolve("run_unittest.py"), file.toString());
            assertEquals(0, run.exitStatus(), file.getFileName() + " failed:\n" + run.stderr());
        }));
    }
}
