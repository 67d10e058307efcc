package dev.sslheads.anndata.hdf5;

import static org.bytedeco.hdf5.global.hdf5.H5E_DEFAULT;
import static org.bytedeco.hdf5.global.hdf5.H5Eset_auto2;
import static org.bytedeco.hdf5.global.hdf5.H5open;

import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.hdf5.H5E_auto2_t;
import org.bytedeco.javacpp.Loader;

/**
 * The HDF Group's HDF5 C library (1.14.3, from JavaCPP's {@code org.bytedeco:hdf5} presets),
 * loaded once. That build is not thread-safe, so every use holds {@link #lock()}: callers wrap a
 * whole file's reading or writing in it. The library's own error printing to stderr is turned
 * off; failures surface as {@link Hdf5Exception}s naming the file and object. h5py's LZF filter
 * is registered for reading ({@link LzfFilter}).
 */
public final class Hdf5 {
    private static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean loaded;

    private Hdf5() {}

    /** Loads the library (once) and takes the process-wide HDF5 lock; release it with {@code unlock()}. */
    public static ReentrantLock lock() {
        LOCK.lock();
        try {
            if (!loaded) {
                Loader.load(org.bytedeco.hdf5.global.hdf5.class);
                if (H5open() < 0) {
                    throw new IllegalStateException("the HDF5 library did not initialise (H5open failed)");
                }
                H5Eset_auto2(H5E_DEFAULT, (H5E_auto2_t) null, null);
                LzfFilter.register();
                loaded = true;
            }
        } catch (RuntimeException | Error e) {
            LOCK.unlock();
            throw e;
        }
        return LOCK;
    }

    static void checkLocked() {
        if (!LOCK.isHeldByCurrentThread()) {
            throw new IllegalStateException("HDF5 calls need Hdf5.lock() held by this thread");
        }
    }
}
