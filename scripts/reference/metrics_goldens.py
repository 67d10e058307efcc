#!/usr/bin/python3
"""Golden file for dev.sslheads.metrics.ClusteringScores (NMI and ARI as scikit-learn defines them).

Run from the repository root:

    /usr/bin/python3 scripts/reference/metrics_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/metrics. Needs Debian's python3-sklearn (1.2.1
when this was written).

Golden file
-----------
``clustering_scores.json``: "cases", each with "name", "labels_true", "labels_pred" (int lists),
"nmi" = ``normalized_mutual_info_score(labels_true, labels_pred)`` (average_method="arithmetic")
and "ari" = ``adjusted_rand_score(labels_true, labels_pred)``; "sklearn_version".
"""
import argparse
import os
import sys

import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from golden_io import write_golden  # noqa: E402


def cases():
    rng = np.random.default_rng(20240611)
    out = []

    def add(name, true, pred):
        out.append((name, np.asarray(true, dtype=np.int64), np.asarray(pred, dtype=np.int64)))

    for n, k_true, k_pred in [(10, 2, 3), (50, 4, 4), (200, 7, 5), (1000, 20, 30)]:
        add(f"random_n{n}_k{k_true}_k{k_pred}", rng.integers(0, k_true, n), rng.integers(0, k_pred, n))

    # correlated labelings: a noisy copy of the truth with extra split clusters
    truth = rng.integers(0, 6, 300)
    noisy = np.where(rng.random(300) < 0.2, rng.integers(0, 8, 300), truth)
    add("noisy_copy_n300", truth, noisy)

    # n = 1797 (digits-sized), 10 classes vs 12 clusters that mostly follow them
    truth = rng.integers(0, 10, 1797)
    pred = truth.copy()
    pred[truth == 3] = np.where(rng.random((truth == 3).sum()) < 0.5, 10, 3)
    pred[truth == 7] = np.where(rng.random((truth == 7).sum()) < 0.4, 11, 7)
    flip = rng.random(1797) < 0.1
    pred[flip] = rng.integers(0, 12, flip.sum())
    add("n1797_10_vs_12", truth, pred)

    labels = rng.integers(0, 5, 40)
    add("identical", labels, labels)
    perm = np.array([3, 0, 4, 1, 2])
    add("permuted_labels", labels, perm[labels])
    add("sparse_negative_label_values", labels, np.array([-7, 100, 3, -1, 2_000_000])[labels])

    add("both_single_cluster", [4] * 12, [9] * 12)
    add("true_single_pred_split", [0] * 8, [0, 0, 1, 1, 2, 2, 3, 3])
    add("all_singletons_vs_clusters", np.arange(20), rng.integers(0, 4, 20))
    add("all_singletons_both", np.arange(15), np.arange(15)[::-1])
    add("split_into_singletons", [0, 0, 0, 0], [0, 1, 2, 3])
    add("anti_correlated", [0, 0, 1, 1], [0, 1, 0, 1])
    add("single_sample", [5], [2])
    add("sklearn_doc_partial", [0, 0, 1, 1], [0, 0, 1, 2])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "metrics"))
    args = parser.parse_args()
    payload = {"sklearn_version": sklearn.__version__, "cases": []}
    for name, true, pred in cases():
        payload["cases"].append({
            "name": name,
            "labels_true": true,
            "labels_pred": pred,
            "nmi": float(normalized_mutual_info_score(true, pred)),
            "ari": float(adjusted_rand_score(true, pred)),
        })
    path = write_golden(args.out, "clustering_scores", payload)
    print(f"wrote {path} ({len(payload['cases'])} cases)")


if __name__ == "__main__":
    main()
