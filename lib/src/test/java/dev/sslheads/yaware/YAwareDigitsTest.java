package dev.sslheads.yaware;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sslheads.data.Digits;
import dev.sslheads.metrics.ClusteringScores;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A short y-Aware run on the digits (8 epochs), with and without the mean-intensity auxiliary
 * variable: the training loss falls and k-means on the encoder features finds the digits far above
 * chance (the NMI of the same digit labels against a random permutation of them).
 */
class YAwareDigitsTest {
    @Test
    void learnedFeaturesClusterTheDigitsFarAboveChance() {
        int[] labels = Digits.load().labels();
        List<Integer> shuffled = new ArrayList<>();
        for (int l : labels) {
            shuffled.add(l);
        }
        Collections.shuffle(shuffled, new Random(0));
        double chance = ClusteringScores.normalizedMutualInfo(labels, shuffled.stream().mapToInt(Integer::intValue).toArray());
        assertTrue(chance < 0.05, "chance NMI " + chance);
        for (boolean withLabels : new boolean[] {false, true}) {
            YAwareDigits.Result r = YAwareDigits.train(Device.cpu(), 8, 0L, withLabels);
            double first = r.losses().get(0).trainLoss();
            double last = r.losses().get(r.losses().size() - 1).trainLoss();
            assertTrue(last < first, r.name() + ": loss should fall: " + first + " -> " + last);
            assertTrue(r.nmi() > chance + 0.3, r.name() + ": NMI " + r.nmi() + " (ARI " + r.ari() + "), chance " + chance);
        }
    }
}
