package dev.sslheads.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every notebook under {@code notebooks/} is committed without outputs and executes with
 * {@code jupyter nbconvert --to notebook --execute} (Debian's python3-nbconvert has no
 * {@code jupyter-nbconvert} command: {@code python3 -m nbconvert}) against the installed sslheads kernel; each
 * ends with cells that assert its results, so a failed check fails the run.
 */
class NotebooksTest {
    @TestFactory
    Stream<DynamicTest> everyNotebookRunsAndItsChecksPass() throws IOException {
        Path dir = KernelCommand.repository().resolve("notebooks");
        List<Path> notebooks;
        try (Stream<Path> list = Files.list(dir)) {
            notebooks = list.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebooks in " + dir);
        JupyterEnvironment jupyter = new JupyterEnvironment();
        return notebooks.stream().map(notebook -> DynamicTest.dynamicTest(notebook.getFileName().toString(), () -> {
            assertCommittedWithoutOutputs(notebook);
            Path log = jupyter.dir.resolve(notebook.getFileName() + ".log");
            int status = jupyter.run(List.of(JupyterEnvironment.PYTHON, "-m", "nbconvert", "--to", "notebook", "--execute",
                    "--ExecutePreprocessor.kernel_name=" + KernelSpec.NAME, "--ExecutePreprocessor.timeout=600",
                    "--output-dir", jupyter.dir.toString(), notebook.toString()), dir, log, 900);
            assertEquals(0, status, notebook.getFileName() + " failed:\n" + Files.readString(log));
            Path executed = jupyter.dir.resolve(notebook.getFileName());
            String outputs = Files.readString(executed);
            assertTrue(outputs.contains("all checks passed"), "the final checks did not run in " + executed);
            if (notebook.getFileName().toString().equals("novae_tutorial.ipynb")) {
                assertEquals(4, outputs.split("\"image/png\"", -1).length - 1, "the tutorial's 4 plots show inline in " + executed);
            }
        }));
    }

    private static void assertCommittedWithoutOutputs(Path notebook) throws IOException {
        JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        assertEquals(KernelSpec.NAME, json.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
        for (JsonElement cell : json.getAsJsonArray("cells")) {
            JsonObject c = cell.getAsJsonObject();
            if (c.get("cell_type").getAsString().equals("code")) {
                assertTrue(c.getAsJsonArray("outputs").isEmpty() && c.get("execution_count").isJsonNull(),
                        notebook.getFileName() + " must be committed without outputs: " + c.get("source"));
            }
        }
    }
}
