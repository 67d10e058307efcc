package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;


/**
 * An open HDF5 group or dataset: its id, its path inside the file (for messages) and its
 * attributes. Closing it closes the id. Callers hold {@link Hdf5#lock()}.
 */
public abstract sealed class H5Object implements AutoCloseable permits H5Group, H5Dataset {
    final H5File file;
    final String path;
    final long id;

    H5Object(H5File file, String path, long id) {
        this.file = file;
        this.path = path;
        this.id = id;
    }

    /** The object's path inside the file, e.g. {@code /obs/cell_type}. */
    public String path() {
        return path;
    }

    /** The file this object belongs to. */
    public H5File file() {
        return file;
    }

    /** A path below this object. */
    String child(String name) {
        return path.endsWith("/") ? path + name : path + "/" + name;
    }

    Hdf5Exception failure(String what) {
        return new Hdf5Exception(file.path() + ": " + what + " of " + path + " failed (the file may be truncated or corrupted)");
    }

    long check(long status, String what) throws Hdf5Exception {
        if (status < 0) {
            throw failure(what);
        }
        return status;
    }

    public boolean hasAttribute(String name) throws Hdf5Exception {
        return check(H5Aexists(id, name), "checking attribute '" + name + "'") > 0;
    }

    /** A string attribute (scalar, or the first of an array; vlen or fixed), empty when absent. */
    public Optional<String> stringAttribute(String name) throws Hdf5Exception {
        if (!hasAttribute(name)) {
            return Optional.empty();
        }
        List<String> values = stringsAttribute(name);
        return values.isEmpty() ? Optional.of("") : Optional.of(values.get(0));
    }

    /** Reads an open attribute given its id, file type and dataspace. */
    @FunctionalInterface
    private interface AttributeRead<T> {
        T read(long attribute, long type, long space) throws Hdf5Exception;
    }

    /** Opens attribute {@code name}, reads it and closes its ids. */
    private <T> T readAttribute(String name, AttributeRead<T> reader) throws Hdf5Exception {
        long attribute = check(H5Aopen(id, name, H5P_DEFAULT), "opening attribute '" + name + "'");
        long type = H5Aget_type(attribute);
        long space = H5Aget_space(attribute);
        try {
            return reader.read(attribute, type, space);
        } finally {
            H5Sclose(space);
            H5Tclose(type);
            H5Aclose(attribute);
        }
    }

    /**
     * A string-array attribute; an empty array of any type, or a scalar {@code ""}, is an empty list
     * (h5py writes an empty {@code column-order} as a float64 array).
     */
    public List<String> stringsAttribute(String name) throws Hdf5Exception {
        return readAttribute(name, (attribute, type, space) -> {
            int n = (int) H5Sget_simple_extent_npoints(space);
            if (H5Sget_simple_extent_type(space) == H5S_NULL || n == 0) {
                return List.of();
            }
            if (H5Tget_class(type) != H5T_STRING) {
                throw new Hdf5Exception(file.path() + ": attribute '" + name + "' of " + path + " must hold strings, got "
                        + H5Type.of(type).kind);
            }
            long memType = H5Tcopy(type);
            try {
                String[] values = NativeStrings.read(memType, space, n, buffer -> check(H5Aread(attribute, memType, buffer),
                        "reading attribute '" + name + "'"));
                List<String> out = Arrays.asList(values);
                return n == 1 && out.get(0).isEmpty() ? List.of() : List.copyOf(out);
            } finally {
                H5Tclose(memType);
            }
        });
    }

    /** An integer attribute's values (any width), e.g. a sparse matrix's {@code shape}. */
    public long[] longsAttribute(String name) throws Hdf5Exception {
        return readAttribute(name, (attribute, type, space) -> {
            int n = (int) H5Sget_simple_extent_npoints(space);
            int cls = H5Tget_class(type);
            if (cls != H5T_INTEGER && cls != H5T_FLOAT) {
                throw new Hdf5Exception(file.path() + ": attribute '" + name + "' of " + path + " must hold integers");
            }
            try (LongPointer values = new LongPointer(Math.max(n, 1))) {
                check(H5Aread(attribute, H5T_NATIVE_INT64_g(), values), "reading attribute '" + name + "'");
                long[] out = new long[n];
                values.get(out);
                return out;
            }
        });
    }

