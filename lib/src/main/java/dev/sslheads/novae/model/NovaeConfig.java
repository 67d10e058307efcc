package dev.sslheads.novae.model;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.sslheads.novae.module.NetworkSizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * novae's constructor arguments (spec §1.2) with novae's defaults, as saved in {@code config.json}
 * (keys sorted, indent 2, like {@code json.dumps(sort_keys=True, indent=2)}). {@code varNames} is the
 * resolved vocabulary once a model exists. {@code dropoutRate} is stored but never applied, as upstream
 * (spec §6.2-1). {@code histoEmbeddingSize} is kept for the file format only: multimodal H&E input is not
 * supported.
 */
public record NovaeConfig(int embeddingSize, double minPrototypesRatio, int nHopsLocal, int nHopsView, double temperature,
                          int outputSize, int heads, int hiddenSize, int numLayers, int batchSize, int numPrototypes,
                          double panelSubsetSize, double backgroundNoiseLambda, double sensitivityNoiseStd, double dropoutRate,
                          int histoEmbeddingSize, Integer pcaInitReferenceIndex, List<String> varNames) {
    /** novae 1.0's defaults without a vocabulary. */
    public static final NovaeConfig DEFAULTS = new NovaeConfig(100, 0.3, 2, 2, 0.1, 64, 8, 128, 10, 256, 512, 0.8, 8.0, 0.05, 0.0, 50,
            null, null);

    /**
     * @throws IllegalArgumentException naming the first argument out of range
     */
    public NovaeConfig {
        positive("embedding_size", embeddingSize);
        positive("output_size", outputSize);
        positive("heads", heads);
        positive("hidden_size", hiddenSize);
        positive("num_layers", numLayers);
        positive("batch_size", batchSize);
        positive("num_prototypes", numPrototypes);
        positive("n_hops_local", nHopsLocal);
        positive("n_hops_view", nHopsView);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden_size must be a multiple of heads, got hidden_size=" + hiddenSize + ", heads=" + heads);
        }
        if (!(minPrototypesRatio >= 0 && minPrototypesRatio <= 1)) {
            throw new IllegalArgumentException("min_prototypes_ratio must be in [0, 1], got " + minPrototypesRatio);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(panelSubsetSize > 0 && panelSubsetSize <= 1)) {
            throw new IllegalArgumentException("panel_subset_size must be in (0, 1], got " + panelSubsetSize);
        }
        if (!(backgroundNoiseLambda > 0) || !(sensitivityNoiseStd >= 0)) {
            throw new IllegalArgumentException("background_noise_lambda must be > 0 and sensitivity_noise_std >= 0, got "
                    + backgroundNoiseLambda + " and " + sensitivityNoiseStd);
        }
        varNames = varNames == null ? null : List.copyOf(varNames);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }

    public NetworkSizes sizes() {
        return new NetworkSizes(embeddingSize, hiddenSize, numLayers, outputSize, heads, numPrototypes, temperature);
    }

    /** This config with {@code names} as the vocabulary. */
    public NovaeConfig withVarNames(List<String> names) {
        return new NovaeConfig(embeddingSize, minPrototypesRatio, nHopsLocal, nHopsView, temperature, outputSize, heads, hiddenSize,
                numLayers, batchSize, numPrototypes, panelSubsetSize, backgroundNoiseLambda, sensitivityNoiseStd, dropoutRate,
                histoEmbeddingSize, pcaInitReferenceIndex, names);
    }

    /** A copy with novae's keyword arguments in {@code kwargs} (snake_case names) replacing these values. */
    public NovaeConfig with(Map<String, ?> kwargs) {
        JsonObject json = toJsonObject();
        Gson gson = new Gson();
        for (Map.Entry<String, ?> e : kwargs.entrySet()) {
            if (!json.has(e.getKey()) && !e.getKey().equals("pca_init_reference_index") && !e.getKey().equals("var_names")) {
                throw new IllegalArgumentException("unknown Novae argument '" + e.getKey() + "'; known: " + json.keySet());
            }
            json.add(e.getKey(), gson.toJsonTree(e.getValue()));
        }
        return fromJson(json);
    }

    /** novae's {@code config.json} text. */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJsonObject());
    }

    private JsonObject toJsonObject() {
        Map<String, Object> values = new TreeMap<>();
        values.put("background_noise_lambda", backgroundNoiseLambda);
        values.put("batch_size", batchSize);
        values.put("dropout_rate", dropoutRate);
        values.put("embedding_size", embeddingSize);
        values.put("heads", heads);
        values.put("hidden_size", hiddenSize);
        values.put("histo_embedding_size", histoEmbeddingSize);
        values.put("min_prototypes_ratio", minPrototypesRatio);
        values.put("n_hops_local", nHopsLocal);
        values.put("n_hops_view", nHopsView);
        values.put("num_layers", numLayers);
        values.put("num_prototypes", numPrototypes);
        values.put("output_size", outputSize);
        values.put("panel_subset_size", panelSubsetSize);
        values.put("pca_init_reference_index", pcaInitReferenceIndex);
        values.put("sensitivity_noise_std", sensitivityNoiseStd);
        values.put("temperature", temperature);
        values.put("var_names", varNames);
        return new GsonBuilder().serializeNulls().create().toJsonTree(values).getAsJsonObject();
    }

    /**
     * Reads novae's {@code config.json}; keys that are not constructor arguments ({@code mode_kwargs},
     * {@code scgpt_model_dir}) are ignored as upstream's loader does, missing ones take the defaults.
     *
     * @throws IllegalArgumentException when the text is not a JSON object or a value has the wrong type
     */
    public static NovaeConfig fromJson(String text) {
        try {
            return fromJson(JsonParser.parseString(text).getAsJsonObject());
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("config.json must be a JSON object of Novae arguments: " + e.getMessage(), e);
        }
    }

    private static NovaeConfig fromJson(JsonObject json) {
        NovaeConfig d = DEFAULTS;
        try {
            return new NovaeConfig(
                    integer(json, "embedding_size", d.embeddingSize), number(json, "min_prototypes_ratio", d.minPrototypesRatio),
                    integer(json, "n_hops_local", d.nHopsLocal), integer(json, "n_hops_view", d.nHopsView),
                    number(json, "temperature", d.temperature), integer(json, "output_size", d.outputSize),
                    integer(json, "heads", d.heads), integer(json, "hidden_size", d.hiddenSize),
                    integer(json, "num_layers", d.numLayers), integer(json, "batch_size", d.batchSize),
                    integer(json, "num_prototypes", d.numPrototypes), number(json, "panel_subset_size", d.panelSubsetSize),
                    number(json, "background_noise_lambda", d.backgroundNoiseLambda),
                    number(json, "sensitivity_noise_std", d.sensitivityNoiseStd), number(json, "dropout_rate", d.dropoutRate),
                    integer(json, "histo_embedding_size", d.histoEmbeddingSize),
                    present(json, "pca_init_reference_index") ? json.get("pca_init_reference_index").getAsInt() : null,
                    present(json, "var_names") ? strings(json.get("var_names")) : null);
        } catch (UnsupportedOperationException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("config.json has a value of the wrong type: " + e.getMessage(), e);
        }
    }

    private static boolean present(JsonObject json, String key) {
        return json.has(key) && !json.get(key).isJsonNull();
    }

    private static int integer(JsonObject json, String key, int fallback) {
        if (!present(json, key)) {
            return fallback;
        }
        double value = json.get(key).getAsDouble();
        if (value != Math.rint(value)) {
            throw new IllegalArgumentException(key + " must be an integer, got " + value);
        }
        return (int) value;
    }

    private static double number(JsonObject json, String key, double fallback) {
        return present(json, key) ? json.get(key).getAsDouble() : fallback;
    }

    private static List<String> strings(JsonElement element) {
        List<String> names = new ArrayList<>();
        element.getAsJsonArray().forEach(e -> names.add(e.getAsString()));
        return names;
    }
}
