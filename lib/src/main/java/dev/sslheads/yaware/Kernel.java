package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;
import dev.sslheads.ndarray.ScalarOps;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * nidl's similarity kernels {@code K(x)} of a distance {@code x >= 0} (heads-spec 7.3). As in nidl
 * they are not normalised to integrate to 1 (its docstring says they are); the compact ones are 0
 * for {@code x >= 1}.
 */
public enum Kernel {
    /** {@code exp(-x^2 / 2)}. */
    GAUSSIAN,
    /** {@code 1 - x^2} if {@code x < 1}, else 0. */
    EPANECHNIKOV,
    /** {@code exp(-x)}. */
    EXPONENTIAL,
    /** {@code 1 - x} if {@code x < 1}, else 0. */
    LINEAR,
    /** {@code cos(pi x / 2)} if {@code x < 1}, else 0. */
    COSINE;

    /** The kernel named {@code name} (nidl's lower-case names, e.g. "gaussian"). */
    public static Kernel of(String name) {
        for (Kernel k : values()) {
            if (k.reference().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kernel must be one of " + validNames() + ", got " + (name == null ? "null" : "'" + name + "'"));
    }

    /** The valid names, in nidl's order: gaussian, epanechnikov, exponential, linear, cosine. */
    public static String validNames() {
        return Arrays.stream(values()).map(Kernel::reference).collect(Collectors.joining(", ", "{", "}"));
    }

    /** nidl's name of this kernel. */
    public String reference() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code K(x)} element-wise on non-negative distances (any shape, same dtype and device). */
    public NDArray apply(NDArray x) {
        return switch (this) {
            case GAUSSIAN -> ScalarOps.mul(x.square(), -0.5).exp();
            case EXPONENTIAL -> x.neg().exp();
            case EPANECHNIKOV -> inside(x, ScalarOps.add(x.square().neg(), 1));
            case LINEAR -> inside(x, ScalarOps.add(x.neg(), 1));
            case COSINE -> inside(x, ScalarOps.mul(x, Math.PI / 2).cos());
        };
    }

    /** {@code value} where {@code |x| < 1}, else 0. */
    private static NDArray inside(NDArray x, NDArray value) {
        return value.mul(ScalarOps.lt(x.abs(), 1).toType(value.getDataType(), false));
    }
}
