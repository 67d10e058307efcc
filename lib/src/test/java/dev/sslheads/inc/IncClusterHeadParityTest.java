package dev.sslheads.inc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The head against pyagc's INCClusterHead on the golden cases {@code golden/pyagc/inc_*.json}, made by
 * {@code /usr/bin/python3 scripts/reference/pyagc_inc_goldens.py} (Debian's torch 1.13, float32; the
 * seeded torch init is not reproducible here, so the centres are copied from the golden): loss,
 * soft assignments, computed centres, gradients of one backward step w.r.t. z and the centres,
 * resetClusterCenters within 1e-5 (soft assignments 1e-6, gradientNormalize 1e-5 of its row norm 0.2 alpha);
 * hard labels exactly.
 */
class IncClusterHeadParityTest {
    private static final double TOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> everyGoldenCase() throws IOException, URISyntaxException {
        Path dir = Path.of(Golden.class.getResource("/golden/pyagc").toURI());
        List<Path> cases;
        try (Stream<Path> files = Files.list(dir)) {
            cases = files.filter(p -> p.getFileName().toString().startsWith("inc_")).sorted().toList();
        }
        assertTrue(cases.size() >= 6, "expected the generator's inc cases, found " + cases);
        return cases.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(),
                () -> checkCase(Golden.load("pyagc/" + p.getFileName()))));
    }

    private static void checkCase(Golden g) {
        try (IncClusterHead head = new IncClusterHead(g.integer("K"), g.integer("d"), g.number("alpha"));
                NDManager m = head.manager().newSubManager()) {
            String at = g.name();
            head.clusterCenters().set(Approx.flatten(g.matrix("init_centers")));
            NDArray z = matrix(m, g.matrix("z"));
            z.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = head.forward(z);
                Approx.assertClose(at + " loss", g.number("loss"), loss.getFloat(), TOL, TOL);
                Approx.assertClose(at + " loss = 2 (1 - mean max cos)", g.number("invariant_loss"), loss.getFloat(), TOL, TOL);
                collector.backward(loss);
            }
            Approx.assertClose(at + " grad z", g.matrix("grad_z"), z.getGradient(), TOL, 1e-4);
            Approx.assertClose(at + " grad centers", g.matrix("grad_centers"), head.clusterCenters().getGradient(), TOL, 1e-4);
            head.gradientNormalize();
            // rows of norm 0.2 alpha (2e-4 at pyagc's alpha): the tolerance scales with them
            Approx.assertClose(at + " gradientNormalize", g.matrix("grad_normalized"), head.clusterCenters().getGradient(),
                    TOL * 0.2 * g.number("alpha"), 1e-4);

            NDArray x = z.stopGradient();
            assertArrayEquals(toLongs(g.ints("labels")), head.cluster(x, false).toLongArray(), at + " hard labels");
            // within 2 alpha of 1/K at small alpha: compared to 1e-6
            Approx.assertClose(at + " soft assignments", g.matrix("soft"), head.cluster(x, true), 1e-6, 0);
            Approx.assertClose(at + " computeClusterCenter", g.matrix("computed_centers"), head.computeClusterCenter(), TOL, 0);

            head.resetClusterCenters(matrix(m, g.matrix("reset_input")));
            Approx.assertClose(at + " resetClusterCenters", g.matrix("reset_centers"), head.clusterCenters(), TOL, 0);
        }
    }

    static NDArray matrix(NDManager m, float[][] rows) {
        return m.create(Approx.flatten(rows), new Shape(rows.length, rows[0].length));
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
