package dev.sslheads.sinkhorn;

import ai.djl.ndarray.NDArray;

/**
 * The collective that Sinkhorn-Knopp needs for data-parallel training: the global sums and the
 * per-prototype column sums are summed across ranks, and the stabilising maximum is taken across
 * ranks, so that every rank computes the codes of the one big batch.
 *
 * <p>Implementations return an array of the same shape on the input's device. {@link #LOCAL} is
 * the single-process identity.
 */
public interface AllReduce {

    /** Element-wise sum of {@code x} over all ranks. */
    NDArray sum(NDArray x);

    /** Element-wise maximum of {@code x} over all ranks. */
    NDArray max(NDArray x);

    /** Number of ranks taking part (1 for a single process). */
    int worldSize();

    /** Single process: every reduction is the identity. */
    AllReduce LOCAL = new AllReduce() {
        @Override
        public NDArray sum(NDArray x) {
            return x;
        }

        @Override
        public NDArray max(NDArray x) {
            return x;
        }

        @Override
        public int worldSize() {
            return 1;
        }

        @Override
        public String toString() {
            return "AllReduce.LOCAL";
        }
    };
}
