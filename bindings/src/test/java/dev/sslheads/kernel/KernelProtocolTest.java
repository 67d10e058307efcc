package dev.sslheads.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The kernel in its own JVM, driven over real ZeroMQ sockets: forged messages are dropped,
 * interrupt stops a busy loop within 2 s and keeps the state, an error leaves the kernel usable,
 * memory stays flat over 1,000 small executions, and rich outputs (Tablesaw HTML, JFreeChart PNG,
 * display from Python and JS) come through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelProtocolTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private KernelProcess kernel;
    private KernelClient client;

    @BeforeAll
    void start() throws IOException {
        Path dir = Files.createTempDirectory("sslheads-kernel-test");
        kernel = new KernelProcess(dir);
        client = new KernelClient(kernel.connection);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) { // as jupyter_client does: kernel_info until iopub delivers (the SUB socket has joined)
            assertTrue(System.nanoTime() < deadline && kernel.isAlive(), "the kernel did not start:\n" + kernel.log());
            Message info = client.send(client.shell, "kernel_info_request", new JsonObject());
            Message reply = client.reply(client.shell, info, TIMEOUT);
            assertEquals("5.3", reply.content().get("protocol_version").getAsString());
            try {
                client.outputs(info, Duration.ofSeconds(1));
                return;
            } catch (AssertionError notYet) {
                // iopub not connected yet
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        JsonObject content = new JsonObject();
        content.addProperty("restart", false);
        Message shutdown = client.send(client.control, "shutdown_request", content);
        assertEquals("ok", client.reply(client.control, shutdown, TIMEOUT).content().get("status").getAsString());
        client.close();
        kernel.close();
    }

    private JsonObject run(String code, String expectedStatus) {
        Message request = client.execute(code);
        Message reply = client.reply(client.shell, request, TIMEOUT);
        assertEquals(expectedStatus, reply.content().get("status").getAsString(), code + " -> " + reply.content());
        return reply.content();
    }

    private String result(String code) {
        Message request = client.execute(code);
        List<Message> outputs = client.outputs(request, TIMEOUT);
        return outputs.stream().filter(m -> m.type().equals("execute_result")).findFirst()
                .map(m -> m.content().getAsJsonObject("data").get("text/plain").getAsString())
                .orElseThrow(() -> new AssertionError(code + " gave no execute_result: " + outputs));
    }

    private static JsonObject first(List<Message> outputs, String type) {
        return outputs.stream().filter(m -> m.type().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + outputs.stream().map(m -> m.type() + " " + m.content()).toList()))
                .content();
    }

    @Test
    void messagesWithAWrongOrMissingSignatureAreDroppedNotExecuted() throws IOException {
        run("forged = []", "ok");
        for (String signature : List.of("0".repeat(64), "", "not-hex")) {
            JsonObject header = Message.newHeader("execute_request", null);
            JsonObject content = new JsonObject();
            content.addProperty("code", "forged.append(1)");
            content.addProperty("silent", false);
            client.sendRaw(client.shell, signature, header, content);
        }
        assertEquals("0", result("len(forged)"), "a forged execute_request ran");
        assertTrue(kernel.log().contains("HMAC signature"), "the dropped message was logged:\n" + kernel.log());
        String key = new String(kernel.connection.key(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(!kernel.log().contains(key), "the key must never be logged");
    }

    @Test
    void interruptStopsABusyLoopWithinTwoSecondsAndKeepsTheState() throws InterruptedException {
        run("kept = 41", "ok");
        Message loop = client.execute("while True: pass");
        Thread.sleep(1500);
        long start = System.nanoTime();
        Message interrupt = client.send(client.control, "interrupt_request", new JsonObject());
        assertEquals("ok", client.reply(client.control, interrupt, TIMEOUT).content().get("status").getAsString());
        Message reply = client.reply(client.shell, loop, TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals("error", reply.content().get("status").getAsString());
        assertEquals("KeyboardInterrupt", reply.content().get("ename").getAsString());
        assertTrue(seconds < 2.0, "the loop stopped " + seconds + " s after the interrupt");
        assertEquals("42", result("kept + 1"));

        Message jsLoop = client.execute("%%js\nwhile (true) {}");
        Thread.sleep(1000);
        client.reply(client.control, client.send(client.control, "interrupt_request", new JsonObject()), TIMEOUT);
        assertEquals("KeyboardInterrupt", client.reply(client.shell, jsLoop, TIMEOUT).content().get("ename").getAsString());
        assertEquals("42", result("kept + 1"));
    }

    @Test
    void aCellThatRaisesShowsAReadableTracebackAndLeavesTheKernelUsable() {
        run("def inner():\n    return 1 / 0\n", "ok");
        Message request = client.execute("inner()");
        List<Message> outputs = client.outputs(request, TIMEOUT);
        JsonObject error = first(outputs, "error");
        assertEquals("ZeroDivisionError", error.get("ename").getAsString());
        String traceback = String.join("\n", error.getAsJsonArray("traceback").asList().stream().map(e -> e.getAsString()).toList());
        assertTrue(traceback.contains("in inner") && traceback.contains("return 1 / 0") && !traceback.contains("kernel_support"),
                "traceback:\n" + traceback);
        assertEquals("4", result("2 + 2"));
        assertTrue(client.outputs(client.execute("2 + 2;"), TIMEOUT).stream().noneMatch(m -> m.type().equals("execute_result")),
                "a final ';' hides the value");
    }

    @Test
    void anErrorWithStopOnErrorAbortsTheQueuedExecutionsOnly() {
        Message failing = client.execute("import time\ntime.sleep(1)\nraise ValueError('stop here')", true);
        Message queued = client.execute("after_error = True");
        assertEquals("error", client.reply(client.shell, failing, TIMEOUT).content().get("status").getAsString());
        assertEquals("aborted", client.reply(client.shell, queued, TIMEOUT).content().get("status").getAsString());
        assertEquals("False", result("'after_error' in globals()"));
    }

    /**
     * No memory is retained per execution: 1,000 small executions after the first 100 leave the retained
     * memory (resident, less G1's free committed heap) within 10% of its level after those 100, both read on the
     * idle kernel ({@link #retainedKb}).
     */
    @Test
    void residentMemoryStaysWithinTenPercentOverAThousandSmallExecutions() throws IOException, InterruptedException {
        long after100 = 0;
        for (int i = 1; i <= 1100; i++) {
            run("small = " + i + " * 2", "ok");
            if (i == 100) {
                after100 = retainedKb();
            }
        }
        long after1100 = retainedKb();
        System.out.println("kernel retained memory after 100 executions: " + after100 + " kB, after 1,100: " + after1100 + " kB");
        assertTrue(after1100 <= after100 * 1.10, "retained memory (RSS less free committed heap) grew from " + after100 + " kB to "
                + after1100 + " kB over 1,000 executions");
        assertEquals("2200", result("small"));
    }

    @Test
    void outputWithoutAFinalNewlineAndJsConsoleOutputArePublishedAsStreams() {
        Message python = client.execute("import sys\nprint('no newline', end='')\nprint('to stderr', end='', file=sys.stderr)");
        List<Message> outputs = client.outputs(python, TIMEOUT);
        assertEquals(List.of("stdout:no newline", "stderr:to stderr"), outputs.stream().filter(m -> m.type().equals("stream"))
                .map(m -> m.content().get("name").getAsString() + ":" + m.content().get("text").getAsString()).toList());
        Message js = client.execute("%%js\nconsole.log('from js')");
        assertEquals("from js\n", first(client.outputs(js, TIMEOUT), "stream").get("text").getAsString());
    }

    /**
     * The idle kernel's retained memory ({@link #settledKb}): the lowest of three readings, each after a full collection (requested
     * from a cell, not counted among the 1,000), once no JIT compilation is running (a C2
     * compilation of GraalPy's bytecode loop holds tens of MB of arena while it runs), with the
     * freed C heap trimmed and G1's concurrent uncommit of the shrunk heap done (RSS within 2% for
     * 2 s). How much heap G1 keeps committed after a collection varies by tens of MB from one
     * collection to the next; the lowest of three is the kernel's floor, read the same way at both
     * points of the test.
     */
    private long retainedKb() throws IOException, InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int reading = 0; reading < 3; reading++) {
            run("import gc, java\ngc.collect()\njava.type('java.lang.System').gc()", "ok");
            kernel.awaitNoCompilation(Duration.ofSeconds(60));
            lowest = Math.min(lowest, settledKb());
        }
        return lowest;
    }

    /**
     * What the kernel retains once steady (within 2% for 2 s, readings 0.5 s apart, each after a native-heap trim):
     * RSS less the Java heap that G1 keeps committed but unused ({@code GC.heap_info}: committed - used). G1 returns
     * free regions to the OS at its own pace and keeps tens of MB more or less committed from one collection to the
     * next (RSS alone read -2% to +16% for the same 1,000 cells); live objects and native memory are what a leak
     * would grow.
     */
    private long settledKb() throws IOException, InterruptedException {
        java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
        for (int i = 0; i < 60; i++) {
            kernel.jcmd("System.trim_native_heap");
            window.addLast(kernel.residentKb() - freeCommittedHeapKb());
            if (window.size() > 5) {
                window.removeFirst();
            }
            long max = window.stream().mapToLong(Long::longValue).max().orElseThrow();
            long min = window.stream().mapToLong(Long::longValue).min().orElseThrow();
            if (window.size() == 5 && max - min < max / 50) {
                break;
            }
            Thread.sleep(500);
        }
        return window.getLast();
    }

    /** G1's committed but unused heap, from {@code jcmd GC.heap_info} ("... committed 393216K, used 10938K ..."). */
    private long freeCommittedHeapKb() throws IOException, InterruptedException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("committed (\\d+)K, used (\\d+)K").matcher(kernel.jcmd("GC.heap_info"));
        if (!m.find()) {
            throw new IOException("no committed/used heap in jcmd GC.heap_info");
        }
        return Long.parseLong(m.group(1)) - Long.parseLong(m.group(2));
    }

    @Test
    void pythonAndJsShareValuesThroughThePolyglotBindings() {
        run("import polyglot\npolyglot.export_value('from_python', [1, 2, 3])", "ok");
        assertEquals("6", result("%%js\nvar fromPython = Polyglot.import('from_python');\nfromPython[0] + fromPython[1] + fromPython[2]"));
        run("%%js\nPolyglot.export('from_js', {name: 'digits', k: 10})", "ok");
        assertEquals("'digits:10'", result("js = polyglot.import_value('from_js')\nf'{js.name}:{js.k}'"));
    }

    @Test
    void tablesRenderAsHtmlAndChartsAsPng() {
        Message table = client.execute("from sslheads import pandas as pd\npd.DataFrame({'leaf': ['p1', 'p2'], 'domain': ['D1', 'D1']})");
        JsonObject data = first(client.outputs(table, TIMEOUT), "execute_result").getAsJsonObject("data");
        assertTrue(data.get("text/html").getAsString().contains("<th>leaf</th>"), data.toString());
        assertTrue(data.get("text/plain").getAsString().contains("p2"), data.toString());

        Message chart = client.execute(String.join("\n",
                "import java",
                "Charts = java.type('dev.sslheads.kernel.Charts')",
                "display(Charts.line('loss', 'epoch', 'loss', 'train', [3.0, 2.0, 1.5]))",
                "Charts.bar('domains', 'domain', 'cells', ['D1', 'D2'], [10, 4])"));
        List<Message> charts = client.outputs(chart, TIMEOUT);
        assertTrue(first(charts, "execute_result").getAsJsonObject("data").get("image/png").getAsString().startsWith("iVBORw0KGgo"));
        JsonObject png = first(charts, "display_data").getAsJsonObject("data");
        assertTrue(png.get("image/png").getAsString().startsWith("iVBORw0KGgo"), "a PNG, base64");

        Message js = client.execute("%%js\ndisplay({a: 1}); clear_output(true)");
        List<String> types = client.outputs(js, TIMEOUT).stream().map(Message::type).toList();
        assertTrue(types.contains("display_data") && types.contains("clear_output"), types.toString());
    }
}
