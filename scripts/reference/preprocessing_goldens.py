#!/usr/bin/python3
"""Golden files for dev.sslheads.preprocessing: scanpy's normalize_total, log1p and
highly_variable_genes(flavor="seurat"), restated in numpy/pandas (Debian has no scanpy).

Run from the repository root:

    /usr/bin/python3 scripts/reference/preprocessing_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/preprocessing. Needs Debian's numpy (1.24),
scipy (1.10) and pandas (1.5.3).

What is restated
----------------
scanpy ``fabadb9`` (2026-08-06, 1.13.0a1+21), ``src/scanpy/preprocessing/_normalization.py``,
``_simple.py`` and ``_highly_variable_genes.py``, with fast-array-utils ``a744b49`` (1.5+2)
``stats/_mean_var.py`` for the per-gene mean and variance. scanpy needs numpy >= 2.2 and
pandas >= 2.3; where numpy 1.24 would round differently (a float64 numpy scalar combined with a
float32 array is float64 arithmetic under numpy 2's NEP 50), the float64 step is written out.
``pandas.cut`` and the pandas groupby mean/std are called as scanpy calls them; pandas 1.5.3 has
the same equal-width bin rule as pandas 2.3 (``_nbins_to_bins``).

- normalize_total(target_sum): per-cell totals (dense: ``np.sum(x, axis=1)``, float32; CSR: a
  sequential float64 sum per row stored as float32, as scanpy's numba kernel), target = median of
  the positive totals when None, factor = totals / target (float32), zero factors replaced by 1,
  X / factor (float32).
- log1p(base): ``np.log1p`` in float32, then divided by ``np.log(base)`` in float64 and stored as
  float32.
- highly_variable_genes: X * log(base) when a base was used, ``expm1`` (float32), mean and
  variance per gene as fast-array-utils (float64 sums of the float32 values and of their float32
  squares, ``var = E[x^2] - E[x]^2`` times ``n / (n - 1)``), zero means set to 1e-12, dispersion =
  var / mean, zero dispersions NaN, log of dispersion and log1p of mean, ``pandas.cut(means,
  n_bins)``, per-bin mean and std (ddof 1) of the dispersions, bins whose std is NaN get
  ``dev = avg, avg = 0``, ``dispersions_norm = (d - avg) / dev``; selection by cutoffs on
  ``nan_to_num(dispersions_norm)`` or, with n_top_genes, ``nan_to_num(norm, nan=-inf) >=`` the
  n-th highest non-NaN norm (ties all kept).

Golden files
------------
One file per case: ``dense.json`` (150 x 120 counts), ``csr.json`` (400 x 300 CSR, ~5 % stored)
and ``small.json`` (40 x 30 dense, target_sum 1e4, log base 2; HVG with max_mean 12, n_bins 20
and 5, and an n_top_genes whose cutoff is a tie at 1.0); cell 1 and gene 2 of each are all zero.
Each holds "n_obs", "n_vars", the counts ("counts" row-major, or "indptr"/"indices"/"data"),
"target_sum" (null = median), "log1p_base" (null = natural log), "totals", "target", "logged"
(all stored values after normalize_total and log1p), "normalized" (the stored values after
normalize_total at positions 0, s, 2s, ... for s = "normalized_stride"), and "hvg": a list of
runs, each with its "options" (min_mean, max_mean, min_disp, max_disp (null = inf), n_top_genes,
n_bins, log1p_base) and the outputs "highly_variable", "means", "dispersions" (float64, null =
NaN) and "dispersions_norm" (the float32 column scanpy writes to var, null = NaN). Every HVG run
takes "logged" as its input. float32 values are written as their shortest float32 decimal, which
parses back to the same float32.
"""
import argparse
import os
import sys

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402

DEFAULT_OUT = os.path.join("lib", "src", "test", "resources", "golden", "preprocessing")
HVG_DEFAULTS = dict(min_mean=0.0125, max_mean=3.0, min_disp=0.5, max_disp=np.inf, n_top_genes=None, n_bins=20,
                    log1p_base=None)


# ---------------------------------------------------------------------------------------------------------------
# scanpy, restated


