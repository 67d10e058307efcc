package dev.sslheads.swav;

import ai.djl.ndarray.NDArray;

/**
 * Everything one training forward of {@link SwavHead} computes.
 *
 * @param loss scalar swapped-prediction loss, differentiable
 * @param entropy scalar mean normalised entropy of the view-1 codes (monitor, no gradient)
 * @param projections1 {@code (B, K)} cosine projections of view 1 over all prototypes
 * @param projections2 {@code (B, K)} cosine projections of view 2
 * @param selection {@code (K)} boolean mask of the prototypes used for this slide, or null for all
 * @param codes1 {@code (B, K)} Sinkhorn codes of view 1, zero outside the selection
 * @param codes2 {@code (B, K)} Sinkhorn codes of view 2, zero outside the selection
 */
public record SwavStep(
        NDArray loss,
        NDArray entropy,
        NDArray projections1,
        NDArray projections2,
        NDArray selection,
        NDArray codes1,
        NDArray codes2) {}
