package dev.sslheads.sinkhorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.Golden;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sinkhorn-Knopp against the reference on {@code golden/novae/sinkhorn_cases.json}, made by
 * {@code /usr/bin/python3 scripts/reference/novae_swav_goldens.py} (novae's float32 Sinkhorn in
 * Debian's torch 1.13), plus the invariants of heads-spec §9.
 */
class SinkhornKnoppTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void equalsTheReferenceWithin1e5() {
        int checked = 0;
        for (Golden c : Golden.load("novae/sinkhorn_cases.json").children("cases")) {
            NDArray scores = matrix(c.matrix("scores"));
            SinkhornKnopp sinkhorn = new SinkhornKnopp(c.number("eps"), c.integer("iterations"));
            Approx.assertClose(c.name() + " eps=" + c.number("eps") + " shape " + scores.getShape(),
                    c.matrix("codes"), sinkhorn.codes(scores), 1e-5, 0);
            checked++;
        }
        assertTrue(checked >= 8, "expected the generator's Sinkhorn cases, checked " + checked);
    }

    @Test
    void rowsSumToOne() {
        NDArray codes = new SinkhornKnopp(0.05, 3).codes(cosineScores(64, 40, 1));
        Approx.assertClose("row sums", ones(64), codes.sum(new int[] {1}).toFloatArray(), 1e-6, 0);
    }

    @Test
    void permutingPrototypesPermutesCodes() {
        NDArray scores = cosineScores(32, 12, 2);
        NDArray permutation = manager.create(new long[] {5, 3, 11, 0, 1, 9, 2, 8, 4, 10, 7, 6});
        SinkhornKnopp sinkhorn = new SinkhornKnopp(0.05, 3);
        NDArray permutedCodes = sinkhorn.codes(scores.get(":, {}", permutation));
        Approx.assertClose("permuted codes", sinkhorn.codes(scores).get(":, {}", permutation).toFloatArray(),
                permutedCodes.toFloatArray(), 1e-6, 0);
    }

    @Test
    void staysFiniteAndRowStochasticAtTinyEpsilonWhereTheReferenceGivesNaN() {
        NDArray scores = cosineScores(256, 512, 3);
        SinkhornKnopp sinkhorn = new SinkhornKnopp(0.001, 3);
        assertTrue(sinkhorn.usesLogDomain(256, 512));
        NDArray naive = scores.div(0.001f).exp();
        assertTrue(naive.isInfinite().any().getBoolean(), "the reference's exp(S/eps) overflows float32 here");
        NDArray codes = sinkhorn.codes(scores);
        assertFalse(codes.isNaN().logicalOr(codes.isInfinite()).any().getBoolean(), "codes must be finite");
        Approx.assertClose("row sums", ones(256), codes.sum(new int[] {1}).toFloatArray(), 1e-5, 0);
    }

    @Test
    void logDomainAgreesWithLinearDomainWhereBothAreSafe() {
        NDArray scores = cosineScores(16, 10, 4);
        SinkhornKnopp linear = new SinkhornKnopp(0.05, 3, 1.0, AllReduce.LOCAL);
        SinkhornKnopp logDomain = new SinkhornKnopp(0.05, 3, 1e6, AllReduce.LOCAL);
        assertFalse(linear.usesLogDomain(16, 10));
        assertTrue(logDomain.usesLogDomain(16, 10));
        Approx.assertClose("log vs linear", linear.codes(scores).toFloatArray(), logDomain.codes(scores).toFloatArray(), 1e-6, 0);
    }

    @Test
    void maskedColumnsEqualSinkhornOfTheSelectedColumns() {
        NDArray scores = cosineScores(20, 9, 5);
        boolean[] keep = {true, false, true, true, false, true, true, false, true};
        NDArray mask = manager.create(keep);
        NDArray selected = manager.create(new long[] {0, 2, 3, 5, 6, 8});
        for (SinkhornKnopp s : new SinkhornKnopp[] {new SinkhornKnopp(0.05, 3), new SinkhornKnopp(0.001, 3)}) {
            NDArray masked = s.codes(scores, mask);
            Approx.assertClose("selected columns eps=" + s.epsilon(), s.codes(scores.get(":, {}", selected)).toFloatArray(),
                    masked.get(":, {}", selected).toFloatArray(), 1e-6, 0);
            assertEquals(0f, masked.get(":, 1").abs().sum().getFloat() + masked.get(":, 4").abs().sum().getFloat()
                    + masked.get(":, 7").abs().sum().getFloat(), "masked columns are zero");
        }
    }

    @Test
    void rejectsBadArguments() {
        assertEquals("epsilon must be a finite number > 0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> new SinkhornKnopp(0, 3)).getMessage());
        assertEquals("iterations must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new SinkhornKnopp(0.05, 0)).getMessage());
        assertEquals("scores must be a 2-D array (B, D), got shape (3)",
                assertThrows(IllegalArgumentException.class, () -> new SinkhornKnopp(0.05, 3).codes(manager.ones(new Shape(3)))).getMessage());
    }

    private NDArray cosineScores(int rows, int cols, int seed) {
        manager.getEngine().setRandomSeed(seed);
        NDArray z = manager.randomNormal(new Shape(rows, 8)).normalize(2, 1, 1e-12);
        NDArray c = manager.randomNormal(new Shape(cols, 8)).normalize(2, 1, 1e-12);
        return z.matMul(c.transpose());
    }

    private NDArray matrix(float[][] rows) {
        return manager.create(Approx.flatten(rows), new Shape(rows.length, rows[0].length));
    }

    private static float[] ones(int n) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, 1f);
        return v;
    }
}
