package dev.sslheads.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import org.zeromq.ZMQ;

/**
 * Serves the Jupyter messaging protocol 5.3: the shell thread runs requests in order (execute,
 * complete, inspect, is_complete, history, comm_info, kernel_info, shutdown); the control thread
 * answers kernel_info, interrupt and shutdown while a cell runs. Every request is wrapped in
 * iopub {@code status: busy} / {@code idle}.
 */
final class KernelServer {
    private static final Logger LOG = Logger.getLogger(KernelServer.class.getName());
    /** A cell that is only a (dotted) name and a question mark: show its help in the pager. */
    private static final java.util.regex.Pattern HELP = java.util.regex.Pattern.compile("\\s*[A-Za-z_][\\w.]*\\?\\s*");
    private final KernelChannels channels;
    private final History history = new History();
    /** Built on a thread of its own, so that kernel_info is answered while GraalPy starts. */
    private final CompletableFuture<PolyglotSession> sessionReady;
    private final Iopub iopub;
    private final StreamOutput stdout;
    private final StreamOutput stderr;
    private volatile boolean running = true;
    private int executionCount;

    KernelServer(KernelChannels channels) {
        this.channels = channels;
        iopub = new Iopub(channels);
        stdout = new StreamOutput(text -> iopub.stream("stdout", text));
        stderr = new StreamOutput(text -> iopub.stream("stderr", text));
        sessionReady = CompletableFuture.supplyAsync(() -> new PolyglotSession(stdout, stderr, iopub::displayData, iopub::clearOutput),
                task -> {
                    Thread init = new Thread(task, "polyglot-session-init");
                    init.setDaemon(true);
                    init.start();
                });
    }

