package dev.sslheads.swav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import tech.tablesaw.api.StringColumn;

/** Every rejected call names the argument, the expected and the actual value, and leaves the head unchanged. */
class SwavHeadBadInputTest {
    private SwavHead head;
    private NDManager m;

    @BeforeEach
    void open() {
        head = new SwavHead(new Mode(), 4, 6, 0.1, 7L, null);
        head.initQueue(List.of("a", "b", "c", "d", "e", "f", "g"));
        head.setMinPrototypes(0.5);
        m = head.manager().newSubManager();
    }

    @AfterEach
    void close() {
        head.close();
    }

    private NDArray rows(int n, int cols) {
        return m.randomNormal(new Shape(n, cols));
    }

    /** Runs the call, checks the exception type and message, and that prototypes, queue and settings did not change. */
    private <T extends Throwable> void rejects(Class<T> type, String message, Executable call) {
        float[] prototypes = head.prototypesParameter().getArray().toFloatArray();
        float[] queue = head.queue().toFloatArray();
        int minPrototypes = head.minPrototypes();
        T error = assertThrows(type, call);
        assertEquals(message, error.getMessage());
        assertArrayEquals(prototypes, head.prototypesParameter().getArray().toFloatArray(), "prototypes unchanged");
        assertArrayEquals(queue, head.queue().toFloatArray(), "queue unchanged");
        assertEquals(minPrototypes, head.minPrototypes(), "min_prototypes unchanged");
    }

    @Test
    void unknownSlideNamesItAndSomeKnownOnes() {
        rejects(UnknownSlideException.class,
                "slideId 'zz' is not in the slide queue; known slide ids (7): 'a', 'b', 'c', 'd', 'e', ...",
                () -> head.forward(rows(5, 4), rows(5, 4), "zz"));
    }

    @Test
    void shapeMismatches() {
        rejects(IllegalArgumentException.class, "z1 must have 4 columns, got shape (5, 3)",
                () -> head.forward(rows(5, 3), rows(5, 4), "a"));
        rejects(IllegalArgumentException.class, "z1 and z2 must have the same shape (B, 4), got (5, 4) and (6, 4)",
                () -> head.forward(rows(5, 4), rows(6, 4), "a"));
        rejects(IllegalArgumentException.class, "z2 must be a 2-D array (B, D), got shape (5)",
                () -> head.forward(rows(5, 4), m.ones(new Shape(5)), "a"));
        rejects(IllegalArgumentException.class, "z1 must be a 2-D array (B, D), got null",
                () -> head.forward(null, rows(5, 4), "a"));
        rejects(IllegalArgumentException.class, "projections must have 6 columns, got shape (5, 4)",
                () -> head.prototypeIlocs(rows(5, 4), "a"));
    }

    @Test
    void fewerThanThreeRowsWithTheQueue() {
        rejects(IllegalArgumentException.class,
                "z1 must have at least 3 rows when the slide queue is used (its third-largest projection), got 2",
                () -> head.forward(rows(2, 4), rows(2, 4), "a"));
        head.forward(rows(2, 4), rows(2, 4), null); // without a slide the queue is not used: two rows are fine
    }

    @Test
    void nonFiniteInputs() {
        NDArray nan = rows(5, 4);
        nan.set(new ai.djl.ndarray.index.NDIndex("1, 2"), Float.NaN);
        NDArray inf = rows(5, 4);
        inf.set(new ai.djl.ndarray.index.NDIndex("0, 0"), Float.POSITIVE_INFINITY);
        rejects(IllegalArgumentException.class, "z1 must contain only finite values, got NaN or Inf",
                () -> head.forward(nan, rows(5, 4), "a"));
        rejects(IllegalArgumentException.class, "z2 must contain only finite values, got NaN or Inf",
                () -> head.forward(rows(5, 4), inf, "a"));
        rejects(IllegalArgumentException.class, "latent must contain only finite values, got NaN or Inf",
                () -> head.setKmeansPrototypes(nan.concat(rows(3, 4))));
    }

    @Test
    void minPrototypeRatioOutsideZeroOne() {
        rejects(IllegalArgumentException.class, "minPrototypesRatio must be in [0.0, 1.0], got 1.5", () -> head.setMinPrototypes(1.5));
        rejects(IllegalArgumentException.class, "minPrototypesRatio must be in [0.0, 1.0], got -0.1", () -> head.setMinPrototypes(-0.1));
    }

    @Test
    void levelsAndDomains() {
        StringColumn leaves = StringColumn.create("leaves", "D0", "D5");
        rejects(IllegalArgumentException.class, "level must be in [1, K=6], got 0", () -> head.mapLeavesDomains(leaves, 0));
        rejects(IllegalArgumentException.class, "level must be in [1, K=6], got 7", () -> head.mapLeavesDomains(leaves, 7));
        Throwable nDomains = assertThrows(IllegalArgumentException.class, () -> head.findLevel(new int[] {0, 1}, 3));
        assertTrue(nDomains.getMessage().contains("nDomains"), nDomains.getMessage());
    }

    @Test
    void kmeansNeedsAtLeastKRows() {
        rejects(IllegalArgumentException.class, "latent must have at least K=6 rows (one per prototype), got 5",
                () -> head.setKmeansPrototypes(rows(5, 4)));
    }

    @Test
    void queueSetup() {
        rejects(IllegalArgumentException.class, "slideIds must be unique, got 'x' twice in [x, y, x]",
                () -> head.initQueue(List.of("x", "y", "x")));
        rejects(IllegalArgumentException.class, "slideIds must be a non-empty list of slide ids, got []",
                () -> head.initQueue(List.of()));
    }

    @Test
    void constructorArguments() {
        assertEquals("numPrototypes must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new SwavHead(new Mode(), 4, 0, 0.1)).getMessage());
        assertEquals("temperature must be a finite number > 0, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> new SwavHead(new Mode(), 4, 3, -1)).getMessage());
    }

    @Test
    void zeroShotWithoutKmeansPrototypes() {
        head.mode().setZeroShot(true);
        rejects(IllegalStateException.class,
                "mode is zero-shot but no k-means prototypes are set; call setKmeansPrototypes(latent) first",
                () -> head.forward(rows(5, 4), rows(5, 4), "a"));
        head.mode().setZeroShot(false);
    }
}
