#!/usr/bin/python3
"""Input files for the novae training reference and the novae benchmark, written without Java.

    /usr/bin/python3 scripts/reference/novae_bench_data.py bench --cells 100000 --genes 200 --slides 3 \
        --out /tmp/bench.h5ad [--domains 4] [--radius 80] [--seed 0]
    /usr/bin/python3 scripts/reference/novae_bench_data.py toy --out-dir /tmp/toy [--seed 0] [--n-panels 3] ...

Both write what novae's model reads after ``novae.spatial_neighbors`` (spec §1.1, §2.1): X log1p-normalised
(float32, dense), obs ``novae_sid`` (categorical slide id), ``domain`` (the true domain, categorical) and
``slide_key``, obsm ``spatial``, obsp ``spatial_connectivities`` / ``spatial_distances`` (CSR float64), uns
``spatial_neighbors``. The graph is built per slide by scripts/reference/spatial_neighbors_goldens.py ``graph``
(scipy Delaunay, then the radius mask when a radius is given); normalize_total (median target) and log1p by
scripts/reference/preprocessing_goldens.py.

``bench``: S slides of N/S cells (the last slide takes the remainder), uniform positions in a square of side
15 um * sqrt(n) (about 15 um between neighbours), domains = Voronoi cells of 4 * domains random centres per
slide labelled cyclically, counts ~ Poisson(exp(base_g + domain_dg + slide_sg)) with base ~ N(0, 1),
domain ~ N(0, 0.8), slide ~ N(0, 0.3). numpy default_rng(seed). var ``highly_variable`` is written all True, so that
novae (and the port) use every gene, as the training reference does, instead of selecting HVGs (> 100 genes).

``toy``: novae's ``toy_dataset`` (spec §1.6) restated with a numpy RandomState(seed) standing in for novae's
global numpy stream (so seed s gives what novae gives after ``np.random.seed(s)``), gene names from the port's
copy of novae's list (lib/src/main/resources/dev/sslheads/novae/toy_gene_names.txt), followed by
``spatial_neighbors`` with novae's defaults (Delaunay, no radius) per slide; one file per panel,
``toy_p{p}.h5ad``. Counts are stored float32 (novae's are float64; the log1p values differ in the last bits).
"""
import argparse
import os
import sys
import time
import warnings

import anndata
import numpy as np
import pandas as pd
import scipy.sparse as sp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from preprocessing_goldens import log1p, normalize_total  # noqa: E402
from spatial_neighbors_goldens import graph  # noqa: E402

warnings.filterwarnings("ignore", category=FutureWarning)
TOY_GENES = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "novae",
                         "toy_gene_names.txt")
SPACING_UM = 15.0


def with_neighbors(counts, coords, slides, domains, var_names, obs_names, radius):
    """AnnData after normalize_total + log1p and spatial_neighbors (per slide), counts kept in layers."""
    counts = np.asarray(counts, dtype=np.float32)
    normalized, _, _ = normalize_total(counts, None)
    adj, dst = graph(np.asarray(coords, dtype=np.float64), list(slides), delaunay=True,
                     radius=None if radius is None else (0.0, float(radius)))
    obs = pd.DataFrame({"novae_sid": pd.Categorical([str(s) for s in slides]),
                        "slide_key": pd.Categorical([str(s) for s in slides]),
                        "domain": pd.Categorical(list(domains))}, index=list(obs_names))
    adata = anndata.AnnData(X=log1p(normalized, None), obs=obs, var=pd.DataFrame(index=list(var_names)),
                            obsm={"spatial": np.asarray(coords, dtype=np.float64)},
                            layers={"counts": counts})
    adata.obsp["spatial_connectivities"] = sp.csr_matrix(adj)
    adata.obsp["spatial_distances"] = sp.csr_matrix(dst)
    adata.uns["spatial_neighbors"] = {
        "connectivities_key": "spatial_connectivities", "distances_key": "spatial_distances",
        "params": {"radius": [0.0, float(radius)] if radius is not None else "none", "set_diag": False,
                   "coord_type": "generic"}}
    return adata


