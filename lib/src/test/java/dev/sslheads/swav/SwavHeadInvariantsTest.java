package dev.sslheads.swav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.cluster.Dendrogram;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

/** heads-spec §9's invariants at the level of the head, and prototypeIlocs replayed on the golden sequences. */
class SwavHeadInvariantsTest {

    @Test
    void codesAreRowStochasticOverTheSelection() {
        try (SwavHead head = new SwavHead(new Mode(), 16, 40, 0.1, 5L, null)) {
            head.initQueue(List.of("a", "b"));
            head.setMinPrototypes(0.3);
            NDManager m = head.manager();
            for (int i = 0; i < 6; i++) {
                SwavStep step = head.forwardStep(m.randomNormal(new Shape(32, 16)), m.randomNormal(new Shape(32, 16)), i % 2 == 0 ? "a" : "b");
                float[] ones = new float[32];
                java.util.Arrays.fill(ones, 1f);
                Approx.assertClose("codes1 row sums", ones, step.codes1().sum(new int[] {1}).toFloatArray(), 1e-5, 0);
                Approx.assertClose("codes2 row sums", ones, step.codes2().sum(new int[] {1}).toFloatArray(), 1e-5, 0);
            }
        }
    }

    /**
     * A slide whose embeddings point away from every prototype ends with negative queue weights, so
     * the seed's threshold {@code 0.99 * max} (min_prototypes 0) selects nothing. The seed then works
     * on {@code P[:, []]}: empty codes, loss -0.0 with zero gradients, entropy -0.0 (checked with
     * torch 1.13); both ways of applying the selection give the same.
     */
    @Test
    void anEmptySelectionGivesTheSeedsZeroLossAndZeroGradients() {
        for (boolean mask : new boolean[] {false, true}) {
            try (SwavHead head = new SwavHead(new Mode(), 2, 4, 0.1, 1L, null)) {
                head.setMaskOnCpu(mask);
                NDManager m = head.manager();
                head.prototypesParameter().getArray().set(new float[] {1f, 0f, 0f, 1f, 0.6f, 0.8f, 0.8f, 0.6f});
                head.initQueue(List.of("a", "b"));
                NDArray away = m.create(new float[] {-1f, -1f, -1f, -0.5f, -0.5f, -1f}, new Shape(3, 2));
                head.forwardStep(away, away, "a"); // queue a: [negative, 1/K]: still passes
                NDArray z1 = away.duplicate();
                z1.setRequiresGradient(true);
                SwavStep step;
                try (ai.djl.training.GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    step = head.forwardStep(z1, away, "a");
                    collector.backward(step.loss());
                }
                String path = mask ? "column mask" : "gathered columns";
                assertEquals(0, step.selection().sum().getLong(), path + ": nothing selected");
                assertEquals(0f, step.loss().getFloat(), 0f, path + ": loss (-0.0 in the seed)");
                assertEquals(0f, step.entropy().getFloat(), 0f, path + ": entropy (-0.0 in the seed)");
                assertEquals(0f, step.codes1().abs().sum().getFloat(), path + ": codes");
                assertEquals(0f, z1.getGradient().abs().sum().getFloat(), path + ": gradient of z1");
            }
        }
    }

    @Test
    void runsThroughDjlsBlockEntryPoint() {
        try (SwavHead head = new SwavHead(new Mode(), 6, 8, 0.1, 4L, null)) {
            NDManager m = head.manager();
            NDArray z1 = m.randomNormal(new Shape(10, 6));
            NDArray z2 = m.randomNormal(new Shape(10, 6));
            float expected = head.forward(z1, z2, null).get(0).getFloat();
            NDList out = head.forward(new ai.djl.training.ParameterStore(m, false), new NDList(z1, z2), true);
            assertEquals(expected, out.get(0).getFloat(), 1e-6f, "Block.forward gives the head's loss");
        }
    }

