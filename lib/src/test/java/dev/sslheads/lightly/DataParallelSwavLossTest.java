package dev.sslheads.lightly;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.SimulatedAllReduce;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * lightly's {@code sinkhorn_gather_distributed=True} as an all-reduce: two simulated ranks each
 * hold half of the batch and half of every queue; their codes are the rows of the single-process
 * codes of the whole batch with the whole queue, and the mean of their losses is its loss.
 */
class DataParallelSwavLossTest {
    private static final int RANKS = 2;
    private static final int ROWS = 8;
    private static final int QUEUE_ROWS = 12;
    private static final int K = 20;

    @Test
    void twoRanksComputeTheCodesAndLossOfTheWholeBatch() throws Exception {
        for (double epsilon : new double[] {0.05, 0.005}) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.getEngine().setRandomSeed(5);
                List<NDArray> high = scores(m, 2, ROWS * RANKS);
                List<NDArray> low = scores(m, 3, ROWS * RANKS);
                List<NDArray> queue = scores(m, 2, QUEUE_ROWS * RANKS);
                SwavLoss single = new SwavLoss(0.1, 3, epsilon);
                float wholeLoss = single.forward(high, low, queue).getFloat();
                float[][] wholeCodes = {single.codes(high.get(0), queue.get(0)).toFloatArray(), single.codes(high.get(1), queue.get(1)).toFloatArray()};

                SimulatedAllReduce[] group = SimulatedAllReduce.group(RANKS);
                ExecutorService pool = Executors.newFixedThreadPool(RANKS);
                try {
                    List<Future<float[][]>> results = new ArrayList<>();
                    for (int r = 0; r < RANKS; r++) {
                        int rank = r;
                        List<NDArray> rankHigh = shard(high, rank, ROWS);
                        List<NDArray> rankLow = shard(low, rank, ROWS);
                        List<NDArray> rankQueue = shard(queue, rank, QUEUE_ROWS);
                        SwavLoss local = new SwavLoss(0.1, 3, epsilon, 1.5, group[rank]);
                        results.add(pool.submit(() -> {
                            float[] codes0 = local.codes(rankHigh.get(0), rankQueue.get(0)).toFloatArray();
                            float[] codes1 = local.codes(rankHigh.get(1), rankQueue.get(1)).toFloatArray();
                            return new float[][] {codes0, codes1, {local.forward(rankHigh, rankLow, rankQueue).getFloat()}};
                        }));
                    }
                    float meanLoss = 0;
                    float[][] rankCodes = new float[2][];
                    for (int r = 0; r < RANKS; r++) {
                        float[][] out = results.get(r).get();
                        for (int i = 0; i < 2; i++) {
                            rankCodes[i] = concat(rankCodes[i], out[i]);
                        }
                        meanLoss += out[2][0] / RANKS;
                    }
                    for (int i = 0; i < 2; i++) {
                        Approx.assertClose("codes of high crop " + i + ", eps=" + epsilon, wholeCodes[i], rankCodes[i], 1e-6, 0);
                    }
                    Approx.assertClose("loss, eps=" + epsilon, wholeLoss, meanLoss, 1e-5, 1e-6);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }

    /** {@code n} random score arrays {@code (rows, K)} in [-1.3, 1.3] (cosine plus a bias). */
    private static List<NDArray> scores(NDManager m, int n, int rows) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(m.randomUniform(-1.3f, 1.3f, new Shape(rows, K)));
        }
        return out;
    }

    private static List<NDArray> shard(List<NDArray> arrays, int rank, int rows) {
        return arrays.stream().map(a -> a.get(rank * rows + ":" + (rank + 1) * rows)).toList();
    }

    private static float[] concat(float[] a, float[] b) {
        if (a == null) {
            return b;
        }
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
