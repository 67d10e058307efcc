package dev.sslheads.stablepretraining;

import static dev.sslheads.stablepretraining.GoldenModels.array;
import static dev.sslheads.testing.Golden.flat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SwavLoss} against stable-pretraining's {@code SwAVLoss} on the goldens
 * {@code golden/stable_pretraining/swav_loss_{noqueue,queue}.json} made by
 * {@code /usr/bin/python3 scripts/reference/stable_pretraining_goldens.py} (Debian's torch 1.13,
 * float32): the in-place prototype renormalisation, scores, joint-Sinkhorn codes, loss and the
 * gradients w.r.t. both projections and the prototypes, within 1e-5.
 */
class SwavLossParityTest {
    static final double TOL = 1e-5;

    @ParameterizedTest
    @ValueSource(strings = {"swav_loss_noqueue", "swav_loss_queue"})
    void matchesTheReference(String name) {
        Golden g = Golden.load("stable_pretraining/" + name + ".json");
        JsonObject j = g.json();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray proj1 = array(m, j.get("proj1"));
            NDArray proj2 = array(m, j.get("proj2"));
            NDArray prototypes = array(m, j.get("prototypes_raw"));
            NDArray queue = g.has("queue") ? array(m, j.get("queue")) : null;
            proj1.setRequiresGradient(true);
            proj2.setRequiresGradient(true);
            prototypes.setRequiresGradient(true);
            SwavLoss loss = new SwavLoss(g.number("temperature"), g.integer("sinkhorn_iterations"), g.number("epsilon"));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                SwavLoss.Result r = loss.forward(proj1, proj2, prototypes, queue);
                collector.backward(r.loss());
                Approx.assertClose(name + " prototypes renormalised in place", flat(j.get("prototypes_normalized")), prototypes.toFloatArray(), TOL, 0);
                Approx.assertClose(name + " scores1", flat(j.get("scores1")), r.scores1().toFloatArray(), TOL, 0);
                Approx.assertClose(name + " scores2", flat(j.get("scores2")), r.scores2().toFloatArray(), TOL, 0);
                Approx.assertClose(name + " codes1", flat(j.get("codes1")), r.codes1().toFloatArray(), TOL, 0);
                Approx.assertClose(name + " codes2", flat(j.get("codes2")), r.codes2().toFloatArray(), TOL, 0);
                Approx.assertClose(name + " loss", g.number("loss"), r.loss().getFloat(), TOL, TOL);
            }
            Approx.assertClose(name + " grad proj1", flat(j.get("grad_proj1")), proj1.getGradient().toFloatArray(), TOL, 1e-4);
            Approx.assertClose(name + " grad proj2", flat(j.get("grad_proj2")), proj2.getGradient().toFloatArray(), TOL, 1e-4);
            Approx.assertClose(name + " grad prototypes", flat(j.get("grad_prototypes")), prototypes.getGradient().toFloatArray(), TOL, 1e-4);
        }
    }
}
