package dev.sslheads.novae.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.sslheads.ndarray.OwnedArrays;
import dev.sslheads.novae.module.GraphAugmentation;
import dev.sslheads.novae.module.NovaeModelGolden;
import dev.sslheads.novae.module.NovaeNetwork;
import dev.sslheads.swav.QueueWeights;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One training step of {@link NovaeTrainer} (augmentation with injected draws, both encodings, the SwAV loss of
 * the main batch's slide, backward, one Adam step) against the cases {@code golden/novae_model/step_*.json} of
 * {@code /usr/bin/python3 scripts/reference/novae_model_goldens.py} (plain torch 1.13 float32 with
 * {@code torch.optim.Adam}): frozen prototypes without a queue, a 2-slide queue selecting a proper subset, and 10
 * layers with a 3-slide queue whose selection falls back to the top min_prototypes.
 *
 * <p>Loss and entropy within 1e-5; the queue after the step within 1e-6; the selected prototypes exactly, as the
 * rows of the prototypes that receive a gradient (the gathered selection scatters into those rows only), and the
 * fallback from the queue weights. Gradients within 1e-4 of each tensor's largest entry. After Adam (whose first
 * step moves an entry by {@code lr g / (|g| + 1e-8)}, i.e. about {@code lr sign(g)}) within 1e-5 where the
 * reference's |g| is at least 1e-3 of its tensor's largest, so that both signs agree; every other entry moved by
 * at most lr.
 */
class NovaeTrainerParityTest {
    private static final double LOSS_TOL = 1e-5;
    private static final double QUEUE_TOL = 1e-6;
    private static final double GRADIENT_TOL = 1e-4;
    private static final double ADAM_TOL = 1e-5;
    private static final double SIGN_SAFE = 1e-3;
    /**
     * The pooling gate's bias shifts every gate of a graph alike, and a per-graph softmax ignores a common shift: its
     * gradient is exactly zero in exact arithmetic, so both sides hold rounding noise, compared only as being
     * negligible next to the gate weight's gradient; its Adam step (±lr by the noise's sign) is only bounded.
     */
    private static final String GATE_BIAS = "encoder.node_aggregation.attention_aggregation.gate_nn.bias";
    private static final String GATE_WEIGHT = "encoder.node_aggregation.attention_aggregation.gate_nn.weight";

    @TestFactory
    Stream<DynamicTest> everyStepCase() throws IOException, URISyntaxException {
        List<String> cases = NovaeModelGolden.cases("step_");
        assertEquals(3, cases.size(), "the generator's training-step cases, found " + cases);
        return cases.stream().map(name -> DynamicTest.dynamicTest(name, () -> check(name)));
    }

    private static void check(String name) {
        try (NovaeModelGolden golden = NovaeModelGolden.load(name);
                NovaeModelGolden.Batch main = golden.batch(golden.golden().child("step").child("main"));
                NovaeModelGolden.Batch view = golden.batch(golden.golden().child("step").child("view"));
                NDScope ignored = new NDScope()) {
            Golden step = golden.golden().child("step");
            NovaeNetwork network = golden.network();
            SwavHead head = network.head();
            int k = head.numPrototypes();
            head.setPrototypesFrozen(step.bool("prototypes_frozen"));
            head.setMinPrototypes((step.integer("min_prototypes") + 0.5) / k);
            assertEquals(step.integer("min_prototypes"), head.minPrototypes(), name + ": min_prototypes");
            if (step.has("queue")) {
                head.initQueue(List.of(step.strings("slide_ids")));
                OwnedArrays.copyInto(head.queue(), Golden.flat(step.json().get("queue")));
            }
            Golden augmentation = step.child("augmentation");
            GraphAugmentation defaults = defaultAugmentation();
            assertEquals(augmentation.integer("subset_size"), defaults.keptGenes((int) main.genes().size()), name + ": G'");
            NovaeTrainer trainer = new NovaeTrainer(network, defaults);
            Golden out = step.child("outputs");
            try (NovaeTrainer.Optimizers optimizers = new NovaeTrainer.Optimizers(network)) {
                int subset = augmentation.integer("subset_size");
                NDList lossEntropy = trainer.step(main.genes(), side(main, augmentation.child("main"), subset),
                        side(view, augmentation.child("view"), subset), step.string("slide_id"));
                Approx.assertClose(name + " loss", out.number("loss"), lossEntropy.get(0).getFloat(), LOSS_TOL, 0);
                Approx.assertClose(name + " entropy", out.number("entropy"), lossEntropy.get(1).getFloat(), LOSS_TOL, 0);
                checkSelection(name, head, step, out);
                checkGradients(name, out.json().getAsJsonObject("gradients"), gradients(network), head.prototypesFrozen());
                Map<String, float[]> before = values(network); // the forward renormalised the prototypes
                optimizers.step(step.number("lr"));
                checkAdam(name, out, before, values(network), step.number("lr"));
            }
        }
    }

    private static GraphAugmentation defaultAugmentation() {
        NovaeConfig c = NovaeConfig.DEFAULTS;
        return new GraphAugmentation(c.panelSubsetSize(), c.backgroundNoiseLambda(), c.sensitivityNoiseStd(), 0L);
    }

