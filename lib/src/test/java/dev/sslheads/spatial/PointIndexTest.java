package dev.sslheads.spatial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link PointIndex}'s argument checks (its queries are checked through the graphs of {@code SlideGraphsTest}). */
class PointIndexTest {
    @Test
    void badArguments() {
        assertEquals("x and y must have the same length, got 3 and 2", assertThrows(IllegalArgumentException.class,
                () -> new PointIndex(new double[3], new double[2])).getMessage());
        PointIndex index = new PointIndex(new double[] {0, 1, 2}, new double[] {0, 0, 0});
        assertEquals("nearest needs 0 <= i < n and 1 <= k < n (n=3), got i=3, k=1",
                assertThrows(IllegalArgumentException.class, () -> index.nearest(3, 1)).getMessage());
        assertEquals("nearest needs 0 <= i < n and 1 <= k < n (n=3), got i=0, k=3",
                assertThrows(IllegalArgumentException.class, () -> index.nearest(0, 3)).getMessage());
        assertEquals("nearest needs 0 <= i < n and 1 <= k < n (n=3), got i=0, k=0",
                assertThrows(IllegalArgumentException.class, () -> index.nearest(0, 0)).getMessage());
    }
}
