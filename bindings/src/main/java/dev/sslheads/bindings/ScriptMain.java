package dev.sslheads.bindings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;

/**
 * Runs one guest script: {@code python SCRIPT.py [args]} (GraalPy, {@code sys.argv} set) or
 * {@code js SCRIPT.mjs [args]} (GraalJS, an ES module). Exits with the script's exit status, 1
 * after an uncaught guest error (printed as a traceback of guest frames), 2 for a usage error.
 */
public final class ScriptMain {
    /**
     * Runs {@code sys.argv[0]} as {@code __main__} with the script's directory first on
     * {@code sys.path}, and prints an uncaught exception as Python's own traceback (with the
     * script's line numbers) before exiting with status 1.
     */
    private static final String PYTHON_MAIN = String.join("\n",
            "import os, runpy, sys, traceback",
            "sys.path.insert(0, os.path.dirname(os.path.abspath(sys.argv[0])))",
            "try:",
            "    runpy.run_path(sys.argv[0], run_name='__main__')",
            "except SystemExit:",
            "    raise",
            "except BaseException as error:",
            "    tb = error.__traceback__",
            "    while tb is not None and tb.tb_frame.f_code.co_filename != sys.argv[0]:",
            "        tb = tb.tb_next",
            "    traceback.print_exception(type(error), error, tb or error.__traceback__)",
            "    sys.exit(1)",
            "");

    private ScriptMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        if (args.length < 2 || !(args[0].equals("python") || args[0].equals("js"))) {
            err.println("usage: ScriptMain python|js SCRIPT [args...]");
            return 2;
        }
        Path script = Path.of(args[1]);
        if (!Files.isRegularFile(script)) {
            err.println("sslheads: no such script: " + script);
            return 2;
        }
        String[] argv = Arrays.copyOfRange(args, 1, args.length);
        String language = args[0].equals("python") ? GraalEngine.PYTHON : GraalEngine.JS;
        try (Context context = GuestContexts.builder(argv).arguments(GraalEngine.JS, argv).build()) {
            if (language.equals(GraalEngine.PYTHON)) {
                context.eval(Source.create(GraalEngine.PYTHON, PYTHON_MAIN));
            } else {
                context.eval(source(language, script));
            }
            return 0;
        } catch (PolyglotException e) {
            if (e.isExit()) {
                return e.getExitStatus();
            }
            err.print(GuestTraceback.format(e, language));
            return 1;
        } catch (IOException e) {
            err.println("sslheads: cannot read " + script + ": " + e.getMessage());
            return 2;
        }
    }

    static Source source(String language, Path script) throws IOException {
        Source.Builder builder = Source.newBuilder(language, script.toFile());
        if (language.equals(GraalEngine.JS) && script.toString().endsWith(".mjs")) {
            builder.mimeType("application/javascript+module");
        }
        return builder.build();
    }

    /** Formats an uncaught guest error like the guest language would. */
    public static final class GuestTraceback {
        private GuestTraceback() {}

        public static String format(PolyglotException e, String language) {
            List<PolyglotException.StackFrame> frames = new ArrayList<>();
            for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
                if (frame.isGuestFrame() && frame.getSourceLocation() != null) {
                    frames.add(frame);
                }
            }
            StringBuilder out = new StringBuilder();
            if (language.equals(GraalEngine.PYTHON)) {
                out.append("Traceback (most recent call last):\n");
                for (int i = frames.size() - 1; i >= 0; i--) {
                    var location = frames.get(i).getSourceLocation();
                    out.append("  File \"").append(location.getSource().getPath() == null ? location.getSource().getName() : location.getSource().getPath())
                            .append("\", line ").append(location.getStartLine()).append(", in ").append(frames.get(i).getRootName()).append('\n');
                }
                out.append(e.getMessage()).append('\n');
            } else {
                out.append(e.getMessage()).append('\n');
                for (PolyglotException.StackFrame frame : frames) {
                    var location = frame.getSourceLocation();
                    out.append("    at ").append(frame.getRootName().isEmpty() ? "<anonymous>" : frame.getRootName()).append(" (")
                            .append(location.getSource().getName()).append(':').append(location.getStartLine()).append(")\n");
                }
            }
            return out.toString();
        }
    }
}
