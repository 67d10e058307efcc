#!/usr/bin/python3
"""Golden files for novae's hierarchical clustering of the prototypes and its KMeans prototypes.

Run from the repository root:

    /usr/bin/python3 scripts/reference/novae_clustering_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/novae. Needs Debian's python3-sklearn (with scipy)
and python3-pandas; scripts/reference/ensure_reference_env.sh is called when sklearn is missing.

What is reproduced (novae ``SwavHead``, shared/seeds/000_89b7d03df6f38c8e.txt)
-----------------------------------------------------------------------------
* ``hierarchical_clustering``: ``AgglomerativeClustering(n_clusters=None, distance_threshold=0,
  compute_full_tree=True, metric="cosine", linkage="average").fit(X).children_`` (checked equal to
  scipy's ``linkage(X, "average", "cosine")[:, :2]``), and the uint16 ``clusters_levels`` loop.
* ``map_leaves_domains(series, level)`` over a pandas object Series: "D{k}" becomes
  "D{clusters_levels[-level, k]}", None stays None.
* ``find_level(leaves_indices, n_domains)``: first level in 1..K-1 whose row -level restricted to
  the leaves has n_domains unique values, else ValueError (written as expected_level null).
* ``set_kmeans_prototypes``: X = latent / (1e-8 + ||latent||); sklearn KMeans on X; centres
  normalised the same way.

Golden files
------------
* ``linkage_K<K>.json`` (K = 8, 50, 200): "prototypes" (K, O) float32 unit rows, "children" (K-1, 2),
  "distances" (K-1) (the merge heights, ``distances_``), "clusters_levels" (K, K), "map_cases",
  "find_level_cases". K=50 repeats its first ten rows at the end, so exact distance ties occur and
  the merge order depends on scipy's tie-breaking.
* ``linkage_K512.json``: "prototypes", "children" and "distances" only.
* ``kmeans_<case>.json``: "latent" (n, d) float32 Gaussian blobs, "normalized", "init_centers"
  (K, d) (distinct data rows; in case "relocate" one centre lies far from every point, so its
  cluster is empty after the first E-step and sklearn relocates it), the fit from that init
  ("centers_from_init", "labels_from_init", "inertia_from_init", "n_iter_from_init",
  "kmeans_prototypes_from_init") and "sklearn_own_init_inertia" of
  ``KMeans(n_clusters=K, random_state=0, n_init="auto")``.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import numpy as np
    import sklearn  # noqa: F401
except ImportError:
    subprocess.check_call(["bash", os.path.join(HERE, "ensure_reference_env.sh")])
    import numpy as np
try:
    import pandas as pd
except ImportError:
    sys.exit("novae_clustering_goldens.py needs Debian's python3-pandas: apt-get install -y python3-pandas")

from scipy.cluster.hierarchy import linkage
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.datasets import make_blobs

from golden_io import write_golden

EPS = 1e-8  # novae's Nums.EPS

LINKAGE_CASES = [(8, 16, 1, 0), (50, 16, 2, 10), (200, 64, 3, 0)]  # (K, O, seed, rows repeated at the end)
KMEANS_CASES = [  # (name, n, d, K, seed, whether the last initial centre lies far from every point)
    ("blobs600", 600, 16, 10, 11, False),
    ("blobs2000", 2000, 32, 50, 12, False),
    ("relocate", 300, 8, 6, 13, True),
]


def unit_rows(rng, k, o):
    x = rng.standard_normal((k, o)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def hierarchical_clustering(x):
    """novae's SwavHead.hierarchical_clustering: the fitted clustering and the uint16 levels."""
    clustering = AgglomerativeClustering(
        n_clusters=None, distance_threshold=0, compute_full_tree=True, metric="cosine", linkage="average"
    ).fit(x)
    assert np.array_equal(clustering.children_, linkage(x, "average", "cosine")[:, :2].astype(int))
    levels = np.zeros((len(x), len(x)), dtype=np.uint16)
    levels[0] = np.arange(len(x))
    for i, (a, b) in enumerate(clustering.children_):
        clusters = levels[i]
        levels[i + 1] = clusters
        levels[i + 1, np.where((clusters == a) | (clusters == b))] = len(x) + i
    return clustering, levels


