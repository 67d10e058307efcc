package dev.sslheads.stablepretraining;

import ai.djl.ndarray.NDArray;

/**
 * What a {@link SwAV} forward returns (the reference's {@code SwAVOutput}).
 *
 * @param loss scalar loss, differentiable in training forwards; a zero scalar on the eval path
 * @param embedding backbone features, no gradient: {@code (G * B, E)} for the global views in
 *     order (training forwards), {@code (V * B, E)} for every view (functional forward),
 *     {@code (B, E)} on the eval path
 * @param projection {@code (V * B, P)} unit-norm projections of every view in order (with
 *     gradient), or null on the eval path
 */
public record SwavOutput(NDArray loss, NDArray embedding, NDArray projection) {}
