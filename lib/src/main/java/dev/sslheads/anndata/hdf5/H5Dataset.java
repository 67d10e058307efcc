package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;

/**
 * An open HDF5 dataset: its type ({@link #isString}, {@link #dtype}), its {@link #shape}, and
 * whole reads as a {@link DenseArray} (any integer width, signed or not; f16/f32/f64; bools as
 * h5py's ENUM, a bitfield) or as strings (variable or fixed length, ASCII or UTF-8). Chunked and
 * compressed data is read transparently by the library (deflate, shuffle, and every other filter
 * the HDF Group library has built in).
 */
public final class H5Dataset extends H5Object {
    private final H5Type type;
    private final long[] shape;
    private final boolean nullSpace;

    H5Dataset(H5File file, String path, long id) throws Hdf5Exception {
        super(file, path, id);
        long typeId = H5Dget_type(id);
        long space = H5Dget_space(id);
        try {
            this.type = H5Type.of(typeId);
            this.nullSpace = H5Sget_simple_extent_type(space) == H5S_NULL;
            int rank = H5Sget_simple_extent_ndims(space);
            this.shape = new long[Math.max(rank, 0)];
            if (rank > 0) {
                H5Sget_simple_extent_dims(space, shape, (long[]) null);
            }
        } finally {
            H5Sclose(space);
            H5Tclose(typeId);
        }
    }

    /** Whether the dataset holds strings. */
    public boolean isString() {
        return type.kind == H5Type.Kind.STRING;
    }

    /** Whether the dataset holds numbers or bools (readable with {@link #readArray}). */
    public boolean isNumeric() {
        return type.kind == H5Type.Kind.NUMBER || type.kind == H5Type.Kind.BOOL;
    }

    /** Whether the dataspace is HDF5's null dataspace (anndata's {@code None}). */
    public boolean isNull() {
        return nullSpace;
    }

    /** The element type of a numeric or bool dataset. */
    public DType dtype() throws Hdf5Exception {
        if (!isNumeric()) {
            throw new Hdf5Exception(file.path() + ": " + path + " must hold numbers, got "
                    + (isString() ? "strings" : type.description));
        }
        return type.dtype;
    }

    /** The dimensions ({} for a scalar); a copy. */
    public long[] shape() {
        return shape.clone();
    }

    /** The number of elements. */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return nullSpace ? 0 : n;
    }

    /** The whole dataset as an array of its own dtype and shape. */
    public DenseArray readArray() throws Hdf5Exception {
        DType dtype = dtype();
        if (size() > Integer.MAX_VALUE) {
            throw new Hdf5Exception(file.path() + ": " + path + " has " + size() + " elements, more than a Java array holds");
        }
        DenseArray out = DenseArray.zeros(dtype, nullSpace ? new long[] {0} : shape);
        if (type.kind == H5Type.Kind.BOOL) {
            long fileType = H5Dget_type(id);
            boolean isEnum = H5Tget_class(fileType) == H5T_ENUM;
            H5Tclose(fileType);
            long memType = isEnum ? H5Type.boolEnum() : H5T_NATIVE_UINT8_g();
            try {
                BlockTransfer.read(this, memType, shape, out);
            } finally {
                if (isEnum) {
                    H5Tclose(memType);
                }
            }
        } else {
            BlockTransfer.read(this, H5Type.nativeType(dtype), shape, out);
        }
        return out;
    }

    /** Every string, row-major (a scalar string dataset gives one). */
    public String[] readStrings() throws Hdf5Exception {
        if (!isString()) {
            throw new Hdf5Exception(file.path() + ": " + path + " must hold strings, got "
                    + (isNumeric() ? type.dtype.numpyName() : type.description));
        }
        long fileType = H5Dget_type(id);
        long memType = H5Tcopy(fileType);
        long space = H5Dget_space(id);
        try {
            return NativeStrings.read(memType, space, (int) size(), buffer -> check(
                    H5Dread(id, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer), "reading strings"));
        } finally {
            H5Sclose(space);
            H5Tclose(memType);
            H5Tclose(fileType);
        }
    }

    @Override
    public void close() {
        H5Dclose(id);
    }
}
