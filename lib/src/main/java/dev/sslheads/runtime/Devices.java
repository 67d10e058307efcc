package dev.sslheads.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * Resolves the device a head runs on from a name: {@code "cpu"}, {@code "gpu"} (the first GPU) or
 * {@code "gpu:N"}. A null or blank name falls back to the system property {@value #PROPERTY}
 * (set by {@code scripts/sslheads --device}), and then to {@code "cpu"}.
 *
 * <p>A GPU is only accepted when the PyTorch engine DJL loaded can see one: the CPU native library
 * bundled with the project never can, so GPU use needs a CUDA build of libtorch (see
 * {@link #NO_GPU_HINT}).
 */
public final class Devices {
    /** The system property read when no name is given. */
    public static final String PROPERTY = "sslheads.device";

    /** What to do when a GPU is requested but the engine sees none. */
    public static final String NO_GPU_HINT = "The bundled PyTorch native library is CPU-only. Point "
            + "PYTORCH_LIBRARY_PATH at the lib/ directory of a CUDA build of libtorch 2.7.1 (with PYTORCH_FLAVOR, "
            + "e.g. cu128), or run scripts/sslheads --device gpu --allow-download to let DJL download the CUDA "
            + "build once; 'nvidia-smi -L' must list the GPU.";

    private static final String EXPECTED = "expected \"cpu\", \"gpu\" or \"gpu:N\" (N >= 0)";

    private Devices() {}

    /** The device named by the system property {@value #PROPERTY}, or the CPU when it is unset. */
    public static Device resolve() {
        return resolve(null);
    }

    /**
     * The device for {@code name} ({@code "cpu"}, {@code "gpu"}, {@code "gpu:N"}; case and surrounding
     * blanks ignored); null or blank means the system property {@value #PROPERTY}, else {@code "cpu"}.
     *
     * @throws IllegalArgumentException if the name is none of the accepted forms
     * @throws IllegalStateException if a GPU is requested but the PyTorch engine sees no such GPU
     */
    public static Device resolve(String name) {
        String source = "device";
        if (name == null || name.isBlank()) {
            name = System.getProperty(PROPERTY);
            source = "system property " + PROPERTY;
            if (name == null || name.isBlank()) {
                return Device.cpu();
            }
        }
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu")) {
            return gpu(0, name);
        }
        if (n.startsWith("gpu:") && n.length() > 4 && n.length() <= 8 && n.substring(4).chars().allMatch(Character::isDigit)) {
            return gpu(Integer.parseInt(n.substring(4)), name);
        }
        throw new IllegalArgumentException(source + ": " + EXPECTED + ", but was \"" + name + "\"");
    }

    private static Device gpu(int index, String requested) {
        Engine engine = Engine.getInstance();
        int count = engine.getGpuCount();
        if (count == 0) {
            throw new IllegalStateException("device \"" + requested + "\" requested, but no GPU is visible to the "
                    + engine.getEngineName() + " engine (version " + engine.getVersion() + "). " + NO_GPU_HINT);
        }
        if (index >= count) {
            throw new IllegalStateException("device \"" + requested + "\" requested, but the " + engine.getEngineName()
                    + " engine sees only " + count + " GPU(s): gpu:0 to gpu:" + (count - 1));
        }
        return Device.gpu(index);
    }
}
