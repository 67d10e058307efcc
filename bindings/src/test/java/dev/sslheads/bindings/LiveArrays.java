package dev.sslheads.bindings;

import ai.djl.ndarray.NDManager;
import java.lang.reflect.Method;

/**
 * The number of native arrays alive in this JVM's PyTorch engine, for the leak tests of the guest
 * API ({@code test_native_memory.py}). Every DJL manager is a descendant of the engine's system
 * manager, which counts its descendants' arrays; DJL keeps that manager package-private, hence the
 * reflection (test code only).
 */
public final class LiveArrays {
    private static final NDManager SYSTEM = systemManager();

    private LiveArrays() {}

    /**
     * The count once collection has settled: a full GC, then the cleaner thread closing what the
     * guest dropped, repeated until three successive counts agree (at most about 5 s).
     */
    public static int settled() throws InterruptedException {
        int last = -1;
        int agreeing = 0;
        for (int i = 0; i < 100 && agreeing < 3; i++) {
            System.gc();
            Thread.sleep(50);
            int now = SYSTEM.getManagedArrays().size();
            agreeing = now == last ? agreeing + 1 : 0;
            last = now;
        }
        return last;
    }

    private static NDManager systemManager() {
        try {
            Method method = Class.forName("ai.djl.pytorch.engine.PtNDManager").getDeclaredMethod("getSystemManager");
            method.setAccessible(true);
            return (NDManager) method.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DJL's PtNDManager.getSystemManager is not reachable", e);
        }
    }
}
