package dev.sslheads.yaware;

import ai.djl.ndarray.NDArray;

/**
 * One batch of two views {@code (B, ...)} of the same samples, with optional auxiliary labels
 * {@code (B)} or {@code (B, ...)} (nidl's {@code ([X1, X2], y)} or {@code [X1, X2]}).
 */
public record ViewBatch(NDArray view1, NDArray view2, NDArray y) {}
