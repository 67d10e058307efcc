package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.AxisArrays;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.hdf5.Compression;
import dev.sslheads.anndata.hdf5.H5File;
import dev.sslheads.anndata.hdf5.H5Group;
import dev.sslheads.anndata.hdf5.Hdf5;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes an {@link AnnData} as an {@code .h5ad} file in anndata 0.8's layout (encodings on every
 * element, vlen UTF-8 strings, h5py's ENUM bools, empty {@code layers}/{@code obsm}/{@code obsp}/
 * {@code varm}/{@code varp}/{@code uns} groups as anndata writes them), which anndata 0.8 to 0.13
 * read. The file is written under a temporary name in the same folder and renamed over
 * {@code path} at the end, so a failed write leaves the old file (or none) and no half file.
 */
public final class H5adWriter {
    private H5adWriter() {}

    /** Writes without compression (anndata's default). */
    public static void write(AnnData adata, Path path) throws IOException {
        write(adata, path, Compression.NONE);
    }

    /**
     * Writes {@code adata} to {@code path}.
     *
     * @param compression {@link Compression#NONE} or {@code Compression.gzip(level)} for numeric datasets
     * @throws IllegalArgumentException if a field cannot be stored (named), before anything is renamed
     */
    public static void write(AnnData adata, Path path, Compression compression) throws IOException {
        adata.checkConsistent();
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new java.nio.file.NoSuchFileException(parent.toString(), null, "the folder to write " + path.getFileName() + " in does not exist");
        }
        Path temporary = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        boolean done = false;
        ReentrantLock lock = Hdf5.lock();
        try {
            try (H5File file = H5File.create(temporary)) {
                writeAll(adata, file.root(), new ElementWriter(compression));
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            done = true;
        } finally {
            lock.unlock();
            if (!done) {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private static void writeAll(AnnData adata, H5Group root, ElementWriter elements) throws IOException {
        root.writeEncoding(Encoding.ANNDATA.type, Encoding.ANNDATA.version);
        if (adata.X() != null) {
            elements.writeMatrix(root, "X", adata.X());
        }
        elements.frames().write(root, "obs", adata.obsFrame(), "obs");
        elements.frames().write(root, "var", adata.varFrame(), "var");
        for (AxisArrays.Alignment alignment : AxisArrays.Alignment.values()) {
            try (H5Group group = root.createGroup(alignment.field())) {
                FrameWriter.encode(group, Encoding.DICT);
                for (Map.Entry<String, Matrix> entry : adata.arrays(alignment).entrySet()) {
                    elements.writeMatrix(group, entry.getKey(), entry.getValue());
                }
            }
        }
        elements.writeDict(root, "uns", adata.uns(), "uns");
    }
}
