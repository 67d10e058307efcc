package dev.sslheads.lightly;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link SwavModel} + {@link SwavLoss} against the lightly / fmcib behaviour on the golden cases
 * {@code golden/lightly/swav_*.json}, made by {@code /usr/bin/python3 scripts/reference/lightly_swav_goldens.py}
 * (Debian's torch 1.13, float32): for every step of each sequence, the high-, low-resolution and
 * queue scores, the codes, the loss, the gradients of every parameter and of the first
 * high-resolution input (zero where torch leaves none: frozen prototypes), the queue contents and
 * pointers and {@code numFeaturesQueued}; within 1e-5 (exact for integers).
 */
class SwavModelParityTest {
    private static final double TOL = 1e-5;
    private static final List<String> CASES = List.of("swav_b8_h2_l2_bias_noqueue", "swav_b8_h2_l6_bias_queue20_start1",
            "swav_b6_h3_l0_nobias_queue12_start0", "swav_b8_h1_l3_nobias_frozen_epochs2", "swav_b8_h2_l1_bias_frozen_steps2",
            "swav_b8_h2_l2_bias_two_heads");

    @TestFactory
    Stream<DynamicTest> everyGoldenCase() {
        return CASES.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(new LightlyGoldenCase(name + ".json"))));
    }

    private static void check(LightlyGoldenCase c) {
        try (NDManager m = NDManager.newBaseManager(); SwavModel model = c.model(m)) {
            SwavLoss loss = new SwavLoss(c.json.get("temperature").getAsDouble(), c.integer("sinkhorn_iterations"),
                    c.json.get("sinkhorn_epsilon").getAsDouble());
            List<LightlyGoldenCase.Named> parameters = LightlyGoldenCase.parameters(model);
            JsonArray steps = c.json.getAsJsonArray("steps");
            for (int s = 0; s < steps.size(); s++) {
                JsonObject g = steps.get(s).getAsJsonObject();
                String at = c.golden.name() + " step " + s;
                for (LightlyGoldenCase.Named p : parameters) {
                    p.parameter().getArray().getGradient().muli(0);
                }
                List<NDArray> high = LightlyGoldenCase.arrays(m, g.get("high"));
                List<NDArray> low = LightlyGoldenCase.arrays(m, g.get("low"));
                high.get(0).setRequiresGradient(true);
                List<SwavScores> heads;
                NDArray total = null;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    heads = model.forwardHeads(high, low, LightlyGoldenCase.nullableInt(g, "epoch"), LightlyGoldenCase.nullableInt(g, "step"));
                    for (SwavScores h : heads) {
                        NDArray l = loss.forward(h);
                        total = total == null ? l : total.add(l);
                    }
                    collector.backward(total);
                }
                Approx.assertClose(at + " loss", g.get("loss").getAsDouble(), total.getFloat(), TOL, TOL);
                JsonArray goldenHeads = g.getAsJsonArray("heads");
                for (int h = 0; h < heads.size(); h++) {
                    checkHead(at + " head " + h, heads.get(h), goldenHeads.get(h).getAsJsonObject(), loss);
                }
                JsonObject grads = g.getAsJsonObject("grads");
                for (LightlyGoldenCase.Named p : parameters) {
                    checkGradient(at + " grad " + p.name(), grads.get(p.name()), p.parameter().getArray().getGradient());
                }
                checkGradient(at + " grad input_high_0", grads.get("input_high_0"), high.get(0).getGradient());
                if (c.integer("n_queues") > 0) {
                    assertEquals(g.get("num_features_queued").getAsLong(), model.numFeaturesQueued(), at + " numFeaturesQueued");
                    JsonArray banks = g.getAsJsonArray("banks");
                    JsonArray pointers = g.getAsJsonArray("pointers");
                    for (int q = 0; q < banks.size(); q++) {
                        assertEquals(pointers.get(q).getAsInt(), model.queues().get(q).pointer(), at + " pointer of queue " + q);
                        Approx.assertClose(at + " bank " + q, Golden.flat(banks.get(q)), model.queues().get(q).bank().toFloatArray(), TOL, 0);
                    }
                }
            }
        }
    }

    private static void checkHead(String at, SwavScores scores, JsonObject g, SwavLoss loss) {
        checkList(at + " high scores", g.get("high_scores"), scores.high());
        checkList(at + " low scores", g.get("low_scores"), scores.low());
        if (g.get("queue_scores").isJsonNull()) {
            assertNull(scores.queue(), at + ": the reference returns no queue scores here");
        } else {
            assertTrue(scores.queue() != null, at + ": the reference returns queue scores here");
            checkList(at + " queue scores", g.get("queue_scores"), scores.queue());
        }
        JsonArray codes = g.getAsJsonArray("codes");
        for (int i = 0; i < codes.size(); i++) {
            NDArray q = loss.codes(scores.high().get(i), scores.queue() == null ? null : scores.queue().get(i));
            Approx.assertClose(at + " codes of high crop " + i, Golden.flat(codes.get(i)), q.toFloatArray(), TOL, 0);
        }
        Approx.assertClose(at + " loss", g.get("loss").getAsDouble(), loss.forward(scores).getFloat(), TOL, TOL);
    }

    private static void checkList(String at, JsonElement expected, List<NDArray> actual) {
        JsonArray list = expected.getAsJsonArray();
        assertEquals(list.size(), actual.size(), at + ": number of crops");
        for (int i = 0; i < list.size(); i++) {
            Approx.assertClose(at + " [" + i + "]", Golden.flat(list.get(i)), actual.get(i).toFloatArray(), TOL, 0);
        }
    }

    /** A null golden gradient (torch left it None) must be all zeros here. */
    private static void checkGradient(String at, JsonElement expected, NDArray actual) {
        float[] values = actual.toFloatArray();
        if (expected.isJsonNull()) {
            assertArrayEquals(new float[values.length], values, at + ": no gradient in the reference, expected zeros");
        } else {
            Approx.assertClose(at, Golden.flat(expected), values, TOL, TOL);
        }
    }
}
