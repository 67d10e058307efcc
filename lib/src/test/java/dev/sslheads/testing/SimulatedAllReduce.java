package dev.sslheads.testing;

import ai.djl.ndarray.NDArray;
import dev.sslheads.sinkhorn.AllReduce;
import java.util.concurrent.CyclicBarrier;
import java.util.function.BinaryOperator;

/**
 * An in-process all-reduce for simulated data-parallel ranks: one thread per rank, partial
 * reductions exchanged through shared slots and a barrier.
 */
public final class SimulatedAllReduce implements AllReduce {
    private final float[][] slots;
    private final CyclicBarrier barrier;
    private final int rank;

    private SimulatedAllReduce(float[][] slots, CyclicBarrier barrier, int rank) {
        this.slots = slots;
        this.barrier = barrier;
        this.rank = rank;
    }

    /** One all-reduce per rank, all connected to each other. */
    public static SimulatedAllReduce[] group(int ranks) {
        float[][] slots = new float[ranks][];
        CyclicBarrier barrier = new CyclicBarrier(ranks);
        SimulatedAllReduce[] out = new SimulatedAllReduce[ranks];
        for (int r = 0; r < ranks; r++) {
            out[r] = new SimulatedAllReduce(slots, barrier, r);
        }
        return out;
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
        return slots.length;
    }

    private NDArray reduce(NDArray x, BinaryOperator<Float> op) {
        try {
            slots[rank] = x.toFloatArray();
            barrier.await();
            float[] total = slots[0].clone();
            for (int r = 1; r < slots.length; r++) {
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
