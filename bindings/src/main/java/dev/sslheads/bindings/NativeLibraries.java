package dev.sslheads.bindings;

import ai.djl.pytorch.jni.LibUtils;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Loads PyTorch's native libraries on a daemon thread while GraalPy starts, so that a guest's
 * first tensor does not wait for them (DJL's {@code LibUtils.loadLibrary}: about 0.45 s of the
 * start-up on the 2-core bench machine). Only the libraries: DJL's engine start also sets torch's
 * thread-local grad mode, so it stays on the thread that runs the guest, at its first tensor.
 * {@code loadLibrary} is synchronized, so that start waits for a load still in progress.
 */
final class NativeLibraries {
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private NativeLibraries() {}

    /** Starts the load once per JVM; later calls do nothing. */
    static void preload() {
        if (STARTED.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name("sslheads-torch-preload").start(NativeLibraries::load);
        }
    }

    private static void load() {
        try {
            LibUtils.loadLibrary();
        } catch (RuntimeException | LinkageError e) {
            // the engine's own start on the guest's thread loads again and reports the failure there
        }
    }
}
