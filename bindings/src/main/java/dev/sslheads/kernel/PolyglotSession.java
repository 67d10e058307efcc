package dev.sslheads.kernel;

import com.google.gson.JsonObject;
import dev.sslheads.bindings.GraalEngine;
import dev.sslheads.bindings.GuestContexts;
import dev.sslheads.bindings.ScriptMain;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The kernel's one polyglot context: Python cells run in GraalPy's {@code __main__} (the toolkit
 * importable, {@code import novae}), {@code %%js} cells in GraalJS's global scope of the same
 * context, so state persists across cells and values pass between the two through the polyglot
 * bindings ({@code polyglot.export_value}/{@code import_value} in Python,
 * {@code Polyglot.export}/{@code import} in JS). Both languages get {@code display(obj)} and
 * {@code clear_output(wait)}.
 *
 * <p>Used from one thread (the shell thread), except {@link #interrupt}, which the control thread
 * calls to stop a running cell; the context stays usable afterwards.
 */
final class PolyglotSession implements AutoCloseable {
    /** How long {@link #interrupt} waits for guest code to stop. */
    static final Duration INTERRUPT_TIMEOUT = Duration.ofSeconds(2);
    private final Context context;
    private final Value python;
    private final Value jsComplete;

    /**
     * @param stdout where both languages' standard output goes
     * @param stderr where their standard error goes
     * @param display receives display_data bundles
     * @param clear receives clear_output requests (the wait flag)
     */
    PolyglotSession(OutputStream stdout, OutputStream stderr, Consumer<JsonObject> display, Consumer<Boolean> clear) {
        context = GuestContexts.builder("").out(stdout).err(stderr).in(InputStream.nullInputStream()).build();
        Value module = context.eval(GraalEngine.PYTHON, "__import__('types').ModuleType('sslheads_kernel')");
        module.putMember("__file__", "<sslheads kernel>");
        Value compiled = context.eval(GraalEngine.PYTHON, "compile").execute(resource("kernel_support.py"), "<sslheads kernel>", "exec");
        context.eval(GraalEngine.PYTHON, "exec").execute(compiled, module.getMember("__dict__"));
        python = module;
        python.getMember("_init").execute(new CellDisplay(v -> render(v, true), display, clear));
        jsComplete = context.eval(Source.create(GraalEngine.JS, resource("kernel_support.js")));
        CellDisplay jsDisplay = new CellDisplay(v -> render(v, false), display, clear);
        Value js = context.getBindings(GraalEngine.JS);
        js.putMember("display", (ProxyExecutable) args -> {
            for (Value arg : args) {
                jsDisplay.display(arg);
            }
            return null;
        });
        js.putMember("clear_output", (ProxyExecutable) args -> {
            jsDisplay.clearOutput(args.length > 0 && args[0].asBoolean());
            return null;
        });
    }

    /** Runs a cell; {@code name} (e.g. {@code <cell 3>}) labels its frames in tracebacks. */
    CellResult execute(String code, String name) {
        Cell cell = Cell.parse(code);
        try {
            if (cell.isJs()) {
                Value value = context.eval(Source.newBuilder(GraalEngine.JS, cell.code(), name).buildLiteral());
                return CellResult.ok(value.isNull() ? null : render(value, false));
            }
            Value r = python.getMember("run_cell").execute(cell.code(), name);
            if (r.getArrayElement(0).asString().equals("error")) {
                List<String> tb = new ArrayList<>();
                Value lines = r.getArrayElement(3);
                for (long i = 0; i < lines.getArraySize(); i++) {
                    tb.add(lines.getArrayElement(i).asString());
                }
                return CellResult.error(r.getArrayElement(1).asString(), r.getArrayElement(2).asString(), tb);
            }
            return CellResult.ok(r.getArrayElement(2).asBoolean() ? render(r.getArrayElement(1), true) : null);
        } catch (PolyglotException e) {
            return error(e, cell.language());
        }
    }

    /** Stops the running cell, if any; false when guest code did not stop within {@link #INTERRUPT_TIMEOUT}. */
    boolean interrupt() {
        try {
            context.interrupt(INTERRUPT_TIMEOUT);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Completion at {@code cursor}: the matches and where the completed text starts. */
    Completion complete(String code, int cursor) {
        Cell cell = Cell.parse(code);
        int offset = code.length() - cell.code().length();
        int local = Math.max(0, Math.min(cell.code().length(), cursor - offset));
        Value r = cell.isJs() ? jsComplete.execute(cell.code(), local) : python.getMember("complete").execute(cell.code(), local);
        List<String> matches = new ArrayList<>();
        Value m = r.getArrayElement(0);
        for (long i = 0; i < m.getArraySize(); i++) {
            matches.add(m.getArrayElement(i).asString());
        }
        return new Completion(matches, r.getArrayElement(1).asInt() + offset, cursor);
    }

    /** Help text for the Python name at {@code cursor}, or null (also for JS cells). */
    String inspect(String code, int cursor, int detailLevel) {
        Cell cell = Cell.parse(code);
        if (cell.isJs()) {
            return null;
        }
        Value text = python.getMember("inspect").execute(cell.code(), cursor - (code.length() - cell.code().length()), detailLevel);
        return text.isNull() ? null : text.asString();
    }

    /**
     * is_complete's status and indent. JS cells are parsed, not run: a syntax error at the end of
     * the code means incomplete, anywhere else invalid.
     */
    String[] isComplete(String code) {
        Cell cell = Cell.parse(code);
        if (cell.isJs()) {
            try {
                context.parse(Source.newBuilder(GraalEngine.JS, cell.code(), "<is_complete>").buildLiteral());
                return new String[] {"complete", ""};
            } catch (PolyglotException e) {
                if (!e.isSyntaxError()) {
                    return new String[] {"unknown", ""};
                }
                boolean atEnd = e.getSourceLocation() == null || e.getSourceLocation().getCharEndIndex() >= cell.code().stripTrailing().length()
                        || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("eof");
                return new String[] {atEnd ? "incomplete" : "invalid", ""};
            }
        }
        Value r = python.getMember("is_complete").execute(cell.code());
        return new String[] {r.getArrayElement(0).asString(), r.getArrayElement(1).asString()};
    }

    private JsonObject render(Value value, boolean fromPython) {
        if (value.isHostObject()) {
            return MimeBundles.ofHost(value.asHostObject());
        }
        if (fromPython) {
            Value bundle = python.getMember("bundle").execute(value);
            return bundle.isHostObject() ? MimeBundles.ofHost(bundle.asHostObject()) : MimeBundles.ofDict(bundle);
        }
        return MimeBundles.ofText(value);
    }

    private static CellResult error(PolyglotException e, String language) {
        if (e.isInterrupted() || e.isCancelled()) {
            return CellResult.error("KeyboardInterrupt", "the cell was interrupted", List.of("KeyboardInterrupt: the cell was interrupted"));
        }
        String message = e.getMessage() == null ? "" : e.getMessage();
        String ename = e.isHostException() ? e.asHostException().getClass().getSimpleName() : "Error";
        String evalue = message;
        int colon = message.indexOf(": ");
        if (!e.isHostException() && colon > 0 && message.substring(0, colon).matches("[A-Za-z_$][\\w$.]*")) {
            ename = message.substring(0, colon);
            evalue = message.substring(colon + 2);
        }
        return CellResult.error(ename, evalue, ScriptMain.GuestTraceback.format(e, language).lines().toList());
    }

    private static String resource(String name) {
        try (InputStream in = PolyglotSession.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/sslheads/kernel/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        context.close(true);
    }

    /** complete_reply's matches and cursor range. */
    record Completion(List<String> matches, int cursorStart, int cursorEnd) {}
}
