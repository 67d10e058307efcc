package dev.sslheads.bindings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The toolkit's cache root, the same one the launcher uses for DJL:
 * {@code $SSLHEADS_CACHE}, else {@code $XDG_CACHE_HOME/sslheads}, else {@code ~/.cache/sslheads}.
 */
public final class CacheDirectory {
    private CacheDirectory() {}

    /** {@code <cache root>/<child>}, created if missing. */
    public static Path resolve(String child) {
        String explicit = System.getenv("SSLHEADS_CACHE");
        Path root;
        if (explicit != null && !explicit.isBlank()) {
            root = Path.of(explicit);
        } else {
            String xdg = System.getenv("XDG_CACHE_HOME");
            root = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("sslheads");
        }
        Path dir = root.resolve(child);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cache directory " + dir, e);
        }
    }
}
