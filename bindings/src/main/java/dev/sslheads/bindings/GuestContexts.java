package dev.sslheads.bindings;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.FileSystem;
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
 *
 * <p><b>Bare ES module specifiers.</b> {@code import ... from "sslheads"} works from a script in
 * any directory. GraalJS 25 has no import maps; its default module loader
 * ({@code DefaultESModuleLoader}) passes a bare specifier (one not starting with {@code /},
 * {@code ./} or {@code ../}) unchanged to the context's {@link FileSystem#parsePath(String)} and
 * loads whatever file that names (with {@code js.esm-bare-specifier-relative-lookup=false}, the
 * default; see oracle/graaljs issues 528 and 596 and GraalJS's {@code docs/user/Modules.md},
 * "Truffle FileSystem"). So the contexts get {@link ModuleFileSystem}: the default file system,
 * except that the names in {@link #jsModules()} parse to the guest package's files. The loader
 * then canonicalises the path, so {@code "sslheads"} and a relative import of the same file share
 * one module instance. The price: a guest that opens the relative path spelled exactly
 * {@code sslheads} (in any language) gets the module file; write {@code ./sslheads} for a file of
 * that name in the working directory.
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
     * the {@code sslheads} module. Starts loading PyTorch's native libraries in the background.
     *
     * @param argv the script's command line ({@code sys.argv} in Python: script path first)
     */
    public static Context.Builder builder(String... argv) {
        NativeLibraries.preload();
        return Context.newBuilder(GraalEngine.PYTHON, GraalEngine.JS)
                .engine(GraalEngine.get())
                .allowHostAccess(HOST_ACCESS)
                .allowHostClassLookup(className -> true)
                .allowIO(IOAccess.newBuilder().fileSystem(new ModuleFileSystem(jsModules())).build())
                .allowPolyglotAccess(PolyglotAccess.ALL)
                .allowNativeAccess(false)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .option("python.PythonPath", GuestPackages.python().toString())
                // bytecode of the guest packages and the standard library, kept between runs (faster imports)
                .option("python.DontWriteBytecodeFlag", "false")
                .option("python.PyCachePrefix", CacheDirectory.resolve("pycache").toString())
                .option("js.esm-eval-returns-exports", "true")
                .arguments(GraalEngine.PYTHON, argv);
    }

    /** {@link #builder} built. */
    public static Context create(String... argv) {
        return builder(argv).build();
    }

    /** The bare ES module specifiers guests can import, and the files they load. */
    public static Map<String, Path> jsModules() {
        return Map.of("sslheads", GuestPackages.js().resolve("sslheads.mjs"));
    }

    /**
     * The default file system with bare module names mapped to files: {@link #parsePath(String)}
     * returns the mapped file for a name in {@code modules} and forwards everything else unchanged.
     */
    static final class ModuleFileSystem implements FileSystem {
        private final FileSystem delegate = FileSystem.newDefaultFileSystem();
        private final Map<String, Path> modules;

        ModuleFileSystem(Map<String, Path> modules) {
            this.modules = Map.copyOf(modules);
        }

        @Override
        public Path parsePath(String path) {
            Path module = modules.get(path);
            return module != null ? module : delegate.parsePath(path);
        }

        @Override
        public Path parsePath(URI uri) {
            return delegate.parsePath(uri);
        }

        @Override
        public void checkAccess(Path path, Set<? extends AccessMode> modes, LinkOption... linkOptions) throws IOException {
            delegate.checkAccess(path, modes, linkOptions);
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            delegate.createDirectory(dir, attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            delegate.delete(path);
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
            return delegate.newByteChannel(path, options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
            return delegate.newDirectoryStream(dir, filter);
        }

        @Override
        public Path toAbsolutePath(Path path) {
            return delegate.toAbsolutePath(path);
        }

        @Override
        public Path toRealPath(Path path, LinkOption... linkOptions) throws IOException {
            return delegate.toRealPath(path, linkOptions);
        }

        @Override
        public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
            return delegate.readAttributes(path, attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
            delegate.setAttribute(path, attribute, value, options);
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            delegate.copy(source, target, options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            delegate.move(source, target, options);
        }

        @Override
        public void createLink(Path link, Path existing) throws IOException {
            delegate.createLink(link, existing);
        }

        @Override
        public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) throws IOException {
            delegate.createSymbolicLink(link, target, attrs);
        }

        @Override
        public Path readSymbolicLink(Path link) throws IOException {
            return delegate.readSymbolicLink(link);
        }

        @Override
        public void setCurrentWorkingDirectory(Path currentWorkingDirectory) {
            delegate.setCurrentWorkingDirectory(currentWorkingDirectory);
        }

        @Override
        public String getSeparator() {
            return delegate.getSeparator();
        }

        @Override
        public String getPathSeparator() {
            return delegate.getPathSeparator();
        }

        @Override
        public String getMimeType(Path path) {
            return delegate.getMimeType(path);
        }

        @Override
        public Charset getEncoding(Path path) {
            return delegate.getEncoding(path);
        }

        @Override
        public Path getTempDirectory() {
            return delegate.getTempDirectory();
        }

        @Override
        public boolean isSameFile(Path path1, Path path2, LinkOption... options) throws IOException {
            return delegate.isSameFile(path1, path2, options);
        }

        @Override
        public long getFileStoreTotalSpace(Path path) throws IOException {
            return delegate.getFileStoreTotalSpace(path);
        }

        @Override
        public long getFileStoreUnallocatedSpace(Path path) throws IOException {
            return delegate.getFileStoreUnallocatedSpace(path);
        }

        @Override
        public long getFileStoreUsableSpace(Path path) throws IOException {
            return delegate.getFileStoreUsableSpace(path);
        }

        @Override
        public long getFileStoreBlockSize(Path path) throws IOException {
            return delegate.getFileStoreBlockSize(path);
        }

        @Override
        public boolean isFileStoreReadOnly(Path path) throws IOException {
            return delegate.isFileStoreReadOnly(path);
        }
    }
}
