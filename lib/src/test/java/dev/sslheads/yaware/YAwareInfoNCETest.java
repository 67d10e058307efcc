package dev.sslheads.yaware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import org.junit.jupiter.api.Test;

/** Invariants of the y-Aware loss and its weights (heads-spec 7.2, 9). */
class YAwareInfoNCETest {
    @Test
    void tinyBandwidthWithDistinctLabelsGivesTwiceTheUnlabelledLoss() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            NDArray z1 = m.randomNormal(new Shape(16, 8));
            NDArray z2 = z1.add(m.randomNormal(0f, 0.5f, new Shape(16, 8), DataType.FLOAT32));
            NDArray labels = m.arange(16f).mul(3f);
            for (String kernel : new String[] {"gaussian", "epanechnikov", "exponential", "linear", "cosine"}) {
                for (WeightNormalization normalization : WeightNormalization.values()) {
                    try (YAwareInfoNCE loss = new YAwareInfoNCE(kernel, Bandwidth.scalar(1e-8), 0.1, normalization)) {
                        double plain = loss.forward(z1, z2).getFloat();
                        double labelled = loss.forward(z1, z2, labels).toType(DataType.FLOAT64, false).getDouble();
                        Approx.assertClose(kernel + " " + normalization + ": labelled = 2 x unlabelled", 2 * plain, labelled, 1e-5, 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void nidlNormalisesColumnsAndThePaperRows() {
        try (NDManager m = NDManager.newBaseManager(); YAwareInfoNCE nidl = new YAwareInfoNCE();
                YAwareInfoNCE paper = new YAwareInfoNCE("gaussian", Bandwidth.scalar(1.0), 0.1, WeightNormalization.ROWS)) {
            NDArray labels = m.create(new double[] {0.0, 0.1, 0.5, 2.0, 2.2});
            NDArray columns = nidl.weights(labels);
            NDArray rows = paper.weights(labels);
            Approx.assertClose("nidl: columns sum to 1", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                    columns.sum(new int[] {0}).toType(DataType.FLOAT32, false).toFloatArray(), 1e-12, 0);
            Approx.assertClose("paper: rows sum to 1", new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                    rows.sum(new int[] {1}).toType(DataType.FLOAT32, false).toFloatArray(), 1e-12, 0);
            assertFalse(columns.sum(new int[] {1}).sub(1).abs().max().getDouble() < 1e-3, "nidl's rows do not sum to 1 for uneven labels");
            assertEquals(0.0, columns.mul(m.eye(10, 10, 0, DataType.FLOAT64)).abs().sum().getDouble(), "zero diagonal");
        }
    }

    @Test
    void theMetricIsFittedOnceOnTheFirstLabelledBatchOfTwoNRows() {
        try (NDManager m = NDManager.newBaseManager();
                YAwareInfoNCE loss = new YAwareInfoNCE("gaussian", Bandwidth.scott(), 0.1)) {
            NDArray z = m.randomNormal(new Shape(6, 4));
            assertFalse(loss.kernelMetric().isFitted());
            loss.forward(z, z.add(0.1f), m.create(new double[] {1, 2, 3, 4, 5, 6}));
            assertEquals(12, loss.kernelMetric().n(), "fitted on y ++ y");
            double first = loss.kernelMetric().invSqrtBandwidth().getDouble(0, 0);
            loss.forward(z, z.add(0.1f), m.create(new double[] {10, 20, 30, 40, 50, 60}));
            assertEquals(first, loss.kernelMetric().invSqrtBandwidth().getDouble(0, 0), "not refitted");
        }
    }

    @Test
    void aGivenMetricKeepsItsOwnKernelAndFit() {
        try (NDManager m = NDManager.newBaseManager(); KernelMetric metric = new KernelMetric("linear", Bandwidth.silverman())) {
            metric.fit(m.create(new double[] {0, 1, 2, 3, 4, 5, 6, 7}));
            YAwareInfoNCE loss = new YAwareInfoNCE(metric, 0.5, WeightNormalization.ROWS);
            NDArray z = m.randomNormal(new Shape(4, 3));
            NDArray value = loss.forward(z, z.mul(2f), m.create(new double[] {0, 1, 2, 3}));
            assertTrue(Double.isFinite(value.getDouble()));
            assertEquals(8, metric.n(), "the user's fit is kept");
            loss.close();
            assertTrue(metric.isFitted(), "closing the loss leaves a given metric to its owner");
        }
    }
}
