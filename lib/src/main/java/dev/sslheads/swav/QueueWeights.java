package dev.sslheads.swav;

import ai.djl.ndarray.NDArray;

/**
 * The slide queue seen as prototype weights (novae's {@code queue_weights}).
 *
 * @param weights {@code (n_slides, K)} maximum over the queue depth
 * @param thresholds {@code (K)} ratio times the best slide's weight per prototype
 */
public record QueueWeights(NDArray weights, NDArray thresholds) {}
