package dev.sslheads.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the guest packages live: {@code python/} (the {@code novae} and {@code sslheads} packages)
 * and {@code js/} (the {@code sslheads} ES module).
 *
 * <p>The launcher points the system property {@value #PROPERTY} at {@code bindings/} in the
 * repository, so edits take effect at once. Otherwise (a jar on a classpath, e.g. under JBang)
 * the copies packaged in the jar are used: directly from {@code target/classes}, or extracted
 * once into the cache directory under a name derived from their content.
 */
public final class GuestPackages {
    /** System property naming the directory that holds {@code python/} and {@code js/}. */
    public static final String PROPERTY = "sslheads.guest.dir";
    private static final String RESOURCE_ROOT = "dev/sslheads/bindings/guest";
    private static Path root;

    private GuestPackages() {}

    /** The directory to put on GraalPy's path. */
    public static Path python() {
        return root().resolve("python");
    }

    /** The directory holding {@code sslheads.mjs}. */
    public static Path js() {
        return root().resolve("js");
    }

    private static synchronized Path root() {
        if (root == null) {
            String explicit = System.getProperty(PROPERTY);
            root = explicit != null && !explicit.isBlank() ? Path.of(explicit).toAbsolutePath() : packaged();
        }
        return root;
    }

    private static Path packaged() {
        URL url = GuestPackages.class.getClassLoader().getResource(RESOURCE_ROOT);
        if (url == null) {
            throw new IllegalStateException("the guest packages are missing: neither -D" + PROPERTY
                    + " nor the resource " + RESOURCE_ROOT + " in the sslheads-bindings jar");
        }
        try {
            URI uri = url.toURI();
            if ("file".equals(uri.getScheme())) {
                return Path.of(uri);
            }
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return extract(jar.getPath(RESOURCE_ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the guest packages from " + url, e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the packaged tree into {@code <cache>/guest-<content hash>} unless it is already there. */
    private static Path extract(Path source) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        MessageDigest digest = sha256();
        for (Path file : files) {
            digest.update(source.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(Files.readAllBytes(file));
        }
        Path target = CacheDirectory.resolve("guest-" + HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        Path complete = target.resolve(".complete");
        if (Files.exists(complete)) {
            return target;
        }
        for (Path file : files) {
            Path destination = target.resolve(source.relativize(file).toString());
            Files.createDirectories(destination.getParent());
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(complete, "");
        return target;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
