/**
 * lightly's SwAV parts (v1.4.19) and fmcib's {@code SwaV} model built from them: prototypes with
 * an optional bias and freezing, the memory-bank queues, the multi-crop swapped-prediction loss
 * with a data-parallel Sinkhorn, and a training step (heads-spec §3).
 */
package dev.sslheads.lightly;
