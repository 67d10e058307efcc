package dev.sslheads.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The JVM command line that starts the kernel from this test JVM's classpath (no JIT, offline DJL, the kernel's own options). */
final class KernelCommand {
    private KernelCommand() {}

    static List<String> forTests() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xss16m",
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=2", "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dorg.slf4j.simpleLogger.log.ai.djl=warn", "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error",
                "-Dsslheads.jit=off", "@" + repository().resolve("bindings/kernel.jvm-options"),
                "-cp", System.getProperty("java.class.path"), KernelMain.class.getName()));
        return command;
    }

    /** The repository root (tests run in the bindings module). */
    static Path repository() {
        return Path.of("").toAbsolutePath().getParent();
    }
}
