/**
 * Evaluation of spatial-domain labellings against known domains: reference baselines that need no
 * training ({@link dev.sslheads.novae.eval.DomainBaselines}).
 */
package dev.sslheads.novae.eval;
