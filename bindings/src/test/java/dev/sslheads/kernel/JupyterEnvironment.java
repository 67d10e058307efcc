package dev.sslheads.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Jupyter with the sslheads kernelspec installed in a temporary directory (the JVM command
 * of {@link KernelCommand#forTests()}), and every Jupyter/IPython directory kept out of $HOME.
 */
final class JupyterEnvironment {
    static final String PYTHON = "/usr/bin/python3";
    static final String JUPYTER = "/usr/bin/jupyter";
    final Path dir;
    final Map<String, String> env = new HashMap<>(System.getenv());

    JupyterEnvironment() throws IOException {
        assertTrue(Files.isExecutable(Path.of(JUPYTER)), "Debian's Jupyter is missing: scripts/sslheads test installs it, or "
                + "apt-get install jupyter-notebook python3-nbconvert jupyter-client python3-ipykernel python3-jupyter-kernel-test");
        dir = Files.createTempDirectory("sslheads-jupyter");
        KernelSpec.write(dir.resolve("data/kernels/" + KernelSpec.NAME), KernelCommand.forTests());
        env.put("JUPYTER_DATA_DIR", dir.resolve("data").toString());
        env.put("JUPYTER_CONFIG_DIR", dir.resolve("config").toString());
        env.put("JUPYTER_RUNTIME_DIR", dir.resolve("runtime").toString());
        env.put("IPYTHONDIR", dir.resolve("ipython").toString());
        env.put("JUPYTER_PLATFORM_DIRS", "1");
        env.remove("PYTHONPATH");
    }

    /** Runs {@code command} in {@code workDir} with this environment; returns its exit status, output in {@code log}. */
    int run(List<String> command, Path workDir, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
