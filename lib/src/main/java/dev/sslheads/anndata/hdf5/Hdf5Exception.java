package dev.sslheads.anndata.hdf5;

import java.io.IOException;

/** An HDF5 call failed: the message names the file, the object inside it and the operation. */
public final class Hdf5Exception extends IOException {
    private static final long serialVersionUID = 1L;

    public Hdf5Exception(String message) {
        super(message);
    }
}
