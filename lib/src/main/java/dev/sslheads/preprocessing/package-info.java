/**
 * The preprocessing a novae user runs before training, as scanpy defines it (scanpy {@code fabadb9},
 * 1.13.0a1+21, with fast-array-utils {@code a744b49} for the per-gene moments):
 * {@code sc.pp.normalize_total}, {@code sc.pp.log1p} and {@code sc.pp.highly_variable_genes} with
 * its default flavour {@code "seurat"}, on plain arrays (no AnnData). {@link
 * dev.sslheads.preprocessing.Preprocessing} holds the entry points; each takes a dense row-major
 * {@code (nObs, nVars)} matrix or a CSR one.
 */
package dev.sslheads.preprocessing;
