package dev.sslheads.stablepretraining;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the golden cases' models of {@code scripts/reference/stable_pretraining_goldens.py}: a
 * Linear backbone F -> E and a {@link SwAV} whose weights are the golden ones (torch layout).
 */
final class GoldenModels {
    private GoldenModels() {}

    /** The backbone's and the projector's parameters by golden key (DJL's SequentialBlock child names). */
    private static final Map<String, String> PARAMETER_KEYS = Map.of(
            "01Linear_weight", "lin1_weight", "01Linear_bias", "lin1_bias", "02BatchNorm_gamma", "bn_gamma",
            "02BatchNorm_beta", "bn_beta", "04Linear_weight", "lin2_weight", "04Linear_bias", "lin2_bias");

    static SwAV model(Golden g, NDManager manager) {
        JsonObject weights = g.json().getAsJsonObject("weights");
        SequentialBlock backbone = new SequentialBlock().add(Linear.builder().setUnits(g.integer("E")).build());
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, g.integer("F")));
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            p.getValue().getArray().set(Golden.flat(weights.get(p.getKey().endsWith("weight") ? "backbone_weight" : "backbone_bias")));
        }
        SwAV model = new SwAV(backbone, new Shape(1, g.integer("F")), new SwavConfig(g.integer("hidden"), g.integer("P"), g.integer("K"),
                0.1, 3, 0.05), 0L, manager.getDevice());
        int set = 0;
        for (Pair<String, Parameter> p : model.projector().getParameters()) {
            String key = PARAMETER_KEYS.get(p.getKey());
            if (key != null) {
                p.getValue().getArray().set(Golden.flat(weights.get(key)));
                set++;
            }
        }
        if (set != PARAMETER_KEYS.size()) {
            throw new IllegalStateException("projector parameters " + model.projector().getParameters().keys() + " do not match " + PARAMETER_KEYS.keySet());
        }
        model.prototypesParameter().getArray().set(Golden.flat(weights.get("prototypes")));
        return model;
    }

    /** Gradient of a projector or backbone parameter, keyed like the golden "grads". */
    static List<Pair<String, NDArray>> gradients(SwAV model) {
        List<Pair<String, NDArray>> out = new ArrayList<>();
        for (Pair<String, Parameter> p : model.backbone().getParameters()) {
            out.add(new Pair<>(p.getKey().endsWith("weight") ? "grad_backbone_weight" : "grad_backbone_bias", p.getValue().getArray().getGradient()));
        }
        for (Pair<String, Parameter> p : model.projector().getParameters()) {
            String key = PARAMETER_KEYS.get(p.getKey());
            if (key != null) {
                out.add(new Pair<>("grad_" + key, p.getValue().getArray().getGradient()));
            }
        }
        out.add(new Pair<>("grad_prototypes", model.prototypesParameter().getArray().getGradient()));
        return out;
    }

    /** A golden matrix as an array on {@code manager}. */
    static NDArray array(NDManager manager, JsonElement e) {
        int rows = e.getAsJsonArray().size();
        float[] values = Golden.flat(e);
        return manager.create(values, new Shape(rows, rows == 0 ? 0 : values.length / rows));
    }

    /** The elements of a JSON list of matrices as arrays on {@code manager}. */
    static List<NDArray> arrays(NDManager manager, JsonElement e, boolean requiresGradient) {
        List<NDArray> out = new ArrayList<>();
        for (JsonElement m : e.getAsJsonArray()) {
            NDArray a = array(manager, m);
            a.setRequiresGradient(requiresGradient);
            out.add(a);
        }
        return out;
    }
}