    /** Serves until a shutdown request; control runs on a second thread. */
    void run() {
        Thread control = new Thread(() -> serve(channels.control), "jupyter-control");
        control.setDaemon(true);
        control.start();
        serve(channels.shell);
        try {
            control.join(2 * KernelChannels.POLL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sessionReady.isDone() && !sessionReady.isCompletedExceptionally()) {
            session().close();
        }
    }

    /** The polyglot session, waiting for it while it starts. */
    private PolyglotSession session() {
        return sessionReady.join();
    }

    private void serve(ZMQ.Socket socket) {
        while (running) {
            Optional<Message> request = channels.receive(socket);
            if (request.isPresent()) {
                Message message = request.get();
                iopub.status(message, "busy");
                try {
                    handle(socket, message);
                } catch (RuntimeException e) {
                    LOG.severe("failed to handle " + message.type() + ": " + e);
                } finally {
                    iopub.status(message, "idle");
                }
            }
        }
    }

    private void handle(ZMQ.Socket socket, Message request) {
        boolean onControl = socket == channels.control;
        JsonObject content = request.content();
        switch (request.type()) {
            case "kernel_info_request" -> channels.reply(socket, request.reply("kernel_info_reply", KernelInfo.content()));
            case "shutdown_request" -> shutdown(socket, request);
            case "interrupt_request" -> {
                if (iopub.current() != null && !session().interrupt()) {
                    LOG.warning("the running cell did not stop within " + PolyglotSession.INTERRUPT_TIMEOUT.toSeconds()
                            + " s (a long host call?); it stops when it returns to guest code");
                }
                channels.reply(socket, request.reply("interrupt_reply", ok()));
            }
            case "execute_request" -> {
                if (!onControl) {
                    execute(socket, request);
                }
            }
            case "complete_request" -> channels.reply(socket, request.reply("complete_reply", complete(content)));
            case "inspect_request" -> channels.reply(socket, request.reply("inspect_reply", inspect(content)));
            case "is_complete_request" -> {
                String[] status = session().isComplete(string(content, "code"));
                JsonObject reply = new JsonObject();
                reply.addProperty("status", status[0]);
                if (status[0].equals("incomplete")) {
                    reply.addProperty("indent", status[1]);
                }
                channels.reply(socket, request.reply("is_complete_reply", reply));
            }
            case "history_request" -> {
                JsonObject reply = ok();
                reply.add("history", history.query(content));
                channels.reply(socket, request.reply("history_reply", reply));
            }
            case "comm_info_request" -> {
                JsonObject reply = ok();
                reply.add("comms", new JsonObject());
                channels.reply(socket, request.reply("comm_info_reply", reply));
            }
            case "comm_open", "comm_msg", "comm_close" -> { } // no comm targets: nothing to answer
            default -> LOG.warning("unsupported message type " + request.type() + " on " + (onControl ? "control" : "shell"));
        }
    }

    private void execute(ZMQ.Socket socket, Message request) {
        JsonObject content = request.content();
        String code = string(content, "code");
        boolean silent = bool(content, "silent", false);
        boolean storeHistory = bool(content, "store_history", !silent);
        boolean stopOnError = bool(content, "stop_on_error", true);
        if (storeHistory) {
            executionCount++;
        }
        int count = executionCount;
        if (!silent) {
            JsonObject input = new JsonObject();
            input.addProperty("code", code);
            input.addProperty("execution_count", count);
            iopub.publish(request, "execute_input", input);
        }
        String help = HELP.matcher(code).matches() ? session().inspect(code.strip().replace("?", ""), code.strip().length() - 1, 1) : null;
        if (help != null) { // "name?" pages the name's help, as in IPython
            JsonObject page = new JsonObject();
            page.addProperty("source", "page");
            JsonObject data = new JsonObject();
            data.addProperty("text/plain", help);
            page.add("data", data);
            page.addProperty("start", 0);
            JsonArray payload = new JsonArray();
            payload.add(page);
            JsonObject reply = ok();
            reply.add("payload", payload);
            reply.add("user_expressions", new JsonObject());
            reply.addProperty("execution_count", count);
            channels.reply(socket, request.reply("execute_reply", reply));
            return;
        }
        iopub.setCurrent(request);
        CellResult result;
        try {
            result = session().execute(code, "<cell " + count + ">");
        } finally {
            stdout.flush(); // text without a final newline
            stderr.flush();
            iopub.setCurrent(null);
        }
        JsonObject reply = new JsonObject();
        if (result.isError()) {
            JsonObject error = new JsonObject();
            error.addProperty("ename", result.ename());
            error.addProperty("evalue", result.evalue());
            JsonArray tb = new JsonArray();
            result.traceback().forEach(tb::add);
            error.add("traceback", tb);
            iopub.publish(request, "error", error.deepCopy());
            reply = error;
            reply.addProperty("status", "error");
        } else {
            reply.addProperty("status", "ok");
            reply.add("payload", new JsonArray());
            reply.add("user_expressions", new JsonObject());
            if (result.result() != null && !silent) {
                JsonObject executeResult = new JsonObject();
                executeResult.addProperty("execution_count", count);
                executeResult.add("data", result.result());
                executeResult.add("metadata", new JsonObject());
                iopub.publish(request, "execute_result", executeResult);
            }
        }
        reply.addProperty("execution_count", count);
        if (storeHistory) {
            history.add(count, code, result.result() != null && result.result().has("text/plain")
                    ? result.result().get("text/plain").getAsString() : null);
        }
        channels.reply(socket, request.reply("execute_reply", reply));
        if (result.isError() && stopOnError) {
            abortQueued(socket);
        }
    }

    /**
     * After an error with stop_on_error: execute requests already waiting are answered "aborted", not run.
     * The waiting requests are taken first and answered after, so a request a client sends once it has seen an
     * "aborted" reply is never aborted too (answering while still receiving raced with such clients).
     */
    private void abortQueued(ZMQ.Socket socket) {
        List<Message> waiting = new ArrayList<>();
        socket.setReceiveTimeOut(0);
        try {
            for (Optional<Message> next = channels.receive(socket); next.isPresent(); next = channels.receive(socket)) {
                waiting.add(next.get());
            }
        } finally {
            socket.setReceiveTimeOut(KernelChannels.POLL_MS);
        }
        for (Message queued : waiting) {
            iopub.status(queued, "busy");
            try {
                if (queued.type().equals("execute_request")) {
                    JsonObject aborted = new JsonObject();
                    aborted.addProperty("status", "aborted");
                    aborted.addProperty("execution_count", executionCount);
                    channels.reply(socket, queued.reply("execute_reply", aborted));
                } else {
                    handle(socket, queued);
                }
            } finally {
                iopub.status(queued, "idle");
            }
        }
    }

    private JsonObject complete(JsonObject content) {
        String code = string(content, "code");
        int cursor = content.has("cursor_pos") && !content.get("cursor_pos").isJsonNull() ? content.get("cursor_pos").getAsInt() : code.length();
        PolyglotSession.Completion completion = session().complete(code, cursor);
        JsonObject reply = ok();
        JsonArray matches = new JsonArray();
        completion.matches().forEach(matches::add);
        reply.add("matches", matches);
        reply.addProperty("cursor_start", completion.cursorStart());
        reply.addProperty("cursor_end", completion.cursorEnd());
        reply.add("metadata", new JsonObject());
        return reply;
    }

    private JsonObject inspect(JsonObject content) {
        String code = string(content, "code");
        int cursor = content.has("cursor_pos") ? content.get("cursor_pos").getAsInt() : code.length();
        String text = session().inspect(code, cursor, content.has("detail_level") ? content.get("detail_level").getAsInt() : 0);
        JsonObject reply = ok();
        reply.addProperty("found", text != null);
        JsonObject data = new JsonObject();
        if (text != null) {
            data.addProperty("text/plain", text);
        }
        reply.add("data", data);
        reply.add("metadata", new JsonObject());
        return reply;
    }

    private void shutdown(ZMQ.Socket socket, Message request) {
        JsonObject reply = ok();
        reply.addProperty("restart", bool(request.content(), "restart", false));
        channels.reply(socket, request.reply("shutdown_reply", reply));
        iopub.publish(request, "shutdown_reply", reply.deepCopy());
        running = false;
        if (iopub.current() != null) {
            session().interrupt();
        }
    }

    static JsonObject ok() {
        JsonObject content = new JsonObject();
        content.addProperty("status", "ok");
        return content;
    }

    private static String string(JsonObject content, String name) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsString() : "";
    }

    private static boolean bool(JsonObject content, String name, boolean fallback) {
        return content.has(name) && !content.get(name).isJsonNull() ? content.get(name).getAsBoolean() : fallback;
    }
}
