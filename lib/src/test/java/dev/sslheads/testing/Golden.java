package dev.sslheads.testing;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A golden file written by a generator in {@code scripts/reference/} (see its "generator" key):
 * one JSON object read from the test classpath under {@code golden/}.
 */
public final class Golden {
    private final String name;
    private final JsonObject root;

    private Golden(String name, JsonObject root) {
        this.name = name;
        this.root = root;
    }

    /** Loads {@code golden/<path>} from the test classpath. */
    public static Golden load(String path) {
        String resource = "/golden/" + path;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + resource
                        + "; regenerate it with the scripts in scripts/reference/");
            }
            JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            return new Golden(resource, root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public JsonObject json() {
        return root;
    }

    public boolean has(String key) {
        return root.has(key) && !root.get(key).isJsonNull();
    }

    /** The JSON object under {@code key}. */
    public Golden child(String key) {
        return new Golden(name + "#" + key, root.getAsJsonObject(key));
    }

    public java.util.List<Golden> children(String key) {
        java.util.List<Golden> out = new java.util.ArrayList<>();
        JsonArray array = root.getAsJsonArray(key);
        for (int i = 0; i < array.size(); i++) {
            out.add(new Golden(name + "#" + key + "[" + i + "]", array.get(i).getAsJsonObject()));
        }
        return out;
    }

    public double number(String key) {
        return root.get(key).getAsDouble();
    }

    public int integer(String key) {
        return root.get(key).getAsInt();
    }

    public String string(String key) {
        JsonElement e = root.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    public boolean bool(String key) {
        return root.get(key).getAsBoolean();
    }

    /** A (rows, cols) float matrix stored as nested lists. */
    public float[][] matrix(String key) {
        JsonArray rows = root.getAsJsonArray(key);
        float[][] out = new float[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats(rows.get(i).getAsJsonArray());
        }
        return out;
    }

    /** A flat int vector. */
    public int[] ints(String key) {
        JsonArray a = root.getAsJsonArray(key);
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    /** A (rows, cols) int matrix stored as nested lists. */
    public int[][] intMatrix(String key) {
        JsonArray rows = root.getAsJsonArray(key);
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            JsonArray r = rows.get(i).getAsJsonArray();
            out[i] = new int[r.size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = r.get(j).getAsInt();
            }
        }
        return out;
    }

    /** A list of strings where JSON null stays null. */
    public String[] strings(String key) {
        JsonArray a = root.getAsJsonArray(key);
        String[] out = new String[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).isJsonNull() ? null : a.get(i).getAsString();
        }
        return out;
    }

    /** All numbers of a nested JSON array, row-major. */
    public static float[] flat(JsonElement e) {
        java.util.List<Float> values = new java.util.ArrayList<>();
        collect(e, values);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static void collect(JsonElement e, java.util.List<Float> values) {
        if (e.isJsonArray()) {
            for (JsonElement child : e.getAsJsonArray()) {
                collect(child, values);
            }
        } else {
            values.add(e.getAsFloat());
        }
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
