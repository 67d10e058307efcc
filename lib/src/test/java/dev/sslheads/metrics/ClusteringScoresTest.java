package dev.sslheads.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.testing.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;

/**
 * {@link ClusteringScores} against scikit-learn's {@code normalized_mutual_info_score} and
 * {@code adjusted_rand_score}. The golden file {@code golden/metrics/clustering_scores.json} is
 * written by (from the repository root):
 *
 * <pre>/usr/bin/python3 scripts/reference/metrics_goldens.py</pre>
 */
class ClusteringScoresTest {
    private static final double TOL = 1e-12;

    private static List<Golden> cases() {
        List<Golden> cases = Golden.load("metrics/clustering_scores.json").children("cases");
        assertTrue(cases.size() >= 15, "expected at least 15 golden cases, got " + cases.size());
        return cases;
    }

    @Test
    void matchesSklearnOnGoldenCases() {
        for (Golden c : cases()) {
            int[] t = c.ints("labels_true");
            int[] p = c.ints("labels_pred");
            assertEquals(c.number("nmi"), ClusteringScores.normalizedMutualInfo(t, p), TOL, c.string("name") + " nmi");
            assertEquals(c.number("ari"), ClusteringScores.adjustedRandIndex(t, p), TOL, c.string("name") + " ari");
        }
    }

    @Test
    void stringOverloadsMatchIntLabels() {
        for (Golden c : cases()) {
            String[] t = prefixed("class-", c.ints("labels_true"));
            String[] p = prefixed("cluster-", c.ints("labels_pred"));
            assertEquals(c.number("nmi"), ClusteringScores.normalizedMutualInfo(t, p), TOL, c.string("name") + " nmi");
            assertEquals(c.number("ari"), ClusteringScores.adjustedRandIndex(t, p), TOL, c.string("name") + " ari");
            StringColumn ct = StringColumn.create("truth", t);
            StringColumn cp = StringColumn.create("pred", p);
            assertEquals(c.number("nmi"), ClusteringScores.normalizedMutualInfo(ct, cp), TOL, c.string("name") + " nmi");
            assertEquals(c.number("ari"), ClusteringScores.adjustedRandIndex(ct, cp), TOL, c.string("name") + " ari");
        }
    }

    @Test
    void specialCases() {
        assertEquals(1.0, ClusteringScores.normalizedMutualInfo(new int[] {3, 3, 3}, new int[] {1, 1, 1}));
        assertEquals(1.0, ClusteringScores.adjustedRandIndex(new int[] {3, 3, 3}, new int[] {1, 1, 1}));
        assertEquals(0.0, ClusteringScores.normalizedMutualInfo(new int[] {0, 0, 0, 0}, new int[] {0, 1, 2, 3}));
        assertEquals(-0.5, ClusteringScores.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), TOL);
    }

    @Test
    void rejectsNullEmptyAndMismatchedInts() {
        assertMessage("labelsTrue is null", () -> ClusteringScores.normalizedMutualInfo(null, new int[] {1}));
        assertMessage("labelsPred is null", () -> ClusteringScores.adjustedRandIndex(new int[] {1}, (int[]) null));
        assertMessage("labelsTrue and labelsPred differ in length: 3 vs 2",
                () -> ClusteringScores.normalizedMutualInfo(new int[] {0, 1, 2}, new int[] {0, 1}));
        assertMessage("labelsTrue and labelsPred differ in length: 1 vs 4",
                () -> ClusteringScores.adjustedRandIndex(new int[] {0}, new int[] {0, 1, 2, 3}));
        assertMessage("labelsTrue and labelsPred are empty",
                () -> ClusteringScores.adjustedRandIndex(new int[0], new int[0]));
    }

    @Test
    void rejectsBadStringLabels() {
        assertMessage("labelsTrue is null",
                () -> ClusteringScores.adjustedRandIndex((String[]) null, new String[] {"a"}));
        assertMessage("labelsTrue and labelsPred differ in length: 2 vs 1",
                () -> ClusteringScores.normalizedMutualInfo(new String[] {"a", "b"}, new String[] {"a"}));
        assertMessage("labelsPred has a missing (null) label at row 1",
                () -> ClusteringScores.normalizedMutualInfo(new String[] {"a", "b"}, new String[] {"x", null}));

        StringColumn truth = StringColumn.create("truth", "a", "b", "a");
        StringColumn pred = StringColumn.create("pred", "x", "y", "z");
        pred.setMissing(2);
        assertMessage("labelsPred (column 'pred') has a missing label at row 2",
                () -> ClusteringScores.adjustedRandIndex(truth, pred));
        StringColumn appended = StringColumn.create("truth2", "a", "b");
        appended.appendMissing();
        assertMessage("labelsTrue (column 'truth2') has a missing label at row 2",
                () -> ClusteringScores.normalizedMutualInfo(appended, StringColumn.create("p", "x", "y", "z")));
        assertMessage("labelsPred is null", () -> ClusteringScores.normalizedMutualInfo(truth, (StringColumn) null));
        assertMessage("labelsTrue and labelsPred differ in length: 3 vs 2",
                () -> ClusteringScores.normalizedMutualInfo(truth, StringColumn.create("p", "x", "y")));
        assertMessage("labelsTrue and labelsPred are empty",
                () -> ClusteringScores.adjustedRandIndex(StringColumn.create("t"), StringColumn.create("p")));
    }

    private static String[] prefixed(String prefix, int[] labels) {
        String[] out = new String[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = prefix + labels[i];
        }
        return out;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
