package dev.sslheads.yaware;

import dev.sslheads.optim.AdamW;
import dev.sslheads.optim.Sgd;
import dev.sslheads.optim.WarmupCosineSchedule;
import dev.sslheads.optim.ParameterOptimizer;
import static dev.sslheads.yaware.GoldenArrays.array;
import static dev.sslheads.yaware.GoldenArrays.assertClose;
import static dev.sslheads.yaware.GoldenArrays.doubles;
import static dev.sslheads.yaware.GoldenArrays.flat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sslheads.testing.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * y-Aware parts against the goldens {@code golden/nidl/*.json} made by
 * {@code /usr/bin/python3 scripts/reference/nidl_yaware_goldens.py} (Debian's torch 1.13, numpy,
 * scikit-learn's pairwise distances): kernel matrices per kernel and bandwidth kind, both weight
 * normalisations, losses with and without labels and their gradients w.r.t. both views, the
 * warmup-cosine schedule step by step, three AdamW / Adam / SGD steps with the bias and norm exclusion;
 * all within 1e-5.
 */
class YAwareParityTest {
    private static final double TOL = 1e-5;

    static Bandwidth bandwidth(JsonElement b) {
        if (b.isJsonPrimitive() && b.getAsJsonPrimitive().isString()) {
            return Bandwidth.rule(b.getAsString());
        }
        if (b.isJsonPrimitive()) {
            return Bandwidth.scalar(b.getAsDouble());
        }
        if (b.getAsJsonArray().get(0).isJsonArray()) {
            return Bandwidth.matrix(GoldenArrays.matrix(b));
        }
        return Bandwidth.perFeature(flat(b));
    }

    @Test
    void kernelMatricesForEveryKernelAndBandwidthKind() {
        List<Golden> cases = Golden.load("nidl/kernel_matrices.json").children("cases");
        assertEquals(30, cases.size(), "5 kernels x (scalar, list, matrix, scott, silverman, scalar on 1-D labels)");
        try (NDManager m = NDManager.newBaseManager()) {
            for (Golden c : cases) {
                JsonObject j = c.json();
                String what = c.string("kernel") + "/" + c.string("kind");
                try (KernelMetric metric = new KernelMetric(c.string("kernel"), bandwidth(j.get("bandwidth")))) {
                    NDArray y = array(m, j.get("y"), DataType.FLOAT64);
                    metric.fit(y);
                    assertClose(what + " sqrt bandwidth", flat(j.get("sqr_bandwidth")), doubles(metric.sqrtBandwidth()), 1e-12);
                    assertClose(what + " inverse sqrt bandwidth", flat(j.get("inv_sqr_bandwidth")), doubles(metric.invSqrtBandwidth()), 1e-12);
                    assertClose(what + " pairwise", flat(j.get("pairwise")), doubles(metric.pairwise(y)), 1e-7);
                }
            }
        }
    }

    @Test
    void weightsUnderBothNormalisations() {
        try (NDManager m = NDManager.newBaseManager()) {
            for (Golden c : Golden.load("nidl/weights.json").children("cases")) {
                JsonObject j = c.json();
                NDArray labels = array(m, j.get("labels"), DataType.FLOAT64);
                for (WeightNormalization normalization : WeightNormalization.values()) {
                    try (YAwareInfoNCE loss = new YAwareInfoNCE(c.string("kernel"), Bandwidth.scalar(c.number("bandwidth")), 0.1, normalization)) {
                        String key = normalization == WeightNormalization.ROWS ? "rows" : "nidl_columns";
                        assertClose(c.string("kernel") + " " + key, flat(j.get(key)), doubles(loss.weights(labels)), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void lossesAndGradientsOfBothViews() {
        List<Golden> cases = Golden.load("nidl/losses.json").children("cases");
        assertEquals(6, cases.size());
        try (NDManager m = NDManager.newBaseManager()) {
            for (Golden c : cases) {
                JsonObject j = c.json();
                WeightNormalization normalization = c.bool("rows") ? WeightNormalization.ROWS : WeightNormalization.NIDL_COLUMNS;
                String kernel = c.has("kernel") ? c.string("kernel") : "gaussian";
                Bandwidth b = c.has("bandwidth") ? bandwidth(j.get("bandwidth")) : Bandwidth.scalar(1.0);
                try (YAwareInfoNCE loss = new YAwareInfoNCE(kernel, b, c.number("temperature"), normalization)) {
                    NDArray z1 = array(m, j.get("z1"), DataType.FLOAT32);
                    NDArray z2 = array(m, j.get("z2"), DataType.FLOAT32);
                    NDArray labels = c.has("labels") ? array(m, j.get("labels"), DataType.FLOAT64) : null;
                    z1.setRequiresGradient(true);
                    z2.setRequiresGradient(true);
                    double value;
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray out = loss.forward(z1, z2, labels);
                        assertEquals(labels == null ? DataType.FLOAT32 : DataType.FLOAT64, out.getDataType(), c.string("name") + " (nidl: " + c.string("loss_dtype") + ")");
                        value = doubles(out)[0];
                        collector.backward(out);
                    }
                    String name = c.string("name");
                    assertClose(name + " loss", new double[] {c.number("loss")}, new double[] {value}, TOL * Math.max(1, Math.abs(c.number("loss"))));
                    assertClose(name + " grad z1", flat(j.get("grad_z1")), doubles(z1.getGradient()), TOL);
                    assertClose(name + " grad z2", flat(j.get("grad_z2")), doubles(z2.getGradient()), TOL);
                }
            }
        }
    }

    @Test
    void warmupCosineScheduleStepByStep() {
        for (Golden c : Golden.load("nidl/lr_schedule.json").children("cases")) {
            WarmupCosineSchedule s = new WarmupCosineSchedule(c.number("base_lr"), c.number("warmup_steps"), c.integer("total_steps"),
                    c.number("warmup_start_lr"), c.number("min_lr"));
            double[] expected = flat(c.json().get("closed_form"));
            double[] actual = new double[expected.length];
            for (int t = 0; t < actual.length; t++) {
                actual[t] = s.at(t);
            }
            assertClose(c.string("name"), expected, actual, 1e-12);
            double w = c.number("warmup_steps");
            if (w == Math.rint(w) && w >= 1) {
                // for whole warmups pl_bolts' chainable recursion (what torch steps through) is the closed form
                assertClose(c.string("name") + " vs chainable", flat(c.json().get("chainable")), actual, 1e-10);
            }
        }
    }

    @Test
    void optimizerStepsWithBiasAndNormExclusion() {
        for (Golden c : Golden.load("nidl/adamw.json").children("cases")) {
            JsonObject j = c.json();
            try (NDManager m = NDManager.newBaseManager()) {
                List<NDArray> params = new ArrayList<>();
                for (JsonElement p : j.getAsJsonArray("initial")) {
                    NDArray a = array(m, p, DataType.FLOAT32);
                    a.setRequiresGradient(true);
                    params.add(a);
                }
                String kind = c.string("optimizer");
                try (ParameterOptimizer opt = "sgd".equals(kind)
                        ? new Sgd(params, c.number("weight_decay"), c.bool("exclude_bias_and_norm_wd"), c.number("momentum"))
                        : new AdamW(params, c.number("weight_decay"), c.bool("exclude_bias_and_norm_wd"), 0.9, 0.999, 1e-8, "adamW".equals(kind))) {
                    if (c.bool("exclude_bias_and_norm_wd")) {
                        assertEquals(c.number("weight_decay"), opt.weightDecayOf(0));
                        assertEquals(0.0, opt.weightDecayOf(1), "bias");
                        assertEquals(0.0, opt.weightDecayOf(2), "norm weight");
                    }
                    int step = 0;
                    for (Golden s : c.children("steps")) {
                        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray total = null;
                            for (int i = 0; i < params.size(); i++) {
                                NDArray g = array(m, s.json().getAsJsonArray("grads").get(i), DataType.FLOAT32);
                                NDArray term = params.get(i).mul(g).sum();
                                total = total == null ? term : total.add(term);
                            }
                            collector.backward(total);
                        }
                        opt.step(s.number("lr"));
                        step++;
                        for (int i = 0; i < params.size(); i++) {
                            assertClose(c.string("name") + " step " + step + " " + j.getAsJsonArray("names").get(i).getAsString(),
                                    flat(s.json().getAsJsonArray("params_after").get(i)), doubles(params.get(i)), TOL);
                        }
                    }
                    assertTrue(step == 3);
                }
            }
        }
    }
}