    @Test
    void permutingPrototypesPermutesProjectionsAndCodesAndKeepsTheLoss() {
        long[] order = {3, 0, 7, 1, 6, 2, 5, 4};
        try (SwavHead head = new SwavHead(new Mode(), 6, 8, 0.1, 9L, null);
                SwavHead permuted = new SwavHead(new Mode(), 6, 8, 0.1, 9L, null)) {
            NDManager m = head.manager();
            NDArray index = m.create(order);
            permuted.prototypesParameter().getArray().set(head.prototypesParameter().getArray().get("{}, :", index).toFloatArray());
            NDArray z1 = m.randomNormal(new Shape(20, 6));
            NDArray z2 = m.randomNormal(new Shape(20, 6));
            SwavStep a = head.forwardStep(z1, z2, null);
            SwavStep b = permuted.forwardStep(z1, z2, null);
            Approx.assertClose("projections", a.projections1().get(":, {}", index).toFloatArray(), b.projections1().toFloatArray(), 1e-6, 0);
            Approx.assertClose("codes", a.codes1().get(":, {}", index).toFloatArray(), b.codes1().toFloatArray(), 1e-6, 0);
            Approx.assertClose("loss", a.loss().getFloat(), b.loss().getFloat(), 1e-6, 1e-6);
        }
    }

    @Test
    void identicalEmbeddingsGiveLnKAndEntropyOne() {
        int k = 8;
        try (SwavHead head = new SwavHead(new Mode(), 16, k, 0.1, 2L, null)) {
            NDManager m = head.manager();
            NDArray prototypes = m.randomNormal(new Shape(k, 16));
            prototypes.set(new ai.djl.ndarray.index.NDIndex(":, 8:"), 0f); // prototypes span the first 8 dimensions
            head.prototypesParameter().getArray().set(prototypes.toFloatArray());
            head.normalizePrototypes();
            NDArray z = m.zeros(new Shape(12, 16));
            z.set(new ai.djl.ndarray.index.NDIndex(":, 15"), 3f); // every row the same, orthogonal to every prototype
            NDList out = head.forward(z, z, null);
            Approx.assertClose("loss = ln K", Math.log(k), out.get(0).getFloat(), 1e-5, 0);
            Approx.assertClose("entropy", 1.0, out.get(1).getFloat(), 1e-5, 0);
        }
    }

    @Test
    void prototypeIlocsReplaysTheGoldenSelectionsAndQueue() {
        for (String name : List.of("swav_three_slides_b8_k40_o32_r03.json", "swav_three_slides_b8_k8_o4_r1.json",
                "swav_four_slides_b8_k64_o16_r0.json")) {
            Golden g = Golden.load("novae/" + name);
            try (SwavHead head = SwavHeadParityTest.headFor(g)) {
                for (Golden step : g.children("steps")) {
                    NDArray projections = SwavHeadParityTest.matrix(head.manager(), step.matrix("projections1"));
                    long[] ilocs = head.prototypeIlocs(projections, step.string("slide_id")).toLongArray();
                    int[] expected = step.ints("ilocs");
                    assertEquals(expected.length, ilocs.length, name + " " + step.name());
                    for (int i = 0; i < ilocs.length; i++) {
                        assertEquals(expected[i], ilocs[i], name + " " + step.name() + " index " + i);
                    }
                }
                assertTrue(head.hasQueue());
            }
        }
    }

    @Test
    void zeroShotUsesKmeansPrototypesAndLeavesTheQueueAlone() {
        try (SwavHead head = new SwavHead(new Mode(), 4, 5, 0.1, 1L, null)) {
            head.initQueue(List.of("a", "b"));
            NDManager m = head.manager();
            head.setKmeansPrototypes(m.randomNormal(new Shape(50, 4)));
            float[] queue = head.queue().toFloatArray();
            head.mode().setZeroShot(true);
            assertArrayEquals(head.kmeansPrototypes().toFloatArray(), head.prototypes().toFloatArray());
            head.forward(m.randomNormal(new Shape(6, 4)), m.randomNormal(new Shape(6, 4)), "a");
            assertArrayEquals(queue, head.queue().toFloatArray(), "zero-shot forwards do not touch the queue");
            assertEquals(5, head.prototypeIlocs(m.randomNormal(new Shape(6, 5)), "a").size());
            Dendrogram zeroShotTree = head.dendrogram();
            head.mode().setZeroShot(false);
            Dendrogram normalTree = head.dendrogram();
            assertNotSame(zeroShotTree, normalTree);
            head.mode().setZeroShot(true);
            assertSame(zeroShotTree, head.dendrogram(), "each mode keeps its own cached tree");
            head.setKmeansPrototypes(m.randomNormal(new Shape(50, 4)));
            assertNotSame(zeroShotTree, head.dendrogram(), "new k-means prototypes reset the zero-shot tree");
            head.mode().setZeroShot(false);
            assertSame(normalTree, head.dendrogram(), "and leave the normal tree cached");
        }
    }
}