def map_leaves_domains(levels, series, level):
    return series.map(lambda x: f"D{levels[-level, int(x[1:])]}" if isinstance(x, str) else x)


def find_level(levels, leaves_indices, n_domains):
    sub_clusters_levels = levels[:, leaves_indices]
    for level in range(1, len(levels)):
        if len(np.unique(sub_clusters_levels[-level])) == n_domains:
            return level
    raise ValueError(f"Could not find a level with {n_domains=}")


def map_cases(rng, levels):
    k = len(levels)
    cases = []
    for level in sorted({1, 2, k // 2, k - 1, k}):
        leaves = [None if rng.random() < 0.2 else "D%d" % rng.integers(k) for _ in range(25)]
        expected = map_leaves_domains(levels, pd.Series(leaves, dtype=object), level)
        cases.append({"level": level, "leaves": leaves, "expected": expected.tolist()})
    return cases


def find_level_cases(rng, levels, children):
    k = len(levels)
    all_leaves = np.arange(k)
    subsets = [all_leaves, rng.choice(k, size=max(3, k // 3), replace=False),
               np.unique(np.concatenate([children[0], rng.choice(k, size=k // 4)]))]
    cases = []
    for leaves in subsets:
        m = len(np.unique(leaves))
        for n in sorted({1, 2, m // 2, m - 1, m}):
            if n < 1:
                continue
            try:
                expected = find_level(levels, leaves, n)
            except ValueError:
                expected = None
            cases.append({"leaf_indices": leaves, "n_domains": n, "expected_level": expected})
    assert any(c["expected_level"] is None for c in cases)
    return cases


def linkage_case(k, o, seed, repeated):
    rng = np.random.default_rng(seed)
    x = unit_rows(rng, k, o)
    x[k - repeated:] = x[:repeated]
    clustering, levels = hierarchical_clustering(x)
    return {"seed": seed, "prototypes": x, "children": clustering.children_, "distances": clustering.distances_,
            "clusters_levels": levels.astype(np.int64), "map_cases": map_cases(rng, levels),
            "find_level_cases": find_level_cases(rng, levels, clustering.children_)}


def kmeans_case(n, d, k, seed, far_centre):
    rng = np.random.default_rng(seed)
    latent, _ = make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=6.0, random_state=seed)
    latent = latent.astype(np.float32)
    normalized = latent / (EPS + np.linalg.norm(latent, axis=1)[:, None])
    init = normalized[rng.choice(n, size=k, replace=False)].copy()
    if far_centre:
        init[k - 1] = 10.0  # far from every unit-norm point: an empty cluster after the first E-step
    fit = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", max_iter=300, tol=1e-4).fit(normalized)
    centers = fit.cluster_centers_
    own = KMeans(n_clusters=k, random_state=0, n_init="auto").fit(normalized)
    return {"seed": seed, "latent": latent, "normalized": normalized, "init_centers": init,
            "centers_from_init": centers, "labels_from_init": fit.labels_, "inertia_from_init": fit.inertia_,
            "n_iter_from_init": fit.n_iter_,
            "kmeans_prototypes_from_init": centers / (EPS + np.linalg.norm(centers, axis=1)[:, None]),
            "sklearn_own_init_inertia": own.inertia_}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "novae"))
    args = parser.parse_args()
    for k, o, seed, repeated in LINKAGE_CASES:
        print(write_golden(args.out, "linkage_K%d" % k, linkage_case(k, o, seed, repeated)))
    x = unit_rows(np.random.default_rng(4), 512, 64)
    clustering, _ = hierarchical_clustering(x)
    print(write_golden(args.out, "linkage_K512", {"seed": 4, "prototypes": x, "children": clustering.children_,
                                                 "distances": clustering.distances_}))
    for name, n, d, k, seed, far_centre in KMEANS_CASES:
        case = kmeans_case(n, d, k, seed, far_centre)
        print(write_golden(args.out, "kmeans_" + name, case),
              "n_iter", case["n_iter_from_init"], "inertia", case["inertia_from_init"])


if __name__ == "__main__":
    main()
