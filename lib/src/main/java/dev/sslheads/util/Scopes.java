package dev.sslheads.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.lang.ref.Reference;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a computation in its own {@link NDScope}, so every temporary it creates is freed when it
 * returns, while the arrays it returns survive and join the caller's scope (if the caller has
 * one). DJL's {@code NDScope.unregister} only detaches an array from the innermost scope, so
 * without the hand-over a caller's scope would never free the results of a nested computation
 * (and a loss would keep its whole autograd graph alive).
 */
public final class Scopes {
    private Scopes() {}

    /** {@code body()} in a scope; the arrays named by {@code outputs(result)} (nulls allowed) are kept. */
    public static <T> T run(Supplier<T> body, Function<T, List<NDArray>> outputs) {
        T result;
        List<NDArray> kept;
        try (NDScope ignored = new NDScope()) {
            result = body.get();
            // what body captured (a caller's wrappers of its input arrays) stays reachable until it has run
            Reference.reachabilityFence(body);
            kept = outputs.apply(result);
            for (NDArray array : kept) {
                if (array != null) {
                    NDScope.unregister(array);
                }
            }
        }
        for (NDArray array : kept) {
            if (array != null) {
                NDScope.register(array);
            }
        }
        return result;
    }

    /** {@code body()} in a scope, keeping the one array it returns. */
    public static NDArray run(Supplier<NDArray> body) {
        return run(body, array -> java.util.Collections.singletonList(array));
    }

    /** {@code body} in a scope, keeping nothing. */
    public static void run(Runnable body) {
        try (NDScope ignored = new NDScope()) {
            body.run();
        }
    }
}
