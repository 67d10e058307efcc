package dev.sslheads.sinkhorn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import dev.sslheads.testing.SimulatedAllReduce;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two simulated data-parallel ranks ({@link SimulatedAllReduce}: threads exchanging partial reductions)
 * each hold half of the batch; with the all-reduce plugged in, their codes concatenated equal the
 * single-process codes of the whole batch, in the linear and in the log domain.
 */
class DataParallelSinkhornTest {
    private static final int RANKS = 2;

    @Test
    void twoRanksComputeTheCodesOfTheWholeBatch() throws Exception {
        for (double epsilon : new double[] {0.05, 0.001}) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.getEngine().setRandomSeed(11);
                NDArray z = m.randomNormal(new Shape(64, 8)).normalize(2, 1, 1e-12);
                NDArray c = m.randomNormal(new Shape(24, 8)).normalize(2, 1, 1e-12);
                NDArray scores = z.matMul(c.transpose());
                float[] whole = new SinkhornKnopp(epsilon, 3).codes(scores).toFloatArray();

                SimulatedAllReduce[] group = SimulatedAllReduce.group(RANKS);
                ExecutorService pool = Executors.newFixedThreadPool(RANKS);
                try {
                    NDList parts = new NDList();
                    Future<?>[] ranks = new Future<?>[RANKS];
                    NDArray[] codes = new NDArray[RANKS];
                    for (int r = 0; r < RANKS; r++) {
                        int rank = r;
                        NDArray shard = scores.get(rank * 32 + ":" + (rank + 1) * 32);
                        SinkhornKnopp local = new SinkhornKnopp(epsilon, 3, 1.0, group[rank]);
                        ranks[r] = pool.submit(() -> codes[rank] = local.codes(shard));
                    }
                    for (int r = 0; r < RANKS; r++) {
                        ranks[r].get();
                        parts.add(codes[r]);
                    }
                    Approx.assertClose("data-parallel codes, eps=" + epsilon, whole, NDArrays.concat(parts, 0).toFloatArray(), 1e-6, 0);
                } finally {
                    pool.shutdownNow();
                }
            }
        }
    }
}
