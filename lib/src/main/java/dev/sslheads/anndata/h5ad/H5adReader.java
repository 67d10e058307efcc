package dev.sslheads.anndata.h5ad;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.anndata.AxisArrays;
import dev.sslheads.anndata.Frame;
import dev.sslheads.anndata.Matrix;
import dev.sslheads.anndata.hdf5.H5File;
import dev.sslheads.anndata.hdf5.H5Group;
import dev.sslheads.anndata.hdf5.Hdf5;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads an {@code .h5ad} file (anndata's on-disk format, any version from 0.7 to 0.13's
 * encodings, compressed or chunked) into an {@link AnnData}: X, obs, var, obsm, varm, obsp,
 * varp, layers and uns. {@code raw} is not read. Values keep their stored dtypes.
 */
public final class H5adReader {
    private H5adReader() {}

    /**
     * Reads {@code path}.
     *
     * @throws java.io.FileNotFoundException if it does not exist
     * @throws dev.sslheads.anndata.hdf5.Hdf5Exception if it is not HDF5, or truncated or corrupted
     * @throws H5adFormatException if it is HDF5 but not AnnData, or a field is malformed (named)
     */
    public static AnnData read(Path path) throws IOException {
        ReentrantLock lock = Hdf5.lock();
        try (H5File file = H5File.openRead(path)) {
            return read(file);
        } finally {
            lock.unlock();
        }
    }

    private static AnnData read(H5File file) throws IOException {
        Path path = file.path();
        H5Group root = file.root();
        ElementReader elements = new ElementReader(path);
        String encoding = ElementReader.encodingOf(root);
        if (!encoding.equals(Encoding.ANNDATA.type) && !(encoding.isEmpty() && (root.has("obs") || root.has("X")))) {
            throw new H5adFormatException(path, "/", "is an HDF5 file but not AnnData: the root has "
                    + (encoding.isEmpty() ? "no encoding-type" : "encoding-type '" + encoding + "'") + " and holds " + root.children());
        }
        Matrix x = root.has("X") ? elements.readMatrix(root, "X", "X") : null;
        if (x != null && x.shape().length != 2) {
            throw new H5adFormatException(path, "X", "must be 2-D (n_obs, n_vars), got " + x.shape().length + " axes");
        }
        Frame obs = readFrame(root, "obs", elements, x == null ? 0 : (int) x.shape()[0]);
        Frame var = readFrame(root, "var", elements, x == null ? 0 : (int) x.shape()[1]);
        if (x != null && (x.shape()[0] != obs.length() || x.shape()[1] != var.length())) {
            throw new H5adFormatException(path, "X", "has shape (" + x.shape()[0] + ", " + x.shape()[1] + ") but obs has "
                    + obs.length() + " rows and var " + var.length());
        }
        AnnData adata = new AnnData(x, obs, var);
        for (AxisArrays.Alignment alignment : AxisArrays.Alignment.values()) {
            readArrays(root, alignment, adata, elements);
        }
        if (root.has("uns")) {
            try (H5Group uns = root.group("uns")) {
                adata.uns().putAll(elements.readDict(uns, "uns"));
            }
        }
        return adata;
    }

    private static Frame readFrame(H5Group root, String name, ElementReader elements, int defaultLength) throws IOException {
        if (!root.has(name)) {
            return Frame.withDefaultIndex(defaultLength);
        }
        try (H5Group group = root.group(name)) {
            return elements.frames().read(group, name);
        }
    }

    private static void readArrays(H5Group root, AxisArrays.Alignment alignment, AnnData adata, ElementReader elements)
            throws IOException {
        String field = alignment.field();
        if (!root.has(field)) {
            return;
        }
        try (H5Group group = root.group(field)) {
            for (String key : group.children()) {
                String name = field + "/" + key;
                Matrix value = elements.readMatrix(group, key, name);
                try {
                    adata.arrays(alignment).put(key, value);
                } catch (IllegalArgumentException e) {
                    throw new H5adFormatException(root.file().path(), name, e.getMessage(), e);
                }
            }
        }
    }
}
