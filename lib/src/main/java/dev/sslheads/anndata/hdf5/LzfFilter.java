package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.H5Z_CLASS_T_VERS;
import static org.bytedeco.hdf5.global.hdf5.H5Z_FLAG_REVERSE;
import static org.bytedeco.hdf5.global.hdf5.H5Zregister;
import static org.bytedeco.hdf5.global.hdf5.H5allocate_memory;
import static org.bytedeco.hdf5.global.hdf5.H5free_memory;

import org.bytedeco.hdf5.H5Z_class2_t;
import org.bytedeco.hdf5.H5Z_func_t;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

/**
 * h5py's LZF filter (id 32000), decode only, registered with the HDF5 library so that datasets
 * anndata wrote with {@code compression="lzf"} read like any other (the HDF Group's library has no
 * LZF of its own). h5py's parameters are {@code (filter version, LZF version, chunk bytes)}; the
 * chunk size, when present, sizes the output. Writing LZF is not offered (gzip is).
 */
final class LzfFilter extends H5Z_func_t {
    /** h5py's registered filter id. */
    static final int ID = 32000;
    private static LzfFilter instance;
    private static H5Z_class2_t registration;

    private LzfFilter() {
        super();
    }

    /** Registers the filter once (the caller holds the HDF5 lock, the library is loaded). */
    static synchronized void register() {
        if (instance != null) {
            return;
        }
        instance = new LzfFilter();
        registration = new H5Z_class2_t();
        registration.version(H5Z_CLASS_T_VERS).id(ID).encoder_present(0).decoder_present(1)
                .name(new BytePointer("lzf (h5py), decoding by sslheads")).filter(instance);
        if (H5Zregister(registration) < 0) {
            throw new IllegalStateException("registering the LZF filter with the HDF5 library failed");
        }
    }

    @Override
    public long call(int flags, long cdNelmts, IntPointer cdValues, long nbytes, SizeTPointer bufSize, PointerPointer buf) {
        if ((flags & H5Z_FLAG_REVERSE) == 0) {
            return 0; // compressing: not offered
        }
        try {
            Pointer input = buf.get(0);
            byte[] in = new byte[(int) nbytes];
            new BytePointer(input).capacity(nbytes).get(in);
            int hint = cdNelmts >= 3 ? cdValues.get(2) : 0;
            byte[] out = LzfDecoder.decode(in, in.length, Math.max(hint, 0));
            Pointer output = H5allocate_memory(Math.max(out.length, 1), false);
            if (output == null || output.isNull()) {
                return 0;
            }
            new BytePointer(output).capacity(out.length).put(out);
            H5free_memory(input);
            buf.put(0, output);
            bufSize.put(0, out.length);
            return out.length;
        } catch (RuntimeException e) {
            return 0; // HDF5 reports a failed filter: the read fails with the dataset named
        }
    }
}
