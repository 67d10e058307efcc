package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An open HDF5 file. {@link #openRead} tells a missing file, a file that is not HDF5 and an HDF5
 * file the library cannot open (truncated or corrupted) apart, each in its own message. Callers
 * hold {@link Hdf5#lock()} for the file's whole life.
 */
public final class H5File implements AutoCloseable {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private final Path path;
    private final long id;
    private final H5Group root;

    private H5File(Path path, long id) {
        this.path = path;
        this.id = id;
        this.root = new H5Group(this, "/", id, true);
    }

    /**
     * Opens {@code path} read-only.
     *
     * @throws FileNotFoundException if it does not exist
     * @throws Hdf5Exception if it is not an HDF5 file, or the library cannot open it
     */
    public static H5File openRead(Path path) throws IOException {
        Hdf5.checkLocked();
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException(path + " does not exist or is not a regular file");
        }
        if (!hasSignature(path)) {
            throw new Hdf5Exception(path + " is not an HDF5 file (no HDF5 signature at offset 0, 512, 1024, ...);"
                    + " .h5ad files are HDF5 files written by anndata");
        }
        long id = H5Fopen(path.toString(), H5F_ACC_RDONLY, H5P_DEFAULT);
        if (id < 0) {
            throw new Hdf5Exception(path + " has an HDF5 signature but the HDF5 library cannot open it: the file is truncated"
                    + " (shorter than its superblock says) or corrupted");
        }
        return new H5File(path, id);
    }

    /** Creates (or truncates) {@code path}, in the oldest file format the library writes (readable by HDF5 1.8+, h5py 3). */
    public static H5File create(Path path) throws Hdf5Exception {
        Hdf5.checkLocked();
        long id = H5Fcreate(path.toString(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        if (id < 0) {
            throw new Hdf5Exception(path + ": the HDF5 library cannot create this file");
        }
        return new H5File(path, id);
    }

    /** The HDF5 signature at offset 0 or at a power-of-two offset from 512 (a user block), as the format allows. */
    private static boolean hasSignature(Path path) throws IOException {
        long size = Files.size(path);
        try (InputStream in = Files.newInputStream(path)) {
            long offset = 0;
            long position = 0;
            byte[] head = new byte[SIGNATURE.length];
            while (offset + SIGNATURE.length <= size) {
                in.skipNBytes(offset - position);
                if (in.readNBytes(head, 0, head.length) != head.length) {
                    return false;
                }
                position = offset + head.length;
                if (java.util.Arrays.equals(head, SIGNATURE)) {
                    return true;
                }
                offset = offset == 0 ? 512 : offset * 2;
            }
        }
        return false;
    }

    public Path path() {
        return path;
    }

    /** The root group (closed with the file). */
    public H5Group root() {
        return root;
    }

    @Override
    public void close() throws Hdf5Exception {
        if (H5Fclose(id) < 0) {
            throw new Hdf5Exception(path + ": closing the HDF5 file failed (data may not have been written)");
        }
    }
}