    /** A bool attribute stored as h5py's ENUM, a bitfield or an integer (nonzero = true). */
    public boolean boolAttribute(String name) throws Hdf5Exception {
        return readAttribute(name, (attribute, type, space) -> {
            boolean isEnum = H5Tget_class(type) == H5T_ENUM;
            long memType = isEnum ? H5Type.boolEnum() : H5T_NATIVE_UINT8_g();
            try (BytePointer value = new BytePointer(8)) {
                value.fill(0);
                check(H5Aread(attribute, memType, value), "reading attribute '" + name + "'");
                return value.get(0) != 0;
            } finally {
                if (isEnum) {
                    H5Tclose(memType);
                }
            }
        });
    }

    /** The dataset an object-reference attribute points to (anndata 0.7 keeps a categorical's categories so). */
    public H5Dataset referencedDataset(String name) throws Hdf5Exception {
        return readAttribute(name, (attribute, type, space) -> {
            if (H5Tget_class(type) != H5T_REFERENCE) {
                throw new Hdf5Exception(file.path() + ": attribute '" + name + "' of " + path + " must be an object reference");
            }
            try (BytePointer reference = new BytePointer(H5R_OBJ_REF_BUF_SIZE())) {
                check(H5Aread(attribute, H5T_STD_REF_OBJ_g(), reference), "reading the reference '" + name + "'");
                long target = check(H5Rdereference2(id, H5P_DEFAULT, H5R_OBJECT, reference), "following the reference '" + name + "'");
                try {
                    return new H5Dataset(file, path + "@" + name, target);
                } catch (Hdf5Exception | RuntimeException e) {
                    H5Oclose(target);
                    throw e;
                }
            }
        });
    }

    /** Writes a scalar vlen UTF-8 string attribute (as h5py does). */
    public void writeStringAttribute(String name, String value) throws Hdf5Exception {
        long type = H5Type.vlenUtf8();
        long space = H5Screate(H5S_SCALAR);
        try (NativeStrings strings = new NativeStrings(new String[] {value})) {
            writeAttribute(name, type, space, type, strings.buffer());
        } finally {
            H5Sclose(space);
            H5Tclose(type);
        }
    }

    /** Writes a 1-D vlen UTF-8 string-array attribute (may be empty). */
    public void writeStringsAttribute(String name, List<String> values) throws Hdf5Exception {
        long type = H5Type.vlenUtf8();
        long space = H5Screate_simple(1, new long[] {values.size()}, (long[]) null);
        try (NativeStrings strings = new NativeStrings(values.toArray(String[]::new))) {
            writeAttribute(name, type, space, type, strings.buffer());
        } finally {
            H5Sclose(space);
            H5Tclose(type);
        }
    }

    /** Writes a scalar bool attribute as h5py's ENUM. */
    public void writeBoolAttribute(String name, boolean value) throws Hdf5Exception {
        long type = H5Type.boolEnum();
        long space = H5Screate(H5S_SCALAR);
        try (BytePointer v = new BytePointer(1)) {
            v.put(0, (byte) (value ? 1 : 0));
            writeAttribute(name, type, space, type, v);
        } finally {
            H5Sclose(space);
            H5Tclose(type);
        }
    }

    /** Writes a 1-D int64 attribute. */
    public void writeLongsAttribute(String name, long... values) throws Hdf5Exception {
        long space = H5Screate_simple(1, new long[] {values.length}, (long[]) null);
        try (LongPointer v = new LongPointer(Math.max(values.length, 1))) {
            v.put(values);
            writeAttribute(name, H5T_STD_I64LE_g(), space, H5T_NATIVE_INT64_g(), v);
        } finally {
            H5Sclose(space);
        }
    }

    private void writeAttribute(String name, long fileType, long space, long memType, org.bytedeco.javacpp.Pointer data)
            throws Hdf5Exception {
        long attribute = check(H5Acreate2(id, name, fileType, space, H5P_DEFAULT, H5P_DEFAULT), "creating attribute '" + name + "'");
        try {
            check(H5Awrite(attribute, memType, data), "writing attribute '" + name + "'");
        } finally {
            H5Aclose(attribute);
        }
    }

    /** Writes anndata's {@code encoding-type} and {@code encoding-version} attributes. */
    public void writeEncoding(String type, String version) throws Hdf5Exception {
        writeStringAttribute("encoding-type", type);
        writeStringAttribute("encoding-version", version);
    }

}
