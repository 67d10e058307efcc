package dev.sslheads.cluster;

import ai.djl.ndarray.NDArray;

/**
 * The outcome of {@link KMeans#fit}: arrays on the input's device, owned by the input's manager.
 *
 * @param centers (K, d) cluster centres, the input's data type
 * @param labels (n) int64 index of each point's centre
 * @param inertia sum of squared distances of the points to their centres
 * @param nIter number of Lloyd iterations run
 */
public record KMeansResult(NDArray centers, NDArray labels, double inertia, int nIter) implements AutoCloseable {
    /** Frees the centres and the labels. */
    @Override
    public void close() {
        centers.close();
        labels.close();
    }
}
