package dev.sslheads.sinkhorn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.testing.Approx;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Two simulated data-parallel ranks (threads exchanging partial reductions through a barrier)
 * each hold half of the batch; with the all-reduce plugged in, their codes concatenated equal the
 * single-process codes of the whole batch, in the linear and in the log domain.
 */
class DataParallelSinkhornTest {
    private static final int RANKS = 2;

    /** An in-process all-reduce over {@link #RANKS} threads. */
    private static final class SimulatedAllReduce implements AllReduce {
        private final float[][] slots;
        private final CyclicBarrier barrier;
        private final int rank;

        SimulatedAllReduce(float[][] slots, CyclicBarrier barrier, int rank) {
            this.slots = slots;
            this.barrier = barrier;
            this.rank = rank;
        }

        @Override
        public NDArray sum(NDArray x) {
            return reduce(x, Float::sum);
        }

        @Override
        public NDArray max(NDArray x) {
            return reduce(x, Math::max);
        }

        @Override
        public int worldSize() {
            return RANKS;
        }

        private NDArray reduce(NDArray x, BinaryOperator<Float> op) {
            try {
                slots[rank] = x.toFloatArray();
                barrier.await();
                float[] total = slots[0].clone();
                for (int r = 1; r < RANKS; r++) {
                    for (int i = 0; i < total.length; i++) {
                        total[i] = op.apply(total[i], slots[r][i]);
                    }
                }
                barrier.await();
                return x.getManager().create(total, x.getShape());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void twoRanksComputeTheCodesOfTheWholeBatch() throws Exception {
        for (double epsilon : new double[] {0.05, 0.001}) {
            try (NDManager m = NDManager.newBaseManager()) {
                m.getEngine().setRandomSeed(11);
                NDArray z = m.randomNormal(new Shape(64, 8)).normalize(2, 1, 1e-12);
                NDArray c = m.randomNormal(new Shape(24, 8)).normalize(2, 1, 1e-12);
                NDArray scores = z.matMul(c.transpose());
                float[] whole = new SinkhornKnopp(epsilon, 3).codes(scores).toFloatArray();

                float[][] slots = new float[RANKS][];
                CyclicBarrier barrier = new CyclicBarrier(RANKS);
                ExecutorService pool = Executors.newFixedThreadPool(RANKS);
                try {
                    NDList parts = new NDList();
                    Future<?>[] ranks = new Future<?>[RANKS];
                    NDArray[] codes = new NDArray[RANKS];
                    for (int r = 0; r < RANKS; r++) {
                        int rank = r;
                        NDArray shard = scores.get(rank * 32 + ":" + (rank + 1) * 32);
                        SinkhornKnopp local = new SinkhornKnopp(epsilon, 3, 1.0, new SimulatedAllReduce(slots, barrier, rank));
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
