package dev.sslheads.swav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonArray;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The head against novae's behaviour on the golden cases {@code golden/novae/swav_*.json}, made by
 * {@code /usr/bin/python3 scripts/reference/novae_swav_goldens.py} (Debian's torch 1.13, float32),
 * through both ways of applying the slide selection (gathered columns, as on the CPU, and the
 * column mask used on accelerators):
 * projections, codes, loss, entropy and gradients within 1e-5; selected prototype indices exactly;
 * queue contents after every batch of a multi-slide sequence within 1e-6 (they are float
 * projections computed by two different BLAS builds), and exactly (projections and queue) in the
 * case marked {@code exact_projections}, whose entries are multiples of 1/4 with exact norms so
 * that every summation order gives the same float32 values.
 */
class SwavHeadParityTest {
    private static final double TOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> everyGoldenCase() throws IOException, URISyntaxException {
        Path dir = Path.of(Golden.class.getResource("/golden/novae").toURI());
        List<Path> cases;
        try (Stream<Path> files = Files.list(dir)) {
            cases = files.filter(p -> p.getFileName().toString().startsWith("swav_")).sorted().toList();
        }
        assertTrue(cases.size() >= 8, "expected the generator's swav cases, found " + cases);
        return cases.stream().flatMap(p -> Stream.of(
                DynamicTest.dynamicTest(p.getFileName() + " (gathered columns)", () -> checkCase(Golden.load("novae/" + p.getFileName()), false)),
                DynamicTest.dynamicTest(p.getFileName() + " (column mask)", () -> checkCase(Golden.load("novae/" + p.getFileName()), true))));
    }

    @org.junit.jupiter.api.Test
    void collapsedEmbeddingsGiveLnKAndEntropyOne() {
        Golden g = Golden.load("novae/collapse_case.json");
        checkCase(g, false);
        double expected = Math.log(g.integer("K"));
        Approx.assertClose("reference collapse loss", expected, g.children("steps").get(0).number("loss"), 1e-5, 0);
    }

    static SwavHead headFor(Golden g) {
        Mode mode = new Mode();
        SwavHead head = new SwavHead(mode, g.integer("O"), g.integer("K"), g.number("temperature"));
        head.setSettings(NovaeSettings.DEFAULTS.withSwavEpsilon(g.number("swav_epsilon"))
                .withSinkhornIterations(g.integer("sinkhorn_iterations")).withQueueSize(g.integer("queue_size"))
                .withQueueWeightThresholdRatio(g.number("queue_weight_threshold_ratio")));
        head.prototypesParameter().getArray().set(Approx.flatten(g.matrix("prototypes")));
        head.setMinPrototypes(g.number("min_prototypes_ratio"));
        assertEquals(g.integer("min_prototypes"), head.minPrototypes(), "min_prototypes = int(K * ratio)");
        if (g.has("slide_ids")) {
            head.initQueue(List.of(g.strings("slide_ids")));
        }
        if (g.bool("zero_shot")) {
            float[][] k = g.matrix("kmeans_prototypes");
            head.restoreKmeansPrototypes(head.manager().create(Approx.flatten(k), new Shape(k.length, k[0].length)));
            mode.setZeroShot(true);
        }
        return head;
    }

    private static void checkCase(Golden g, boolean mask) {
        try (SwavHead head = headFor(g); NDManager m = head.manager().newSubManager()) {
            head.setMaskOnCpu(mask);
            int k = g.integer("K");
            double projectionTol = g.has("exact_projections") && g.bool("exact_projections") ? 0 : TOL;
            double queueTol = projectionTol == 0 ? 0 : 1e-6;
            for (Golden step : g.children("steps")) {
                String at = g.name() + " step " + step.name();
                NDArray z1 = matrix(m, step.matrix("z1"));
                NDArray z2 = matrix(m, step.matrix("z2"));
                z1.setRequiresGradient(true);
                SwavStep out;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    out = head.forwardStep(z1, z2, step.string("slide_id"));
                    collector.backward(out.loss());
                }
                Approx.assertClose(at + " projections1", step.matrix("projections1"), out.projections1(), projectionTol, 0);
                Approx.assertClose(at + " projections2", step.matrix("projections2"), out.projections2(), projectionTol, 0);
                int[] ilocs = step.ints("ilocs");
                int[] selected = out.selection() == null ? range(k) : toInts(out.selection().nonzero().squeeze(1).toLongArray());
                assertArrayEquals(ilocs, selected, at + " selected prototypes");
                assertSelectedColumns(at + " codes1", step.matrix("codes1"), out.codes1(), ilocs);
                assertSelectedColumns(at + " codes2", step.matrix("codes2"), out.codes2(), ilocs);
                Approx.assertClose(at + " loss", step.number("loss"), out.loss().getFloat(), TOL, TOL);
                Approx.assertClose(at + " entropy", step.number("entropy"), out.entropy().getFloat(), TOL, TOL);
                Approx.assertClose(at + " grad z1", step.matrix("grad_z1"), z1.getGradient(), TOL, 1e-4);
                if (!g.bool("zero_shot")) { // zero-shot k-means prototypes are never trained, so they take no gradient
                    NDArray protoGrad = head.prototypesParameter().getArray().getGradient();
                    Approx.assertClose(at + " grad prototypes", step.matrix("grad_prototypes"), protoGrad, TOL, 1e-4);
                    protoGrad.muli(0);
                }
                if (step.has("queue_after")) {
                    Approx.assertClose(at + " queue", queue(step.json().getAsJsonArray("queue_after")), head.queue().toFloatArray(), queueTol, 0);
                }
            }
        }
    }

    private static void assertSelectedColumns(String what, float[][] expected, NDArray codes, int[] ilocs) {
        float[] all = codes.toFloatArray();
        int k = (int) codes.getShape().get(1);
        boolean[] chosen = new boolean[k];
        for (int c : ilocs) {
            chosen[c] = true;
        }
        List<Float> picked = new ArrayList<>();
        for (int r = 0; r < expected.length; r++) {
            for (int c = 0; c < k; c++) {
                if (chosen[c]) {
                    picked.add(all[r * k + c]);
                } else {
                    assertEquals(0f, all[r * k + c], what + " outside the selection");
                }
            }
        }
        float[] actual = new float[picked.size()];
        for (int i = 0; i < actual.length; i++) {
            actual[i] = picked.get(i);
        }
        Approx.assertClose(what, Approx.flatten(expected), actual, TOL, 0);
    }

    private static float[] queue(JsonArray slides) {
        List<Float> values = new ArrayList<>();
        slides.forEach(s -> s.getAsJsonArray().forEach(d -> d.getAsJsonArray().forEach(v -> values.add(v.getAsFloat()))));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static NDArray matrix(NDManager m, float[][] rows) {
        return m.create(Approx.flatten(rows), new Shape(rows.length, rows[0].length));
    }

    private static int[] range(int k) {
        int[] r = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] toInts(long[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