    /** The injected draws: columns perm[:G'] kept, then x * f_b + a_b. */
    private static NovaeTrainer.Augmented side(NovaeModelGolden.Batch batch, Golden draws, int subset) {
        long[] kept = IntStream.of(Arrays.copyOf(draws.ints("perm"), subset)).asLongStream().toArray();
        float[] additive = Approx.flatten(draws.matrix("a"));
        float[] factors = Approx.flatten(draws.matrix("f"));
        return new NovaeTrainer.Augmented(batch.nodes(), batch.graph(), new GraphAugmentation.Draws(kept, additive, factors));
    }

    private static void checkSelection(String name, SwavHead head, Golden step, Golden out) {
        int[] ilocs = out.ints("ilocs");
        if (!step.has("queue")) {
            assertArrayEquals(IntStream.range(0, head.numPrototypes()).toArray(), ilocs, name + ": no queue, every prototype");
            assertTrue(!head.hasQueue() && out.json().get("queue_after").isJsonNull(), name + ": no queue after");
            return;
        }
        float[] queueAfter = Golden.flat(out.json().get("queue_after"));
        Approx.assertClose(name + " queue after", queueAfter, head.queue().toFloatArray(), QUEUE_TOL, 0);
        float[] grad = head.prototypesParameter().getArray().getGradient().toFloatArray();
        int o = head.outputSize();
        int[] receiving = IntStream.range(0, head.numPrototypes())
                .filter(r -> IntStream.range(0, o).anyMatch(c -> grad[r * o + c] != 0)).toArray();
        assertArrayEquals(ilocs, receiving, name + ": trainable prototypes receiving a gradient (the selection)");
        int row = head.slideIds().indexOf(step.string("slide_id"));
        QueueWeights weights = head.queueWeights();
        long passing = weights.weights().get(row).gte(weights.thresholds()).toType(DataType.INT64, false).sum().getLong();
        assertEquals(out.bool("fallback"), passing < head.minPrototypes(),
                name + ": fallback (" + passing + " pass the threshold, min_prototypes " + head.minPrototypes() + ")");
    }

    private static void checkGradients(String name, JsonObject expected, Map<String, float[]> actual, boolean frozen) {
        for (Map.Entry<String, float[]> e : actual.entrySet()) {
            String what = name + " gradient of " + e.getKey();
            if (!expected.has(e.getKey())) {
                assertTrue(frozen && e.getKey().equals(NovaeNetwork.PROTOTYPES), what + " missing from the golden");
                assertTrue(maxAbs(e.getValue()) == 0, what + ": frozen prototypes get no gradient");
                continue;
            }
            float[] g = Golden.flat(expected.get(e.getKey()));
            if (e.getKey().equals(GATE_BIAS)) {
                double scale = maxAbs(Golden.flat(expected.get(GATE_WEIGHT)));
                assertTrue(maxAbs(g) <= GRADIENT_TOL * scale && maxAbs(e.getValue()) <= GRADIENT_TOL * scale,
                        what + " must be rounding noise: " + g[0] + " (reference), " + e.getValue()[0] + " vs " + scale);
                continue;
            }
            Approx.assertClose(what, g, e.getValue(), GRADIENT_TOL * maxAbs(g), 0);
        }
        assertEquals(actual.size() - (frozen ? 1 : 0), expected.size(), name + ": gradients in the golden");
    }

    private static void checkAdam(String name, Golden out, Map<String, float[]> before, Map<String, float[]> after, double lr) {
        JsonObject expectedAfter = out.json().getAsJsonObject("after_adam");
        JsonObject expectedGradients = out.json().getAsJsonObject("gradients");
        assertEquals(after.keySet(), expectedAfter.keySet(), name + ": parameters after Adam");
        for (Map.Entry<String, float[]> e : after.entrySet()) {
            String what = name + " after Adam, " + e.getKey();
            float[] expected = Golden.flat(expectedAfter.get(e.getKey()));
            float[] actual = e.getValue();
            if (!expectedGradients.has(e.getKey())) { // frozen prototypes: renormalised by the forward, not stepped
                Approx.assertClose(what, expected, actual, ADAM_TOL, 0);
                continue;
            }
            float[] g = Golden.flat(expectedGradients.get(e.getKey()));
            double signSafe = e.getKey().equals(GATE_BIAS) ? Double.POSITIVE_INFINITY : SIGN_SAFE * maxAbs(g);
            float[] start = before.get(e.getKey());
            for (int i = 0; i < actual.length; i++) {
                if (Math.abs(g[i]) >= signSafe) {
                    Approx.assertClose(what + "[" + i + "]", expected[i], actual[i], ADAM_TOL, 0);
                } else {
                    assertTrue(Math.abs(actual[i] - start[i]) <= lr * (1 + 1e-3) + 1e-6,
                            what + "[" + i + "] moved by " + (actual[i] - start[i]) + " (lr " + lr + ")");
                }
            }
        }
    }

    /** The host values of every state_dict tensor but the queue. */
    private static Map<String, float[]> values(NovaeNetwork network) {
        Map<String, float[]> out = new HashMap<>();
        network.stateDict().forEach((key, array) -> {
            if (!key.equals(NovaeNetwork.QUEUE)) {
                out.put(key, array.toFloatArray());
            }
        });
        return out;
    }

    private static Map<String, float[]> gradients(NovaeNetwork network) {
        Map<String, float[]> out = new HashMap<>();
        network.stateDict().forEach((key, array) -> {
            if (!key.equals(NovaeNetwork.QUEUE)) {
                out.put(key, array.getGradient().toFloatArray());
            }
        });
        return out;
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
