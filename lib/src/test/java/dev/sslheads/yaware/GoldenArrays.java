package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;

/** Nested JSON number lists of the nidl goldens as float64 values / NDArrays of their shape. */
final class GoldenArrays {
    private GoldenArrays() {}

    static Shape shape(JsonElement e) {
        List<Long> dims = new ArrayList<>();
        while (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            dims.add((long) a.size());
            e = a.get(0);
        }
        return new Shape(dims.stream().mapToLong(Long::longValue).toArray());
    }

    static double[] flat(JsonElement e) {
        List<Double> out = new ArrayList<>();
        collect(e, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonElement e, List<Double> out) {
        if (e.isJsonArray()) {
            for (JsonElement c : e.getAsJsonArray()) {
                collect(c, out);
            }
        } else {
            out.add(e.getAsDouble());
        }
    }

    static double[][] matrix(JsonElement e) {
        JsonArray rows = e.getAsJsonArray();
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = flat(rows.get(i));
        }
        return out;
    }

    static NDArray array(NDManager manager, JsonElement e, DataType type) {
        return manager.create(flat(e), shape(e)).toType(type, false);
    }

    static void assertClose(String what, double[] expected, double[] actual, double atol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(expected[i] - actual[i]) <= atol)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (atol " + atol + ")");
            }
        }
    }

    static double[] doubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }
}
