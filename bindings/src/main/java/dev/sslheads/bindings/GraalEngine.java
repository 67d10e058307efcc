package dev.sslheads.bindings;

import java.nio.file.Path;
import org.graalvm.polyglot.Engine;

/**
 * The one GraalVM {@link Engine} of the process, shared by every context (GraalPy and GraalJS), so
 * that code compiled or cached by one context serves the next.
 *
 * <p>GraalPy unpacks its Python home into the engine's resource cache: it goes under the
 * project's cache directory ({@link CacheDirectory}), not the user's home defaults. When the
 * optimizing JIT is unavailable (the Graal compiler is not on the upgrade module path, or another
 * JDK), the engine's multi-line warning is replaced by one line on stderr.
 */
public final class GraalEngine {
    /** Languages every context of the toolkit may use. */
    public static final String PYTHON = "python";
    public static final String JS = "js";
    /** Set to "off" by the launcher when the user turned the JIT off (no warning then). */
    public static final String JIT_PROPERTY = "sslheads.jit";
    private static final String RESOURCE_CACHE_PROPERTY = "polyglot.engine.userResourceCache";
    private static Engine engine;

    private GraalEngine() {}

    /** The shared engine, built on first use. */
    public static synchronized Engine get() {
        if (engine == null) {
            if (System.getProperty(RESOURCE_CACHE_PROPERTY) == null) {
                Path cache = CacheDirectory.resolve("graalvm");
                System.setProperty(RESOURCE_CACHE_PROPERTY, cache.toString());
            }
            engine = Engine.newBuilder(PYTHON, JS).option("engine.WarnInterpreterOnly", "false").build();
            if (!hasJit(engine) && !"off".equals(System.getProperty(JIT_PROPERTY))) {
                System.err.println("sslheads: GraalVM optimizing JIT not available (" + engine.getImplementationName()
                        + "); guest code runs interpreted. scripts/sslheads enables it with the Graal compiler on JDK 25.");
            }
        }
        return engine;
    }

    /** Whether {@code engine} compiles guest code (false for the interpreter-only fallback runtime). */
    public static boolean hasJit(Engine engine) {
        return !engine.getImplementationName().toLowerCase(java.util.Locale.ROOT).contains("interpreted");
    }
}
