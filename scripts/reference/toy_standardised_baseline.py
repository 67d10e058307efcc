#!/usr/bin/env python3
"""What a training-free method reaches on novae's toy_dataset when it standardises each slide as novae does.

Restates novae's toy generator (spec 1.6: rings, exponential draws with means, normalize_total to the median total,
log1p, n_vars - n_drop - p genes kept per panel) with numpy's own random stream, so the data are statistically those
of the Java ToyDataset but not the same draws. Prints pooled and per-panel ARI of scikit-learn k-means (4 clusters,
n_init=10, random_state=0) on the shared genes: raw or standardised per slide (mean 0, population std), each as is or
averaged over the 10 nearest cells; and a random gene embedding of every panel gene with novae's column
normalisation (CellEmbedder at initialisation), neighbour-averaged.

    /usr/bin/python3 scripts/reference/toy_standardised_baseline.py [--seed 0]
"""
import argparse

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score
from sklearn.neighbors import NearestNeighbors

XMAX, STEP, DOMAINS, N_VARS, N_DROP, PANELS, EMBEDDING = 500, 20, 4, 100, 20, 3, 100


def toy(rng):
    grid = np.arange(-XMAX, XMAX, STEP)
    x, y = np.meshgrid(grid, grid, indexing="ij")
    points = np.c_[x.ravel(), y.ravel()]
    points = points[(points ** 2).sum(1) <= XMAX ** 2]
    domain = np.floor(np.sqrt((points ** 2).sum(1)) / (XMAX / DOMAINS + 1e-8)).astype(int)
    domain_shift = rng.exponential(2.0, (DOMAINS, N_VARS))
    panels = []
    for p in range(PANELS):
        panel_shift = rng.exponential(5.0, N_VARS)
        slide_shift = rng.exponential(1.5, N_VARS)
        counts = np.floor(rng.exponential(domain_shift[domain] + slide_shift + panel_shift))
        totals = counts.sum(1, keepdims=True)
        genes = np.sort(rng.choice(N_VARS, N_VARS - N_DROP - p, replace=False))
        panels.append((np.log1p(counts / totals * np.median(totals))[:, genes], genes))
    return points, domain, panels


def kmeans(features):
    return KMeans(DOMAINS, n_init=10, random_state=0).fit_predict(features)


def report(name, features, domain):
    pooled = adjusted_rand_score(np.concatenate([domain] * len(features)), kmeans(np.concatenate(features)))
    per_panel = " / ".join(f"{adjusted_rand_score(domain, kmeans(f)):.3f}" for f in features)
    print(f"| {name} | {pooled:.3f} | {per_panel} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=0)
    rng = np.random.default_rng(parser.parse_args().seed)
    points, domain, panels = toy(rng)
    shared = sorted(set.intersection(*[set(genes) for _, genes in panels]))
    _, nearest = NearestNeighbors(n_neighbors=10).fit(points).kneighbors(points)
    print(f"{len(shared)} shared genes; k-means with {DOMAINS} clusters\n")
    print("| features | pooled ARI | per-panel ARI (fitted per panel) |\n|---|---:|---|")
    for standardise in (False, True):
        for average in (False, True):
            features = []
            for x, genes in panels:
                f = x[:, np.searchsorted(genes, shared)]
                f = (f - f.mean(0)) / (f.std(0) + 1e-8) if standardise else f
                features.append(f[nearest].mean(1) if average else f)
            name = ("standardised per slide" if standardise else "as stored") + (", 10-cell average" if average else "")
            report("shared genes " + name, features, domain)
    embedding = rng.normal(size=(N_VARS, EMBEDDING))
    features = []
    for x, genes in panels:
        w = embedding[genes] / np.linalg.norm(embedding[genes], axis=0, keepdims=True)
        features.append((((x - x.mean(0)) / (x.std(0) + 1e-8)) @ w)[nearest].mean(1))
    report("all panel genes standardised, random column-normalised embedding, 10-cell average", features, domain)


if __name__ == "__main__":
    main()
