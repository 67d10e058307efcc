package dev.sslheads.train;

import ai.djl.ndarray.NDArray;

/** A random view of a batch {@code (B, F) -> (B, F)}, computed on the batch's device. */
@FunctionalInterface
public interface Augmentation {
    NDArray apply(NDArray batch);
}
