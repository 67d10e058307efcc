package dev.sslheads.novae.module;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.ndarray.OwnedArrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * novae's trainable tensors under their {@code state_dict} names (spec §3.4.5), in registration order,
 * each a float32 array on one device that records gradients.
 */
public final class ParameterSet implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    public ParameterSet(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    public NDManager manager() {
        return manager;
    }

    /** Registers {@code values} as the parameter {@code name} of {@code shape}. */
    public NDArray add(String name, float[] values, Shape shape) {
        if (arrays.containsKey(name)) {
            throw new IllegalArgumentException("parameter " + name + " is already registered");
        }
        NDArray array = OwnedArrays.of(manager, values, shape);
        array.setRequiresGradient(true);
        arrays.put(name, array);
        return array;
    }

    public NDArray get(String name) {
        NDArray array = arrays.get(name);
        if (array == null) {
            throw new IllegalArgumentException("no parameter named " + name + "; known: " + arrays.keySet());
        }
        return array;
    }

    /** Every parameter by name, in registration order (read-only view). */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(arrays);
    }

    /** The parameters except {@code excluded}, in order (the optimiser's list). */
    public List<NDArray> except(List<String> excluded) {
        return arrays.entrySet().stream().filter(e -> !excluded.contains(e.getKey())).map(Map.Entry::getValue).toList();
    }

    /**
     * Overwrites parameter {@code name} with {@code values} (a checkpoint or a reference's weights).
     *
     * @throws IllegalArgumentException when the shape differs from the registered one
     */
    public void set(String name, float[] values, Shape shape) {
        NDArray target = get(name);
        if (!target.getShape().equals(shape)) {
            throw new IllegalArgumentException("parameter " + name + " must have shape " + target.getShape() + ", got " + shape);
        }
        OwnedArrays.copyInto(target, values);
    }

    @Override
    public void close() {
        manager.close();
    }
}
