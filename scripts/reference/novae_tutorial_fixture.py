#!/usr/bin/python3
"""Writes the .h5ad file the GraalPy tutorial test reads, with Debian's anndata 0.8 (a file "made by Python").

Run from the repository root:

    /usr/bin/python3 scripts/reference/novae_tutorial_fixture.py [OUT]

(default OUT: bindings/src/test/python/data/novae_slides.h5ad). Two slides of a jittered grid with three
ring domains; integer counts in X (so novae's auto-preprocessing normalises them), obs "slide" and
"domain" (categoricals), obsm["spatial"] in microns, 40 genes. numpy seed 0.
"""
import sys

import anndata
import numpy as np
import pandas as pd


def slide(rng, name, n_domains=3, xmax=300, step=20, n_genes=40, shift=0.0):
    grid = np.arange(-xmax, xmax, step, dtype=float)
    xy = np.array([(x, y) for x in grid for y in grid if x * x + y * y <= xmax * xmax])
    xy += rng.uniform(-4, 4, size=xy.shape)
    radius = np.sqrt((xy ** 2).sum(1))
    domain = np.minimum((radius / (xmax / n_domains)).astype(int), n_domains - 1)
    means = rng.exponential(2.0, size=(n_domains, n_genes)) + shift
    counts = rng.poisson(means[domain]).astype(np.float32)
    obs = pd.DataFrame({"slide": pd.Categorical([name] * len(xy)),
                        "domain": pd.Categorical([f"ring_{d}" for d in domain])},
                       index=[f"{name}_{i}" for i in range(len(xy))])
    return anndata.AnnData(X=counts, obs=obs, obsm={"spatial": xy + 1000.0},
                           var=pd.DataFrame(index=[f"Gene{j}" for j in range(n_genes)]))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bindings/src/test/python/data/novae_slides.h5ad"
    rng = np.random.default_rng(0)
    adata = anndata.concat([slide(rng, "slide_a"), slide(rng, "slide_b", shift=0.5)])
    adata.obs["slide"] = adata.obs["slide"].astype("category")
    adata.obs["domain"] = adata.obs["domain"].astype("category")
    adata.write_h5ad(out, compression="gzip")
    print(f"wrote {out}: {adata.n_obs} cells x {adata.n_vars} genes")


if __name__ == "__main__":
    main()
