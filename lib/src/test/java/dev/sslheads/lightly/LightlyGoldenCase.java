package dev.sslheads.lightly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Golden;
import java.util.ArrayList;
import java.util.List;

/**
 * A golden case of {@code scripts/reference/lightly_swav_goldens.py}: builds the Java model with
 * the golden's configuration and weights (backbone {@code Linear(in_dim, num_ftrs)}) and reads
 * its nested arrays.
 */
final class LightlyGoldenCase {
    final Golden golden;
    final JsonObject json;

    LightlyGoldenCase(String file) {
        this.golden = Golden.load("lightly/" + file);
        this.json = golden.json();
    }

    int integer(String key) {
        return json.get(key).getAsInt();
    }

    int[] nPrototypes() {
        return golden.ints("n_prototypes");
    }

    PrototypeFreezing freezing() {
        int n = integer("freezing_n");
        return "steps".equals(golden.string("freezing_counter")) ? PrototypeFreezing.firstSteps(n) : PrototypeFreezing.firstEpochs(n);
    }

    /** The model with the golden's weights and queue starts, on {@code manager}'s device. */
    SwavModel model(NDManager manager) {
        Linear backbone = Linear.builder().setUnits(integer("num_ftrs")).build();
        backbone.initialize(manager, DataType.FLOAT32, new Shape(1, integer("in_dim")));
        SwavPrototypes prototypes = new SwavPrototypes(manager, integer("out_dim"), nPrototypes(), golden.bool("bias"), freezing());
        SwavModel model = new SwavModel(manager, backbone, integer("num_ftrs"), prototypes, integer("n_queues"), integer("queue_length"),
                integer("start_queue_at_epoch"));
        JsonObject params = json.getAsJsonObject("params");
        for (Named p : parameters(model)) {
            p.parameter().getArray().set(Golden.flat(params.get(p.name())));
        }
        JsonArray banks = json.getAsJsonArray("initial_banks");
        for (int i = 0; i < banks.size(); i++) {
            model.queues().get(i).start(array(manager, banks.get(i)));
        }
        return model;
    }

    record Named(String name, Parameter parameter) {}

    /** The model's trainable parameters under the generator's names. */
    static List<Named> parameters(SwavModel model) {
        List<Named> out = new ArrayList<>();
        out.add(new Named("backbone_weight", model.backbone().getParameters().get("weight")));
        out.add(new Named("backbone_bias", model.backbone().getParameters().get("bias")));
        List<Parameter> head = model.projectionHead().getParameters().values().stream().filter(Parameter::requiresGradient).toList();
        String[] names = {"proj_hidden_weight", "proj_bn_gamma", "proj_bn_beta", "proj_out_weight", "proj_out_bias"};
        for (int i = 0; i < names.length; i++) {
            out.add(new Named(names[i], head.get(i)));
        }
        SwavPrototypes prototypes = model.prototypes();
        for (int h = 0; h < prototypes.heads(); h++) {
            out.add(new Named("prototype_weight_" + h, prototypes.weight(h)));
            if (prototypes.hasBias()) {
                out.add(new Named("prototype_bias_" + h, prototypes.bias(h)));
            }
        }
        return out;
    }

    static Integer nullableInt(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsInt();
    }

    /** A list of 2-D arrays as NDArrays. */
    static List<NDArray> arrays(NDManager manager, JsonElement list) {
        List<NDArray> out = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray()) {
            out.add(array(manager, e));
        }
        return out;
    }

    static NDArray array(NDManager manager, JsonElement matrix) {
        JsonArray rows = matrix.getAsJsonArray();
        return manager.create(Golden.flat(matrix), new Shape(rows.size(), rows.get(0).getAsJsonArray().size()));
    }

}
