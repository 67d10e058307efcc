package dev.sslheads.util;

import java.util.Random;

/** Random orders of row indices for epoch shuffling. */
public final class Permutations {
    private Permutations() {}

    /** {@code 0 .. rows-1} in a uniformly random order (Fisher-Yates with {@code random}), as int64 indices. */
    public static long[] shuffled(int rows, Random random) {
        long[] order = new long[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
