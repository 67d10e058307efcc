package dev.sslheads.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Jupyter project's kernel conformance suite ({@code jupyter_kernel_test} 0.4.5, Debian's
 * python3-jupyter-kernel-test) against the installed kernelspec: {@code src/test/python/kernel/test_sslheads_kernel.py}
 * (execute, stdout/stderr, errors, completion, inspection, is_complete, history, display data,
 * clear output).
 */
class JupyterConformanceTest {
    @Test
    void jupyterKernelTestPasses() throws Exception {
        JupyterEnvironment jupyter = new JupyterEnvironment();
        Path suite = Path.of("src/test/python/kernel").toAbsolutePath();
        Path log = jupyter.dir.resolve("conformance.log");
        int status = jupyter.run(List.of(JupyterEnvironment.PYTHON, "-m", "unittest", "-v", "test_sslheads_kernel"), suite, log, 600);
        String output = Files.readString(log);
        System.out.println(output);
        assertEquals(0, status, "jupyter_kernel_test failed:\n" + output);
        assertTrue(output.contains("OK") && !output.contains("skipped=1"), output);
    }
}
