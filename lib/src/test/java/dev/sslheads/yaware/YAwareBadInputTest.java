package dev.sslheads.yaware;

import dev.sslheads.optim.AdamW;
import dev.sslheads.optim.Sgd;
import dev.sslheads.optim.WarmupCosineSchedule;
import dev.sslheads.optim.WarmupCosineSettings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import dev.sslheads.train.MlpEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every constructor and method rejects bad input with a message naming the argument, the expected and the actual value; state is unchanged. */
class YAwareBadInputTest {
    private static String message(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void kernelsAndBandwidths() {
        assertEquals("kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got 'triangle'",
                message(() -> Kernel.of("triangle")));
        assertEquals("kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got null", message(() -> Kernel.of(null)));
        assertEquals("bandwidth must be a finite number > 0, got -1.0", message(() -> Bandwidth.scalar(-1)));
        assertEquals("bandwidth must be a finite number > 0, got 0.0", message(() -> Bandwidth.scalar(0)));
        assertEquals("bandwidth must be a finite number > 0, got NaN", message(() -> Bandwidth.scalar(Double.NaN)));
        assertEquals("bandwidth[1] must be a finite number > 0, got 0.0", message(() -> Bandwidth.perFeature(1, 0)));
        assertEquals("bandwidth list must hold one value per label feature, got an empty list", message(() -> Bandwidth.perFeature()));
        assertEquals("bandwidth matrix must be square (2, 2), got row 1 of length 3", message(() -> Bandwidth.matrix(new double[][] {{1, 0}, {0, 1, 0}})));
        assertEquals("bandwidth matrix must be symmetric (|H[i][j] - H[j][i]| <= 1e-8), got H[0][1] = 0.5 and H[1][0] = 0.2",
                message(() -> Bandwidth.matrix(new double[][] {{1, 0.5}, {0.2, 1}})));
        assertTrue(message(() -> Bandwidth.matrix(new double[][] {{1, 2}, {2, 1}}))
                .startsWith("bandwidth matrix must be positive definite (all eigenvalues > 0), got smallest eigenvalue -0.99999"));
        assertTrue(message(() -> Bandwidth.matrix(new double[][] {{1, 0}, {0, 0}})).startsWith("bandwidth matrix must be positive definite"));
        assertEquals("bandwidth rule must be one of {scott, silverman}, got 'auto'", message(() -> Bandwidth.rule("auto")));
        assertEquals("kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got 'box'",
                message(() -> new KernelMetric("box", Bandwidth.scott())));
    }

    @Test
    void kernelMetricFitAndPairwiseLeaveTheFitUnchanged() {
        try (NDManager m = NDManager.newBaseManager(); KernelMetric metric = new KernelMetric("gaussian", Bandwidth.perFeature(1, 2))) {
            NDArray y3 = m.randomNormal(new Shape(5, 3));
            assertEquals("bandwidth list must have one entry per label feature (3), got 2", message(() -> metric.fit(y3)));
            assertFalse(metric.isFitted());
            assertEquals("this KernelMetric is not fitted yet: call fit(y) first",
                    assertThrows(IllegalStateException.class, () -> metric.pairwise(m.randomNormal(new Shape(5, 2)))).getMessage());
            metric.fit(m.randomNormal(new Shape(5, 2)));
            assertEquals("y must have 2 features (as fitted), got shape (5, 3)", message(() -> metric.pairwise(y3)));
            assertEquals("y must be a non-empty array (n) or (n, ...), got shape (0, 2)", message(() -> metric.fit(m.zeros(new Shape(0, 2)))));
            assertEquals(5, metric.n(), "the previous fit is kept");
            try (KernelMetric scott = new KernelMetric("cosine", Bandwidth.scott())) {
                assertEquals("y must have at least 2 rows for the scott rule, got 1", message(() -> scott.fit(m.ones(new Shape(1, 2)))));
            }
            assertEquals("kernel and bandwidth must not be null, got kernel=null, bandwidth=scott",
                    message(() -> new KernelMetric((Kernel) null, Bandwidth.scott())));
        }
    }

    @Test
    void lossConstructorsAndForward() {
        assertEquals("temperature must be a finite number > 0, got 0.0", message(() -> new YAwareInfoNCE("gaussian", Bandwidth.scalar(1), 0)));
        assertEquals("temperature must be a finite number > 0, got -0.1", message(() -> new YAwareInfoNCE("gaussian", Bandwidth.scalar(1), -0.1)));
        assertEquals("kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got 'rbf'",
                message(() -> new YAwareInfoNCE("rbf", Bandwidth.scalar(1), 0.1)));
        assertEquals("bandwidth must not be null", message(() -> new YAwareInfoNCE("gaussian", null, 0.1)));
        assertEquals("normalization must be one of NIDL_COLUMNS, ROWS, got null",
                message(() -> new YAwareInfoNCE("gaussian", Bandwidth.scalar(1), 0.1, null)));
        try (NDManager m = NDManager.newBaseManager(); YAwareInfoNCE loss = new YAwareInfoNCE()) {
            NDArray z = m.randomNormal(new Shape(4, 3));
            assertEquals("z1 and z2 must have the same shape (n, d), got (4, 3) and (5, 3)", message(() -> loss.forward(z, m.randomNormal(new Shape(5, 3)))));
            assertEquals("z2 must be a 2-D array (B, D), got shape (4)", message(() -> loss.forward(z, m.ones(new Shape(4)))));
            assertEquals("z1 must have at least 2 rows (a positive and a negative), got shape (1, 3)",
                    message(() -> loss.forward(z.get("0:1"), z.get("0:1"))));
            assertEquals("labels must have one row per sample (4), got shape (3)", message(() -> loss.forward(z, z, m.ones(new Shape(3)))));
            assertFalse(loss.kernelMetric().isFitted(), "a rejected call does not fit the metric");
            loss.forward(z, z, m.ones(new Shape(4, 2)));
            assertEquals("labels must have 2 features (as fitted), got shape (4, 3)", message(() -> loss.forward(z, z, m.ones(new Shape(4, 3)))));
            try (KernelMetric unfitted = new KernelMetric("gaussian", Bandwidth.scott())) {
                YAwareInfoNCE given = new YAwareInfoNCE(unfitted, 0.1, WeightNormalization.ROWS);
                assertEquals("the given KernelMetric must be fitted before the loss is computed (call fit(y))",
                        message(() -> given.forward(z, z, m.ones(new Shape(4)))));
            }
        }
    }

    @Test
    void scheduleAndOptimizer() {
        assertEquals("totalSteps must be >= 1, got 0", message(() -> new WarmupCosineSchedule(1e-3, 1, 0, 1e-6, 0)));
        assertEquals("baseLr must be a finite number > 0, got 0.0", message(() -> new WarmupCosineSchedule(0, 1, 10, 1e-6, 0)));
        assertEquals("warmupSteps must be in [0.0, 1.7976931348623157E308], got -1.0", message(() -> new WarmupCosineSchedule(1e-3, -1, 10, 1e-6, 0)));
        assertEquals("t must be >= 0, got -1", message(() -> new WarmupCosineSchedule(1e-3, 1, 10, 1e-6, 0).at(-1)));
        assertEquals("interval must be one of {step, epoch}, got 'batch'", message(() -> new WarmupCosineSettings(10, 1e-6, 0, "batch")));
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> params = List.of(m.ones(new Shape(2, 2)));
            assertEquals("betas must be in [0, 1), got (1.0, 0.999)", message(() -> new AdamW(params, 0.1, true, 1.0, 0.999, 1e-8, true)));
            assertEquals("eps must be a finite number > 0, got 0.0", message(() -> new AdamW(params, 0.1, true, 0.9, 0.999, 0, true)));
            assertEquals("weightDecay must be in [0.0, 1.7976931348623157E308], got -0.1",
                    message(() -> new AdamW(params, -0.1, true, 0.9, 0.999, 1e-8, true)));
            assertEquals("parameters must hold at least one array, got an empty list", message(() -> new AdamW(List.of(), 0.1, true, 0.9, 0.999, 1e-8, true)));
            assertEquals("momentum must be in [0, 1), got 1.0", message(() -> new Sgd(params, 0.1, true, 1.0)));
            assertEquals("weightDecay must be in [0.0, 1.7976931348623157E308], got NaN", message(() -> new Sgd(params, Double.NaN, true, 0.9)));
            try (AdamW adamW = new AdamW(params, 0.1, true, 0.9, 0.999, 1e-8, true)) {
                assertEquals("lr must be in [0.0, 1.7976931348623157E308], got -1.0", message(() -> adamW.step(-1)));
                assertEquals(0, adamW.steps(), "a rejected step is not counted");
            }
        }
    }

