package dev.sslheads.bindings;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * Builds polyglot contexts (GraalPy and GraalJS together) on the {@link GraalEngine shared engine}.
 *
 * <p>What guests may do is granted on purpose, for trusted user scripts (the same trust as a
 * JBang script): public members of Java objects and classes, Java arrays, lists, maps and
 * buffers as guest values; {@code java.type(...)} lookup of any class the script asks for; file
 * IO (reading data, importing the guest packages); and values shared between Python and JS
 * through the polyglot bindings. Not granted: native access, process creation, new threads, and
 * the {@link Runtime} class (exit, exec).
 */
public final class GuestContexts {
    /** Host access for guests: public Java API, collections and buffers, nothing of {@link Runtime}. */
    public static final HostAccess HOST_ACCESS = HostAccess.newBuilder()
            .allowPublicAccess(true)
            .allowAllImplementations(true)
            .allowAllClassImplementations(false)
            .allowArrayAccess(true)
            .allowListAccess(true)
            .allowMapAccess(true)
            .allowIterableAccess(true)
            .allowIteratorAccess(true)
            .allowBufferAccess(true)
            .allowAccessInheritance(true)
            .denyAccess(Runtime.class)
            .build();

    private GuestContexts() {}

    /**
     * A context where Python can {@code import novae} and {@code import sslheads}, and JS can load
     * the {@code sslheads} module.
     *
     * @param argv the script's command line ({@code sys.argv} in Python: script path first)
     */
    public static Context.Builder builder(String... argv) {
        return Context.newBuilder(GraalEngine.PYTHON, GraalEngine.JS)
                .engine(GraalEngine.get())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(className -> true)
                .allowIO(IOAccess.ALL)
                .allowPolyglotAccess(PolyglotAccess.ALL)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .option("python.PythonPath", GuestPackages.python().toString())
                .option("js.esm-eval-returns-exports", "true")
                .arguments(GraalEngine.PYTHON, argv);
    }

    /** {@link #builder} built. */
    public static Context create(String... argv) {
        return builder(argv).build();
    }
}