def normalize_total(x, target_sum):
    """Returns (normalised copy of x, float32 totals, float32 target) as sc.pp.normalize_total."""
    if sp.issparse(x):
        totals = np.empty(x.shape[0], dtype=np.float32)
        for i in range(x.shape[0]):
            s = 0.0
            for v in x.data[x.indptr[i]:x.indptr[i + 1]]:
                s += float(v)
            totals[i] = s
    else:
        totals = x.sum(axis=1)
    target = np.median(totals[totals > 0]) if target_sum is None else np.float32(target_sum)
    factors = totals / target
    factors = factors + (factors == 0)
    if sp.issparse(x):
        out = x.copy()
        out.data = x.data / np.repeat(factors, np.diff(x.indptr))
    else:
        out = x / factors[:, None]
    assert out.dtype == np.float32
    return out, totals.astype(np.float32), np.float32(target)


def log1p(x, base):
    """sc.pp.log1p on a copy of x."""
    data = x.data if sp.issparse(x) else x
    logged = np.log1p(data)
    if base is not None:
        logged = (logged.astype(np.float64) / np.log(base)).astype(np.float32)
    if sp.issparse(x):
        out = x.copy()
        out.data = logged
        return out
    return logged


def mean_var(x):
    """fast-array-utils stats.mean_var(x, axis=0, correction=1) for float32 dense or CSR x."""
    n = x.shape[0]
    if sp.issparse(x):
        sums = np.zeros(x.shape[1])
        squares = np.zeros(x.shape[1])
        np.add.at(sums, x.indices, x.data.astype(np.float64))
        np.add.at(squares, x.indices, (x.data * x.data).astype(np.float64))
    else:
        sums = x.sum(axis=0, dtype=np.float64)
        squares = (x ** 2).sum(axis=0, dtype=np.float64)
    mean = sums / n
    var = squares / n - mean ** 2
    if n != 1:
        var *= n / (n - 1)
    return mean, var


def highly_variable_genes(logged, min_mean, max_mean, min_disp, max_disp, n_top_genes, n_bins, log1p_base):
    """sc.pp.highly_variable_genes(flavor="seurat") on log1p data; returns scanpy's four var columns."""
    x = logged.copy()
    data = x.data if sp.issparse(x) else x
    if log1p_base is not None:
        data[...] = (data.astype(np.float64) * np.log(log1p_base)).astype(np.float32)
    np.expm1(data, out=data)
    mean, var = mean_var(x)
    mean[mean == 0] = 1e-12
    dispersion = var / mean
    dispersion[dispersion == 0] = np.nan
    dispersion = np.log(dispersion)
    mean = np.log1p(mean)

    df = pd.DataFrame(dict(means=mean, dispersions=dispersion))
    bins = pd.cut(df["means"], bins=n_bins)
    df["mean_bin"] = bins.cat.set_categories(bins.cat.categories.astype("string"), rename=True)
    stats = df.groupby("mean_bin", observed=True)["dispersions"].agg(avg="mean", dev="std")
    one_gene = stats["dev"].isna()
    stats.loc[one_gene, "dev"] = stats.loc[one_gene, "avg"]
    stats.loc[one_gene, "avg"] = 0
    stats = stats.loc[df["mean_bin"]].set_index(df.index)
    norm = ((df["dispersions"] - stats["avg"]) / stats["dev"]).to_numpy()

    if n_top_genes is None:
        d = np.nan_to_num(norm)
        hv = (mean > min_mean) & (mean < max_mean) & (d > min_disp) & (d < max_disp)
    else:
        ranked = norm[~np.isnan(norm)]
        ranked[::-1].sort()
        cutoff = ranked[min(n_top_genes, ranked.size) - 1]
        hv = np.nan_to_num(norm, nan=-np.inf) >= cutoff
    return dict(highly_variable=hv, means=mean, dispersions=dispersion, dispersions_norm=norm)


# ---------------------------------------------------------------------------------------------------------------
# inputs and encoding


def nb_counts(rng, n_obs, n_vars, gene_log_mean, gene_log_sd):
    """Gamma-Poisson (negative-binomial) counts with log-normal gene means and cell size factors;
    cell 1 and gene 2 are all zero."""
    gene_mean = np.exp(rng.normal(gene_log_mean, gene_log_sd, n_vars))
    size = np.exp(rng.normal(0.0, 0.4, n_obs))
    inverse_dispersion = np.exp(rng.normal(0.5, 0.5, n_vars))
    lam = rng.gamma(inverse_dispersion[None, :], (gene_mean[None, :] * size[:, None]) / inverse_dispersion[None, :])
    counts = rng.poisson(lam).astype(np.float32)
    counts[1, :] = 0
    counts[:, 2] = 0
    return counts


