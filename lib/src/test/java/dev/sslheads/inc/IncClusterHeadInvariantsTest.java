package dev.sslheads.inc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sslheads.testing.Approx;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of the INC head that hold for any input (heads-spec sections 6 and 9). */
class IncClusterHeadInvariantsTest {
    private static final int K = 6;
    private static final int F = 9;

    private static float[] gaussian(Random random, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) random.nextGaussian();
        }
        return out;
    }

    /** max_k cos(z_i, c_k), in double on the host. */
    private static double[] maxCosines(float[] z, float[] c, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < K; k++) {
                double dot = 0;
                double zz = 0;
                double cc = 0;
                for (int j = 0; j < F; j++) {
                    dot += (double) z[i * F + j] * c[k * F + j];
                    zz += (double) z[i * F + j] * z[i * F + j];
                    cc += (double) c[k * F + j] * c[k * F + j];
                }
                best = Math.max(best, dot / Math.sqrt(zz * cc));
            }
            out[i] = best;
        }
        return out;
    }

    @Test
    void lossIsTwiceOneMinusMeanMaxCosineForEveryAlpha() {
        Random random = new Random(3);
        int n = 50;
        float[] z = gaussian(random, n * F);
        float[] centres = gaussian(random, K * F);
        double expected = 2 * (1 - Arrays.stream(maxCosines(z, centres, n)).average().orElseThrow());
        long[] labels = null;
        for (double alpha : new double[] {1e-3, 0.1, 1.0, 7.5}) {
            try (IncClusterHead head = new IncClusterHead(K, F, alpha); NDManager m = head.manager().newSubManager()) {
                head.resetClusterCenters(m.create(centres, new Shape(K, F)));
                NDArray x = m.create(z, new Shape(n, F));
                Approx.assertClose("loss at alpha " + alpha, expected, head.forward(x).getFloat(), 1e-5, 1e-5);
                long[] hard = head.cluster(x, false).toLongArray();
                if (labels != null) {
                    assertArrayEquals(labels, hard, "hard labels do not depend on alpha");
                }
                labels = hard;
            }
        }
    }

    @Test
    void softAssignmentsSumToOneAndPeakAtTheHardLabel() {
        Random random = new Random(4);
        int n = 40;
        try (IncClusterHead head = new IncClusterHead(K, F, 2.0, 4L, null); NDManager m = head.manager().newSubManager()) {
            NDArray x = m.create(gaussian(random, n * F), new Shape(n, F));
            NDArray soft = head.cluster(x, true);
            assertEquals(new Shape(n, K), soft.getShape());
            float[] sums = soft.sum(new int[] {1}).toFloatArray();
            float[] ones = new float[n];
            Arrays.fill(ones, 1f);
            Approx.assertClose("row sums", ones, sums, 1e-6, 0);
            assertArrayEquals(soft.argMax(1).toLongArray(), head.cluster(x, false).toLongArray());
        }
    }

    @Test
    void softAssignmentsAreNearlyUniformAtTheDefaultAlpha() {
        try (IncClusterHead head = new IncClusterHead(K, F); NDManager m = head.manager().newSubManager()) {
            NDArray soft = head.cluster(m.create(gaussian(new Random(5), 10 * F), new Shape(10, F)), true);
            float[] uniform = new float[10 * K];
            Arrays.fill(uniform, 1f / K);
            // |softmax(2 alpha cos) - 1/K| <= (e^(4 alpha) - 1) / K
            Approx.assertClose("softmax of 2e-3 cos", uniform, soft.toFloatArray(), Math.expm1(4e-3) / K, 0);
        }
    }

    @Test
    void embeddingsOnTheCentresGiveZeroLossAndTheirOwnLabels() {
        try (IncClusterHead head = new IncClusterHead(K, F, 0.05, 9L, null); NDManager m = head.manager().newSubManager()) {
            NDArray c = head.computeClusterCenter();
            NDArray x = NDArraysOf.scaledRows(m, c, new float[] {0.5f, 2f, 7f, 1f, 3f, 0.1f});
            Approx.assertClose("loss", 0.0, head.forward(x).getFloat(), 1e-6, 0);
            assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5}, head.cluster(x, false).toLongArray());
        }
    }

    @Test
    void centresStayUnitRowsAndComputeClusterCenterReturnsThem() {
        try (IncClusterHead head = new IncClusterHead(K, F, 0.001, 11L, null); NDManager m = head.manager().newSubManager()) {
            assertUnitRows("after init", head.clusterCenters());
            Approx.assertClose("computeClusterCenter = norm(C)", head.clusterCenters().toFloatArray(),
                    head.computeClusterCenter().toFloatArray(), 1e-6, 0);
            float[] raw = gaussian(new Random(6), K * F);
            head.resetClusterCenters(m.create(raw, new Shape(K, F)).mul(5f).toType(ai.djl.ndarray.types.DataType.FLOAT64, false));
            float[] fromScaled = head.clusterCenters().toFloatArray();
            head.resetClusterCenters(m.create(raw, new Shape(K, F)));
            Approx.assertClose("reset is scale invariant", fromScaled, head.clusterCenters().toFloatArray(), 1e-6, 0);
            assertUnitRows("after reset", head.clusterCenters());
            head.clusterCenters().muli(3f);
            head.normalizeClusterCenters();
            assertUnitRows("after normalizeClusterCenters", head.clusterCenters());
        }
    }

    @Test
    void initIsSeededAndResetDrawsFreshCentres() {
        try (IncClusterHead a = new IncClusterHead(K, F, 0.001, 21L, null); IncClusterHead b = new IncClusterHead(K, F, 0.001, 21L, null);
                IncClusterHead c = new IncClusterHead(K, F, 0.001, 22L, null)) {
            float[] first = a.clusterCenters().toFloatArray();
            assertArrayEquals(first, b.clusterCenters().toFloatArray(), "same seed, same centres");
            assertFalse(Arrays.equals(first, c.clusterCenters().toFloatArray()), "another seed, other centres");
            a.resetClusterCenters();
            assertFalse(Arrays.equals(first, a.clusterCenters().toFloatArray()), "reset draws new centres");
            assertUnitRows("after reset()", a.clusterCenters());
        }
    }

    @Test
    void gradientNormalizeGivesRowsOfNormPointTwoAlphaAndKeepsUnusedCentresAtZero() {
        int n = 5;
        try (IncClusterHead head = new IncClusterHead(K, F, 0.01, 13L, null); NDManager m = head.manager().newSubManager()) {
            head.gradientNormalize(); // before any backward: nothing to do
            NDArray c = head.computeClusterCenter();
            NDArray x = NDArraysOf.scaledRows(m, c.get("0:2"), new float[] {1f, 2f}).concat(
                    NDArraysOf.scaledRows(m, c.get("0:1"), new float[] {3f}).add(m.create(gaussian(new Random(1), F), new Shape(1, F)).mul(0.1f)))
                    .concat(NDArraysOf.scaledRows(m, c.get("1:3"), new float[] {1f, 1f}).add(0.05f));
            assertEquals(n, x.getShape().get(0));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(head.forward(x));
            }
            head.gradientNormalize();
            float[] norms = head.clusterCenters().getGradient().norm(new int[] {1}).toFloatArray();
            long[] used = head.cluster(x, false).toLongArray();
            for (int k = 0; k < K; k++) {
                final int cluster = k;
                boolean hasRows = Arrays.stream(used).anyMatch(l -> l == cluster);
                Approx.assertClose("gradient norm of centre " + k + (hasRows ? "" : " (no rows)"), hasRows ? 0.2 * 0.01 : 0.0, norms[k], 1e-7, 1e-5);
            }
            head.gradientNormalize(0.1);
            Approx.assertClose("rescaled", 0.1, head.clusterCenters().getGradient().norm(new int[] {1}).toFloatArray()[(int) used[0]], 0, 1e-5);
        }
    }

    private static void assertUnitRows(String what, NDArray rows) {
        float[] norms = rows.norm(new int[] {1}).toFloatArray();
        float[] ones = new float[norms.length];
        Arrays.fill(ones, 1f);
        Approx.assertClose(what + ": unit rows", ones, norms, 1e-6, 0);
    }

    /** Test data built from the centres. */
    private static final class NDArraysOf {
        /** Row r of {@code rows} times {@code scales[r]}, as a new array on {@code m}. */
        static NDArray scaledRows(NDManager m, NDArray rows, float[] scales) {
            return m.create(rows.toFloatArray(), rows.getShape()).mul(m.create(scales, new Shape(scales.length, 1)));
        }
    }
}
