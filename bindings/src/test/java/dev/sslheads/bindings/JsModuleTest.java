package dev.sslheads.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code sslheads} ES module under GraalJS: every {@code scripts/examples/*.mjs} (which check
 * their own results and throw on failure), the bad-input suite {@code src/test/js/test_errors.mjs},
 * and the bare specifier {@code "sslheads"} from a script outside the repository.
 */
class JsModuleTest {
    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        Path dir = GuestRun.repository().resolve("scripts/examples");
        List<Path> scripts;
        try (Stream<Path> list = Files.list(dir)) {
            scripts = list.filter(p -> p.getFileName().toString().endsWith(".mjs")).sorted().toList();
        }
        assertFalse(scripts.isEmpty(), "no JS examples found in " + dir);
        return scripts.stream().map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
            GuestRun run = GuestRun.of("js", script);
            assertEquals(0, run.exitStatus(), script.getFileName() + " failed:\n" + run.stderr());
        }));
    }

    @Test
    void badInputRaisesTheMatchingErrorAndTheContextKeepsWorking() {
        Path script = Path.of("src/test/js/test_errors.mjs").toAbsolutePath();
        GuestRun run = GuestRun.of("js", script);
        assertEquals(0, run.exitStatus(), "test_errors.mjs failed:\n" + run.stderr());
    }

    @Test
    void callsLeaveNoNativeArraysBehind() {
        Path script = Path.of("src/test/js/test_native_memory.mjs").toAbsolutePath();
        GuestRun run = GuestRun.of("js", script);
        assertEquals(0, run.exitStatus(), "test_native_memory.mjs failed:\n" + run.stderr());
    }

    @Test
    void bareSpecifierWorksFromAnyDirectoryAndIsTheSameModuleAsItsFile(@TempDir Path dir) throws IOException {
        Path module = GuestContexts.jsModules().get("sslheads");
        Path script = dir.resolve("elsewhere.mjs");
        Files.writeString(script, """
                import * as bare from "sslheads";
                import * as byFile from "%s";
                import { argv, tensor } from "sslheads";
                if (bare !== byFile) throw new Error("the bare and the file import must be one module instance");
                if (JSON.stringify(argv.slice(1)) !== '["x","y z"]') throw new Error("argv: " + JSON.stringify(argv));
                if (tensor([[1, 2], [3, 4]]).sum().item() !== 10) throw new Error("tensor sum");
                """.formatted(module.toUri()));
        GuestRun run = GuestRun.of("js", script, "x", "y z");
        assertEquals(0, run.exitStatus(), "elsewhere.mjs failed:\n" + run.stderr());
    }

    @Test
    void anUncaughtTranslatedErrorExitsOneWithItsName(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("uncaught.mjs");
        Files.writeString(script, """
                import { Mode, SwavHead, randn } from "sslheads";
                const head = new SwavHead(new Mode(), 4, 3);
                head.initQueue(["a"]);
                head.forward(randn(4, 4), randn(4, 4), "b");
                """);
        GuestRun run = GuestRun.of("js", script);
        assertEquals(1, run.exitStatus(), run.stderr());
        assertTrue(run.stderr().contains("KeyError") && run.stderr().contains("slideId 'b'"), "stderr names the KeyError:\n" + run.stderr());
    }
}
