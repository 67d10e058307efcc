package dev.sslheads.spatial;

import dev.sslheads.anndata.SparseMatrix;

/**
 * A spatial graph over n cells: {@code connectivities} (1 per edge, float64) and {@code distances}
 * (float64 Euclidean distances, or ring numbers for multi-ring grids), both {@code (n, n)} CSR with
 * sorted indices, as novae stores them in {@code obsp}.
 */
public record SlideGraph(SparseMatrix connectivities, SparseMatrix distances) {}