    @Test
    void estimatorBuilderFitAndTransform() {
        try (NDManager m = NDManager.newBaseManager()) {
            SequentialBlock encoder = MlpEncoder.create(m, 6, 8, 4);
            assertEquals("encoder must be an initialised DJL block, got null", message(() -> YAwareContrastiveLearning.builder(null)));
            YAwareContrastiveLearning.Builder b = YAwareContrastiveLearning.builder(encoder);
            assertEquals("optimizer must be one of {adamW, adam, sgd}, got 'lbfgs'", message(() -> b.optimizer("lbfgs")));
            assertEquals("momentum must be in [0, 1), got 1.0", message(() -> b.momentum(1)));
            assertEquals("lrScheduler must be one of {warmup_cosine, none}, got 'step'", message(() -> b.lrScheduler("step")));
            assertEquals("kernel must be one of {gaussian, epanechnikov, exponential, linear, cosine}, got 'tophat'", message(() -> b.kernel("tophat")));
            assertEquals("temperature must be a finite number > 0, got 0.0", message(() -> b.temperature(0)));
            assertEquals("projHiddenDim must be >= 1, got 0", message(() -> b.projHiddenDim(0)));
            assertEquals("maxEpochs must be set (>= 1) for training and the warmup_cosine schedule, got unset", message(b::build));
            assertEquals("kernelMetric must be a fitted KernelMetric, got an unfitted one",
                    message(() -> b.kernelMetric(new KernelMetric("gaussian", Bandwidth.scott()))));
            try (YAwareContrastiveLearning model = b.maxEpochs(1).build()) {
                float[] before = encoder.getParameters().get(0).getValue().getArray().toFloatArray();
                NDArray x = m.randomNormal(new Shape(8, 6));
                assertEquals("projInputDim must equal the encoder's output size: projInputDim=2048, encoder output shape (1, 4)",
                        message(() -> model.fit(ViewBatches.pairs(x, x, null, 4, false, 0), null, null)));
                assertArrayEquals(before, encoder.getParameters().get(0).getValue().getArray().toFloatArray(), "no step was taken");
                assertEquals(0, model.optimizer().steps());
                assertEquals("x must be an array (N, ...) with at least 2 dimensions, got shape (6)", message(() -> model.transform(m.ones(new Shape(6)), 4)));
                assertEquals("batchSize must be >= 1, got 0", message(() -> model.transform(m.ones(new Shape(3, 6)), 0)));
                assertEquals("train must not be null", message(() -> model.fit(null, null, null)));
            }
            NDArray x = m.randomNormal(new Shape(8, 6));
            assertEquals("view1 and view2 must have the same shape, got (8, 6) and (8, 5)",
                    message(() -> ViewBatches.pairs(x, m.ones(new Shape(8, 5)), null, 4, false, 0)));
            assertEquals("y must have one row per sample (8), got shape (7)", message(() -> ViewBatches.pairs(x, x, m.ones(new Shape(7)), 4, false, 0)));
            assertEquals("views must have at least batchSize=16 rows, got 8", message(() -> ViewBatches.pairs(x, x, null, 16, false, 0)));
            assertEquals("batchSize must be >= 2, got 1", message(() -> ViewBatches.pairs(x, x, null, 1, false, 0)));
            assertEquals("x and augmentation must not be null, got x=null, augmentation=null", message(() -> ViewBatches.augmented(null, null, null, 4, 0)));
            assertEquals("views must be arrays (N, ...) with at least 2 dimensions, got shape (8)",
                    message(() -> ViewBatches.augmented(m.ones(new Shape(8)), null, b2 -> b2, 4, 0)));
        }
    }
}
