package dev.sslheads.anndata.h5ad;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is HDF5 but not the AnnData that was asked for: the message names the file and the field. */
public final class H5adFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public H5adFormatException(Path path, String field, String problem) {
        super(path + ": " + field + ": " + problem);
    }

    public H5adFormatException(Path path, String field, String problem, Throwable cause) {
        super(path + ": " + field + ": " + problem, cause);
    }
}
