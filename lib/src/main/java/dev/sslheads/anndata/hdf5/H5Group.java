package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.*;

import dev.sslheads.anndata.DType;
import dev.sslheads.anndata.DenseArray;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.hdf5.H5G_info_t;
import org.bytedeco.hdf5.H5O_info2_t;
import org.bytedeco.javacpp.BytePointer;

/** An open HDF5 group (the file's root included): its children, and creating groups and datasets in it. */
public final class H5Group extends H5Object {
    /** Datasets are chunked in pieces of about this size when compressed. */
    private static final long CHUNK_BYTES = 1L << 20;

    private final boolean root;

    H5Group(H5File file, String path, long id, boolean root) {
        super(file, path, id);
        this.root = root;
    }

    /** The names of the children, in HDF5's name order (h5py's iteration order). */
    public List<String> children() throws Hdf5Exception {
        List<String> names = new ArrayList<>();
        long n;
        try (H5G_info_t info = new H5G_info_t()) {
            check(H5Gget_info(id, info), "listing");
            n = info.nlinks();
        }
        for (long i = 0; i < n; i++) {
            long length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, (BytePointer) null, 0, H5P_DEFAULT);
            check(length, "naming child " + i);
            try (BytePointer name = new BytePointer(length + 1)) {
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, i, name, length + 1, H5P_DEFAULT);
                byte[] bytes = new byte[(int) length];
                name.get(bytes);
                names.add(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return names;
    }

    public boolean has(String name) throws Hdf5Exception {
        return check(H5Lexists(id, name, H5P_DEFAULT), "looking up '" + name + "'") > 0;
    }

    /** Whether child {@code name} is a group (false: a dataset or something else). */
    public boolean isGroup(String name) throws Hdf5Exception {
        try (H5O_info2_t info = new H5O_info2_t()) {
            check(H5Oget_info_by_name3(id, name, info, H5O_INFO_BASIC, H5P_DEFAULT), "inspecting '" + name + "'");
            return info.type() == H5O_TYPE_GROUP;
        }
    }

    /** Opens child group {@code name}. */
    public H5Group group(String name) throws Hdf5Exception {
        long child = check(H5Gopen2(id, name, H5P_DEFAULT), "opening group '" + name + "'");
        return new H5Group(file, child(name), child, false);
    }

    /** Opens child dataset {@code name}. */
    public H5Dataset dataset(String name) throws Hdf5Exception {
        long child = check(H5Dopen2(id, name, H5P_DEFAULT), "opening dataset '" + name + "'");
        try {
            return new H5Dataset(file, child(name), child);
        } catch (Hdf5Exception | RuntimeException e) {
            H5Dclose(child);
            throw e;
        }
    }

    /** Creates child group {@code name}. */
    public H5Group createGroup(String name) throws Hdf5Exception {
        long child = check(H5Gcreate2(id, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "creating group '" + name + "'");
        return new H5Group(file, child(name), child, false);
    }

    /**
     * Creates dataset {@code name} holding {@code data} with its dtype (little-endian; bools as h5py's
     * ENUM) and shape, compressed as asked (empty and scalar datasets are stored contiguous).
     */
    public H5Dataset writeArray(String name, DenseArray data, Compression compression) throws Hdf5Exception {
        long[] dims = data.shape();
        DType dtype = data.dtype();
        long fileType = dtype == DType.BOOL ? H5Type.boolEnum() : H5Type.fileType(dtype);
        long memType = dtype == DType.BOOL ? fileType : H5Type.nativeType(dtype);
        long space = dims.length == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(dims.length, dims, (long[]) null);
        long properties = H5P_DEFAULT;
        try {
            if (compression.enabled() && dims.length > 0 && data.size() > 0) {
                properties = H5Pcreate(H5P_CLS_DATASET_CREATE_ID_g());
                long[] chunk = dims.clone();
                long rowBytes = (long) data.rowLength() * dtype.bytes();
                chunk[0] = Math.max(1, Math.min(dims[0], CHUNK_BYTES / Math.max(rowBytes, 1)));
                check(H5Pset_chunk(properties, chunk.length, chunk), "chunking '" + name + "'");
                check(H5Pset_deflate(properties, compression.gzipLevel()), "compressing '" + name + "'");
            }
            long child = check(H5Dcreate2(id, name, fileType, space, H5P_DEFAULT, properties, H5P_DEFAULT),
                    "creating dataset '" + name + "'");
            H5Dataset dataset = new H5Dataset(file, child(name), child);
            try {
                BlockTransfer.write(dataset, memType, dims, data);
            } catch (Hdf5Exception | RuntimeException e) {
                dataset.close();
                throw e;
            }
            return dataset;
        } finally {
            if (properties != H5P_DEFAULT) {
                H5Pclose(properties);
            }
            H5Sclose(space);
            if (dtype == DType.BOOL) {
                H5Tclose(fileType);
            }
        }
    }

    /** Creates a 1-D vlen UTF-8 string dataset {@code name}. */
    public H5Dataset writeStrings(String name, String[] values) throws Hdf5Exception {
        return writeStringData(name, values, H5Screate_simple(1, new long[] {values.length}, (long[]) null));
    }

    /** Creates a scalar vlen UTF-8 string dataset {@code name}. */
    public H5Dataset writeString(String name, String value) throws Hdf5Exception {
        return writeStringData(name, new String[] {value}, H5Screate(H5S_SCALAR));
    }

    private H5Dataset writeStringData(String name, String[] values, long space) throws Hdf5Exception {
        long type = H5Type.vlenUtf8();
        try (NativeStrings strings = new NativeStrings(values)) {
            long child = check(H5Dcreate2(id, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "creating dataset '" + name + "'");
            H5Dataset dataset = new H5Dataset(file, child(name), child);
            if (values.length > 0) {
                try {
                    dataset.check(H5Dwrite(child, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings.buffer()), "writing strings");
                } catch (Hdf5Exception e) {
                    dataset.close();
                    throw e;
                }
            }
            return dataset;
        } finally {
            H5Sclose(space);
            H5Tclose(type);
        }
    }

    @Override
    public void close() {
        if (!root) {
            H5Gclose(id);
        }
    }
}