def f32(values):
    """float32 values as the shortest decimals that parse back to them (NaN as null, +0.0 as 0)."""
    def encode(v):
        if np.isnan(v):
            return None
        if v == 0 and not np.signbit(v):
            return 0
        return float(str(v))
    return [encode(v) for v in np.asarray(values, dtype=np.float32).ravel()]


def f64(values):
    return [None if np.isnan(v) else float(v) for v in np.asarray(values, dtype=np.float64).ravel()]


def hvg_run(logged, **overrides):
    options = dict(HVG_DEFAULTS, **overrides)
    out = highly_variable_genes(logged, **options)
    encoded_options = dict(options, max_disp=None if np.isinf(options["max_disp"]) else options["max_disp"])
    return dict(options=encoded_options, highly_variable=[bool(b) for b in out["highly_variable"]],
                means=f64(out["means"]), dispersions=f64(out["dispersions"]),
                dispersions_norm=f32(out["dispersions_norm"])), out


def case(counts, target_sum, log1p_base, hvg_overrides, stride):
    """Runs the chain on counts (dense float32 or CSR) and returns the golden payload; the normalised
    values are kept at every stride-th stored position only (the logged ones, the HVG input, all)."""
    normalized, totals, target = normalize_total(counts, target_sum)
    logged = log1p(normalized, log1p_base)
    n_obs, n_vars = counts.shape
    payload = dict(n_obs=n_obs, n_vars=n_vars, target_sum=target_sum, log1p_base=log1p_base,
                   totals=f32(totals), target=f32([target])[0], normalized_stride=stride)
    if sp.issparse(counts):
        payload.update(indptr=counts.indptr.astype(np.int64), indices=counts.indices.astype(np.int64),
                       data=counts.data.astype(np.int64))
        normalized, logged_values = normalized.data, logged.data
    else:
        payload.update(counts=counts.astype(np.int64).ravel())
        normalized, logged_values = normalized.ravel(), logged
    payload.update(normalized=f32(normalized[::stride]), logged=f32(logged_values))
    runs = []
    for overrides in hvg_overrides:
        run, out = hvg_run(logged, **overrides)
        runs.append(run)
        n_top = overrides.get("n_top_genes")
        print(f"  hvg {overrides}: {int(out['highly_variable'].sum())} selected"
              + (f" of n_top_genes={n_top}" if n_top else ""))
    payload["hvg"] = runs
    return payload, logged


def tie_run(logged, **overrides):
    """n_top_genes for a run whose cutoff is the exact 1.0 of several single-gene bins."""
    norm = highly_variable_genes(logged, **dict(HVG_DEFAULTS, **overrides))["dispersions_norm"]
    ones = int(np.sum(norm == 1.0))
    assert ones >= 2, f"want at least two single-gene bins, got {ones}"
    return dict(overrides, n_top_genes=int(np.sum(norm > 1.0)) + 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    rng = np.random.default_rng(20261204)

    dense = nb_counts(rng, 150, 120, gene_log_mean=-0.5, gene_log_sd=1.5)
    print("dense", dense.shape, f"{np.mean(dense > 0):.3f} non-zero")
    payload, _ = case(dense, None, None, [{}, dict(n_top_genes=60)], stride=7)
    write_golden(args.out, "dense", payload)

    csr = sp.csr_matrix(nb_counts(rng, 400, 300, gene_log_mean=-3.3, gene_log_sd=0.8))
    print("csr", csr.shape, f"{csr.nnz / (csr.shape[0] * csr.shape[1]):.3f} stored")
    payload, _ = case(csr, None, None, [{}, dict(n_top_genes=50), dict(n_bins=7, min_mean=0.02, max_mean=2.5)],
                      stride=7)
    write_golden(args.out, "csr", payload)

    small = nb_counts(rng, 40, 30, gene_log_mean=0.5, gene_log_sd=1.2)
    print("small", small.shape, f"{np.mean(small > 0):.3f} non-zero")
    base2 = dict(log1p_base=2.0, max_mean=12.0)
    _, logged = case(small, 1e4, 2.0, [], stride=1)
    tie = tie_run(logged, **base2)
    payload, _ = case(small, 1e4, 2.0, [base2, dict(base2, n_bins=5), tie], stride=1)
    write_golden(args.out, "small", payload)


if __name__ == "__main__":
    main()