def bench(args):
    rng = np.random.default_rng(args.seed)
    sizes = [args.cells // args.slides] * args.slides
    sizes[-1] += args.cells - sum(sizes)
    base = rng.normal(0.0, 1.0, size=args.genes)
    domain_effect = rng.normal(0.0, 0.8, size=(args.domains, args.genes))
    coords, slides, domains, counts = [], [], [], []
    for s, n in enumerate(sizes):
        side = SPACING_UM * np.sqrt(n)
        xy = rng.uniform(0.0, side, size=(n, 2)) + s * 10 * side  # slides apart (they never share edges anyway)
        centres = rng.uniform(0.0, side, size=(4 * args.domains, 2)) + s * 10 * side
        nearest = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(-1).argmin(1)
        d = nearest % args.domains
        slide_effect = rng.normal(0.0, 0.3, size=args.genes)
        counts.append(rng.poisson(np.exp(base[None, :] + domain_effect[d] + slide_effect[None, :])))
        coords.append(xy)
        slides += ["slide_%d" % s] * n
        domains += ["domain_%d" % k for k in d]
    adata = with_neighbors(np.concatenate(counts), np.concatenate(coords), slides, domains,
                           ["Gene%03d" % g for g in range(args.genes)], ["c%d" % i for i in range(args.cells)],
                           args.radius)
    adata.var["highly_variable"] = True  # > 100 genes: novae would otherwise select HVGs; all are used here
    return [(args.out, adata)]


def toy(args):
    """novae's toy_dataset, then spatial_neighbors with its defaults; one (path, AnnData) per panel."""
    if not args.n_vars - args.n_drop - args.n_panels > 2:
        raise ValueError("n_vars - n_drop - n_panels must exceed 2, got %d" % (args.n_vars - args.n_drop - args.n_panels))
    rs = np.random.RandomState(args.seed)
    xmax, step = args.xmax, args.step
    spatial = np.mgrid[-xmax:xmax:step, -xmax:xmax:step].reshape(2, -1).T
    spatial = spatial[(spatial ** 2).sum(1) <= xmax ** 2]
    n_obs = len(spatial)
    rings = (np.sqrt((spatial ** 2).sum(1)) // (xmax / args.n_domains + 1e-8)).astype(int)
    with open(TOY_GENES) as f:
        names = [line.strip() for line in f if line.strip()]
    var_names = np.array(names[:args.n_vars] if args.n_vars <= len(names) else ["g%d" % i for i in range(args.n_vars)])
    domains_shift = rs.exponential(args.domain_shift_lambda, size=(args.n_domains, args.n_vars))
    out = []
    for p in range(args.n_panels):
        panel_shift = rs.exponential(args.panel_shift_lambda, size=args.n_vars)
        parts = []
        for s in range(args.n_slides_per_panel):
            slide_shift = rs.exponential(args.slide_shift_lambda, size=args.n_vars)
            labels = rings.clip(0, args.n_domains - 2) if (args.merge_last_domain_even_slide and s % 2 == 0) else rings
            x = np.zeros((n_obs, args.n_vars))
            for i in range(args.n_domains):
                where = labels == i
                x[where] = rs.exponential(domains_shift[i] + slide_shift + panel_shift,
                                          size=(int(where.sum()), args.n_vars)).astype(int)
            genes = np.arange(args.n_vars)
            if args.n_drop:
                genes = rs.choice(args.n_vars, size=args.n_vars - args.n_drop - p, replace=False)
            keep = n_obs - 1 - p - s
            slide_key = "slide_%d_%d" % (p, s) if args.slide_ids_unique else "slide_%d" % s
            parts.append(dict(x=x[:keep, genes], genes=list(var_names[genes]), xy=(spatial + p + s)[:keep],
                              domain=["domain_%d" % k for k in labels[:keep]], slide=[slide_key] * keep,
                              names=["c_%d_%d_%d" % (p, s, i) for i in range(keep)]))
        shared = [g for g in parts[0]["genes"] if all(g in q["genes"] for q in parts[1:])]  # inner join
        x = np.concatenate([q["x"][:, [q["genes"].index(g) for g in shared]] for q in parts])
        adata = with_neighbors(x, np.concatenate([q["xy"] for q in parts]), sum((q["slide"] for q in parts), []),
                               sum((q["domain"] for q in parts), []), shared, sum((q["names"] for q in parts), []),
                               args.radius)
        out.append((os.path.join(args.out_dir, "toy_p%d.h5ad" % p), adata))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("bench", help="N cells x G genes over S slides")
    b.add_argument("--cells", type=int, default=100000)
    b.add_argument("--genes", type=int, default=200)
    b.add_argument("--slides", type=int, default=3)
    b.add_argument("--domains", type=int, default=4)
    b.add_argument("--radius", type=float, default=80.0, help="Delaunay edges longer than this are dropped")
    b.add_argument("--seed", type=int, default=0)
    b.add_argument("--out", required=True)
    t = sub.add_parser("toy", help="novae's toy_dataset, one file per panel")
    t.add_argument("--out-dir", required=True)
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--n-panels", type=int, default=3)
    t.add_argument("--n-domains", type=int, default=4)
    t.add_argument("--n-slides-per-panel", type=int, default=1)
    t.add_argument("--xmax", type=int, default=500)
    t.add_argument("--n-vars", type=int, default=100)
    t.add_argument("--n-drop", type=int, default=20)
    t.add_argument("--step", type=int, default=20)
    t.add_argument("--panel-shift-lambda", type=float, default=5.0)
    t.add_argument("--slide-shift-lambda", type=float, default=1.5)
    t.add_argument("--domain-shift-lambda", type=float, default=2.0)
    t.add_argument("--slide-ids-unique", type=int, choices=(0, 1), default=1)
    t.add_argument("--merge-last-domain-even-slide", type=int, choices=(0, 1), default=0)
    t.add_argument("--radius", type=float, default=None, help="novae's default: none (Delaunay edges only)")
    args = parser.parse_args(argv)
    for name in ("cells", "genes", "slides", "domains"):
        if args.command == "bench" and getattr(args, name) < 1:
            parser.error("--%s must be >= 1, got %d" % (name, getattr(args, name)))
    start = time.perf_counter()
    files = bench(args) if args.command == "bench" else toy(args)
    for path, adata in files:
        directory = os.path.dirname(os.path.abspath(path))
        os.makedirs(directory, exist_ok=True)
        tmp = os.path.join(directory, "." + os.path.basename(path) + ".tmp")
        adata.write_h5ad(tmp)
        os.replace(tmp, path)
        dst = adata.obsp["spatial_distances"]
        print("wrote %s: %d cells x %d genes, %d slides, %d edges (mean degree %.2f, median distance %.1f)"
              % (path, adata.n_obs, adata.n_vars, adata.obs["novae_sid"].nunique(), dst.nnz, dst.nnz / adata.n_obs,
                 float(np.median(dst.data))))
    print("%.1f s" % (time.perf_counter() - start))


if __name__ == "__main__":
    main()
