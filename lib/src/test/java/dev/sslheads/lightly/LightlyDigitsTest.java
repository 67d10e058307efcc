package dev.sslheads.lightly;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sslheads.runtime.Devices;
import org.junit.jupiter.api.Test;

/**
 * A short run of {@link LightlyDigits} (6 epochs, queue of 256 used from epoch 3, prototypes
 * frozen in epoch 0): the prototype assignment must carry real information about the digits.
 * Random assignments to 10 clusters give NMI about 0.01; this run measured NMI 0.58, ARI 0.43 (the full
 * 40-epoch run: NMI 0.745, ARI 0.60, next to k-means on raw pixels at NMI 0.747, ARI 0.67).
 */
class LightlyDigitsTest {

    @Test
    void prototypesClusterTheDigitsWellAboveChance() {
        LightlyDigits.Result r = LightlyDigits.run(new LightlyDigits.Settings(6, 128, 10, 256, 3, 1e-3, 0), Devices.resolve(), System.out::println);
        System.out.printf("lightly SwaV on digits: NMI %.3f ARI %.3f (%d clusters); k-means on pixels NMI %.3f ARI %.3f%n",
                r.nmi(), r.ari(), r.clustersUsed(), r.kmeansNmi(), r.kmeansAri());
        assertTrue(r.epochLosses()[5] < r.epochLosses()[0], "the loss should fall: " + java.util.Arrays.toString(r.epochLosses()));
        assertTrue(r.clustersUsed() >= 8, "at least 8 of the 10 prototypes should be used, got " + r.clustersUsed());
        assertTrue(r.nmi() > 0.45, "NMI against the digit labels should be well above chance (~0.01), got " + r.nmi());
    }
}
