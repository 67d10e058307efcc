package dev.sslheads.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments: an IllegalArgumentException naming the argument, the expected and the actual value. */
class BadInputTest {
    private static final long[] INDPTR = {0, 0, 2, 3};
    private static final int[] INDICES = {0, 2, 1};

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }

    @Test
    void denseShape() {
        assertMessage("values.length: expected nObs * nVars = 2 * 3 = 6, got 5",
                () -> Preprocessing.log1p(new float[5], 2, 3));
        assertMessage("nObs: expected >= 1, got 0", () -> Preprocessing.normalizeTotal(new float[0], 0, 3, null));
        assertMessage("values: expected an array, got null", () -> Preprocessing.log1p(null, 1, 1));
    }

    @Test
    void csrStructure() {
        float[] data = {1, 2, 3};
        assertMessage("indptr.length: expected nObs + 1 >= 2, got 1",
                () -> Preprocessing.log1p(new long[] {0}, new int[0], new float[0], 3));
        assertMessage("indptr[0]: expected 0, got 1",
                () -> Preprocessing.log1p(new long[] {1, 2, 3}, INDICES, data, 3));
        assertMessage("indptr[2]: expected >= indptr[1] = 2, got 1",
                () -> Preprocessing.log1p(new long[] {0, 2, 1, 3}, INDICES, data, 3));
        assertMessage("indptr[3] (indptr[nObs]): expected data.length = 3, got 2",
                () -> Preprocessing.log1p(new long[] {0, 0, 2, 2}, INDICES, data, 3));
        assertMessage("indices.length: expected data.length = 3, got 2",
                () -> Preprocessing.log1p(INDPTR, new int[] {0, 1}, data, 3));
        assertMessage("indices[1]: expected a gene index in [0, nVars = 2), got 2",
                () -> Preprocessing.log1p(INDPTR, INDICES, data, 2));
    }

    @Test
    void valuesNameTheirCellAndGene() {
        float[] dense = {1, 2, 3, 4, Float.NaN, 6};
        assertMessage("values[4] (cell 1, gene 1): expected a finite value, got NaN",
                () -> Preprocessing.normalizeTotal(dense, 2, 3, null));
        assertMessage("values[2] (cell 1, gene 0): expected a finite value >= 0 (a logarithm of it is taken),"
                        + " got -1.0",
                () -> Preprocessing.log1p(new float[] {0, 1, -1, 2}, 2, 2));
        assertMessage("data[1] (cell 1, gene 2): expected a finite value >= 0 (log1p-transformed counts), got -2.0",
                () -> Preprocessing.highlyVariableGenes(INDPTR, INDICES, new float[] {1, -2, 3}, 3,
                        HvgOptions.defaults()));
        assertMessage("data[2] (cell 2, gene 1): expected a finite value, got Infinity",
                () -> Preprocessing.normalizeTotal(INDPTR, INDICES, new float[] {1, 2, Float.POSITIVE_INFINITY}, 3,
                        null));
    }

    @Test
    void failedCallsLeaveTheDataUntouched() {
        float[] values = {1, 2, 3, Float.NaN};
        Preprocessing.normalizeTotal(new float[] {1, 1}, 1, 2, null);
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.normalizeTotal(values, 2, 2, 10.0));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.log1p(values, 2, 2, 0.5));
        float[] counts = {1, 2, 3, 4};
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.normalizeTotal(counts, 2, 2, -1.0));
        assertThrows(IllegalArgumentException.class, () -> Preprocessing.log1p(counts, 2, 2, 1.0));
        assertArrayEquals(new float[] {1, 2, 3, Float.NaN}, values);
        assertArrayEquals(new float[] {1, 2, 3, 4}, counts);
    }

    @Test
    void normalizeTotalTarget() {
        assertMessage("targetSum: expected a finite value > 0 that float32 holds, got 0.0",
                () -> Preprocessing.normalizeTotal(new float[] {1, 2}, 1, 2, 0.0));
        assertMessage("targetSum: expected a finite value > 0 that float32 holds, got 1.0E40",
                () -> Preprocessing.normalizeTotal(new float[] {1, 2}, 1, 2, 1e40));
        assertMessage("targetSum: the default (the median of the positive cell totals) is undefined because no cell"
                        + " has a positive total (scanpy would fill the matrix with NaN); pass a targetSum",
                () -> Preprocessing.normalizeTotal(new float[4], 2, 2, null));
    }

    @Test
    void logBase() {
        assertMessage("base: expected a finite logarithm base > 0 and != 1, got 1.0",
                () -> Preprocessing.log1p(new float[] {1}, 1, 1, 1.0));
        assertMessage("log1pBase: expected a finite logarithm base > 0 and != 1, got -2.0",
                () -> HvgOptions.defaults().withLog1pBase(-2.0));
    }

    @Test
    void hvgOptions() {
        assertMessage("nTopGenes: expected <= nVars = 3, got 4",
                () -> Preprocessing.highlyVariableGenes(new float[6], 2, 3, HvgOptions.defaults().withNTopGenes(4)));
        assertMessage("nTopGenes: expected >= 1 (or null), got 0", () -> HvgOptions.defaults().withNTopGenes(0));
        assertMessage("minMean: expected <= maxMean = 3.0, got 5.0", () -> HvgOptions.defaults().withMeanRange(5, 3));
        assertMessage("minDisp: expected <= maxDisp = 0.0, got 0.5",
                () -> HvgOptions.defaults().withDispersionRange(0.5, 0));
        assertMessage("nBins: expected >= 1, got 0", () -> HvgOptions.defaults().withNBins(0));
        assertMessage("maxMean: expected a number, got NaN",
                () -> HvgOptions.defaults().withMeanRange(0, Double.NaN));
        assertMessage("options: expected HvgOptions (HvgOptions.defaults() for scanpy's), got null",
                () -> Preprocessing.highlyVariableGenes(new float[6], 2, 3, null));
    }

    /**
     * Two genes whose log1p means differ by one float64 ulp (expm1 values {1, 2^-52} and {1, 0}):
     * pandas.cut finds duplicate edges for 20 bins, and for 1 bin leaves the minimum outside it.
     */
    @Test
    void meansTooCloseToBin() {
        float[] values = {(float) Math.log1p(1.0), (float) Math.log1p(1.0), (float) Math.pow(2, -52), 0f};
        assertMessage("nBins: expected a range of the log1p means wide enough for distinct bin edges that cover it"
                        + " (pandas.cut, as scanpy calls it, fails otherwise), got nBins = 20 over"
                        + " [0.4054651081081644, 0.40546510810816444]",
                () -> Preprocessing.highlyVariableGenes(values, 2, 2, HvgOptions.defaults()));
        assertMessage("nBins: expected a range of the log1p means wide enough for distinct bin edges that cover it"
                        + " (pandas.cut, as scanpy calls it, fails otherwise), got nBins = 1 over"
                        + " [0.4054651081081644, 0.40546510810816444]",
                () -> Preprocessing.highlyVariableGenes(values, 2, 2, HvgOptions.defaults().withNBins(1)));
    }

    @Test
    void noVariableGene() {
        float[] constant = new float[6];
        HvgResult cutoffs = Preprocessing.highlyVariableGenes(constant, 2, 3, HvgOptions.defaults());
        for (boolean b : cutoffs.highlyVariable()) {
            assertFalse(b);
        }
        assertMessage("nTopGenes: cannot rank the genes, every normalised dispersion is NaN (no gene varies)",
                () -> Preprocessing.highlyVariableGenes(constant, 2, 3, HvgOptions.defaults().withNTopGenes(1)));
        assertMessage("values: expected log1p data whose expm1 fits float32, got an infinite mean of expm1 for gene 1"
                        + " (pandas.cut rejects infinite means)",
                () -> Preprocessing.highlyVariableGenes(new float[] {0, 100, 0, 100}, 2, 2, HvgOptions.defaults()));
    }
}
