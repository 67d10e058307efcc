package dev.sslheads.stablepretraining;

import static dev.sslheads.stablepretraining.GoldenModels.array;
import static dev.sslheads.stablepretraining.GoldenModels.arrays;
import static dev.sslheads.testing.Golden.flat;
import static dev.sslheads.stablepretraining.SwavLossParityTest.TOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SwAV} against stable-pretraining's {@code SwAV} method and functional forward on the
 * goldens {@code golden/stable_pretraining/method_*.json} and {@code functional_queue_steps.json}
 * made by {@code /usr/bin/python3 scripts/reference/stable_pretraining_goldens.py} (Debian's torch
 * 1.13, float32), within 1e-5: per-view scores and codes, loss, embedding, projection, the
 * gradients of one step w.r.t. every backbone, projector and prototype parameter and every view;
 * the eval path; the queue over five steps (partial fill, start epoch, wrap-around).
 */
class SwAVParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"method_multicrop", "method_two_views"})
    void multiViewForwardAndGradients(String name) {
        Golden g = Golden.load("stable_pretraining/" + name + ".json");
        JsonObject j = g.json();
        try (NDManager m = NDManager.newBaseManager(); SwAV model = GoldenModels.model(g, m)) {
            List<NDArray> globalViews = arrays(m, j.get("global_views"), true);
            List<NDArray> localViews = arrays(m, j.get("local_views"), true);
            SwavOutput out;
            List<NDArray> scores;
            List<NDArray> codes;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                out = model.forward(globalViews, localViews);
                collector.backward(out.loss());
            }
            Approx.assertClose(name + " loss", g.number("loss"), out.loss().getFloat(), TOL, TOL);
            Approx.assertClose(name + " embedding", flat(j.get("embedding")), out.embedding().toFloatArray(), TOL, 0);
            Approx.assertClose(name + " projection", flat(j.get("projection")), out.projection().toFloatArray(), TOL, 0);
            Approx.assertClose(name + " prototypes renormalised", flat(j.get("prototypes_normalized")),
                    model.prototypesParameter().getArray().toFloatArray(), TOL, 0);
            for (Pair<String, NDArray> grad : GoldenModels.gradients(model)) {
                Approx.assertClose(name + " " + grad.getKey(), flat(j.getAsJsonObject("grads").get(grad.getKey())),
                        grad.getValue().toFloatArray(), TOL, 1e-4);
            }
            checkViewGradients(name + " global", j.getAsJsonArray("grad_global_views"), globalViews);
            checkViewGradients(name + " local", j.getAsJsonArray("grad_local_views"), localViews);
            // per-view scores and codes, with the prototypes as the forward left them
            int v = 0;
            for (NDArray view : concat(globalViews, localViews)) {
                NDArray s = model.scores(model.project(model.encode(view)));
                Approx.assertClose(name + " scores[" + v + "]", flat(j.getAsJsonArray("scores").get(v)), s.toFloatArray(), TOL, 0);
                Approx.assertClose(name + " codes[" + v + "]", flat(j.getAsJsonArray("codes").get(v)),
                        model.swavLoss().sinkhorn(s).toFloatArray(), TOL, 0);
                v++;
            }
        }
    }

    private static List<NDArray> concat(List<NDArray> a, List<NDArray> b) {
        List<NDArray> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static void checkViewGradients(String what, JsonArray expected, List<NDArray> views) {
        assertEquals(expected.size(), views.size());
        for (int i = 0; i < views.size(); i++) {
            Approx.assertClose(what + " view " + i + " gradient", flat(expected.get(i)), views.get(i).getGradient().toFloatArray(), TOL, 1e-4);
        }
    }

    @Test
    void blockEntryPointRunsTheTwoViewForwardAndTheEvalPath() {
        Golden g = Golden.load("stable_pretraining/method_two_views.json");
        try (NDManager m = NDManager.newBaseManager(); SwAV model = GoldenModels.model(g, m)) {
            List<NDArray> views = arrays(m, g.json().get("global_views"), false);
            ai.djl.training.ParameterStore store = new ai.djl.training.ParameterStore(m, false);
            ai.djl.ndarray.NDList out = model.forward(store, new ai.djl.ndarray.NDList(views.get(0), views.get(1)), true);
            Approx.assertClose("block loss", g.number("loss"), out.get(0).getFloat(), TOL, TOL);
            Approx.assertClose("block embedding", flat(g.json().get("embedding")), out.get(1).toFloatArray(), TOL, 0);
            ai.djl.ndarray.NDList eval = model.forward(store, new ai.djl.ndarray.NDList(views.get(0)), false);
            assertEquals(0f, eval.get(0).getFloat());
            assertEquals(new Shape(g.integer("B"), g.integer("E")), eval.get(1).getShape());
            assertEquals("inputs must hold (images) or (view1, view2), got 3 arrays", org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> model.forward(store, new ai.djl.ndarray.NDList(views.get(0), views.get(0), views.get(0)), true))
                    .getMessage());
        }
    }

    @Test
    void evalPathReturnsBackboneFeaturesAndZeroLoss() {
        Golden g = Golden.load("stable_pretraining/method_eval.json");
        try (NDManager m = NDManager.newBaseManager(); SwAV model = GoldenModels.model(g, m)) {
            model.setTraining(false);
            SwavOutput out = model.forward(array(m, g.json().get("images")));
            assertEquals(new Shape(), out.loss().getShape());
            assertEquals(0f, out.loss().getFloat());
            assertEquals(g.number("loss"), out.loss().getFloat(), 0);
            Approx.assertClose("eval embedding", flat(g.json().get("embedding")), out.embedding().toFloatArray(), TOL, 0);
            assertNull(out.projection());
        }
    }

    @Test
    void functionalForwardOutsideTrainingOnlyEmbeds() {
        Golden g = Golden.load("stable_pretraining/method_eval.json");
        try (NDManager m = NDManager.newBaseManager(); SwAV model = GoldenModels.model(g, m)) {
            model.enableQueue(20, 0);
            model.setTraining(false);
            NDArray images = array(m, g.json().get("images"));
            SwavOutput out = model.functionalForward(List.of(images, images), 0);
            assertEquals(0f, out.loss().getFloat());
            assertNull(out.projection());
            float[] once = flat(g.json().get("embedding"));
            float[] twice = new float[2 * once.length];
            System.arraycopy(once, 0, twice, 0, once.length);
            System.arraycopy(once, 0, twice, once.length, once.length);
            Approx.assertClose("embeddings of both views", twice, out.embedding().toFloatArray(), TOL, 0);
            assertEquals(0, model.queue().size(), "no queue update outside training");
        }
    }

    @Test
    void functionalForwardQueueOverSteps() {
        Golden g = Golden.load("stable_pretraining/functional_queue_steps.json");
        try (NDManager m = NDManager.newBaseManager(); SwAV model = GoldenModels.model(g, m)) {
            model.enableQueue(g.integer("queue_length"), g.integer("start_queue_at_epoch"));
            int at = 0;
            for (Golden step : g.children("steps")) {
                String what = "step " + at++;
                boolean willUse = !model.queue().isEmpty() && step.integer("epoch") >= model.startQueueAtEpoch();
                assertEquals(step.bool("queue_used"), willUse, what + " queue used");
                SwavOutput out = model.functionalForward(arrays(m, step.json().get("views"), false), step.integer("epoch"));
                Approx.assertClose(what + " loss", step.number("loss"), out.loss().getFloat(), TOL, TOL);
                NDArray expected = array(m, step.json().get("queue_after"));
                assertEquals(expected.getShape(), model.queue().contents().getShape(), what + " queue shape");
                Approx.assertClose(what + " queue contents", expected.toFloatArray(), model.queue().contents().toFloatArray(), TOL, 0);
            }
        }
    }
}
