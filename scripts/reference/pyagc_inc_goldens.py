#!/usr/bin/python3
"""Golden files for pyagc's INC cluster head (reference oracle, torch float32).

Run from the repository root:

    /usr/bin/python3 scripts/reference/pyagc_inc_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/pyagc. If torch cannot be imported,
scripts/reference/ensure_reference_env.sh is called first.

What is reproduced
------------------
``IncHeadReference`` below is a small torch re-implementation of the behaviour of pyagc's
``INCClusterHead`` (shared/seeds/003, heads-spec section 6), written from its formulas:

* centres ``C`` (K, F): ``xavier_uniform_`` (U(+-sqrt(6/(K+F)))), then ``F.normalize`` row-wise;
  ``reset_cluster_centers(c)`` copies ``F.normalize(c)``;
* ``W = (2 alpha) * F.normalize(C)``; ``sim = F.linear(F.normalize(z), W)`` (N, K);
* ``loss = (1 / alpha) * mean_i(2 alpha - sim[i, argmax_k sim[i]])`` (gradient through the gathered
  similarity only);
* ``cluster``: ``argmax`` (hard) or ``softmax`` (soft) of ``sim``, without gradient;
* ``compute_cluster_center = (0.5 / alpha) * W``;
* ``gradient_normalize``: ``C.grad <- F.normalize(C.grad) * (0.2 alpha)``.

Golden files (one JSON object each; float arrays hold exact float32 values)
--------------------------------------------------------------------------
``inc_<case>.json`` for several (n, K, d, alpha): the centres after the seeded init (torch's RNG:
not reproducible in Java, which copies them), the input ``z``, the loss, hard labels, soft
assignments, ``compute_cluster_center``, the gradients of the loss w.r.t. ``z`` and ``C``, the
gradient after ``gradient_normalize``, and ``reset_cluster_centers`` of an unnormalised matrix
("reset_input" -> "reset_centers"). ``invariant_loss`` is ``2 (1 - mean max cos)`` computed in
float64 from the same data (heads-spec section 9). Data are redrawn with the next seed when the
best and second-best cosine of a row are within 1e-4 (the hard label would then depend on
rounding).
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

try:
    import numpy as np
    import torch
    import torch.nn.functional as F
except ImportError:
    subprocess.check_call(["bash", os.path.join(HERE, "ensure_reference_env.sh")])
    import numpy as np
    import torch
    import torch.nn.functional as F

from golden_io import write_golden

MARGIN = 1e-4  # minimum gap between the best and the second-best cosine of a row


class Ambiguous(Exception):
    """The generated data would make a hard label depend on rounding."""


class IncHeadReference(torch.nn.Module):
    """The behaviour of pyagc's INCClusterHead (heads-spec section 6)."""

    def __init__(self, n_clusters, n_features, alpha=0.001):
        super().__init__()
        self.alpha = alpha
        self.cluster_centers = torch.nn.Parameter(torch.empty(n_clusters, n_features))
        torch.nn.init.xavier_uniform_(self.cluster_centers)
        self.normalize_cluster_centers()

    def normalize_cluster_centers(self):
        with torch.no_grad():
            self.cluster_centers.copy_(F.normalize(self.cluster_centers, dim=-1))

    def reset_cluster_centers(self, centers):
        if tuple(centers.shape) != tuple(self.cluster_centers.shape):
            raise ValueError("shape %s, expected %s" % (tuple(centers.shape), tuple(self.cluster_centers.shape)))
        with torch.no_grad():
            self.cluster_centers.copy_(F.normalize(centers, dim=-1))

    def weight(self):
        return (2.0 * self.alpha) * F.normalize(self.cluster_centers, dim=-1)

    def compute_cluster_center(self):
        return (0.5 / self.alpha) * self.weight()

    def similarity(self, z):
        return F.linear(F.normalize(z, dim=-1), self.weight())

    def forward(self, z):
        sim = self.similarity(z)
        nearest = sim.argmax(dim=-1, keepdim=True)
        selected = sim.gather(1, nearest).squeeze(1)
        return (1.0 / self.alpha) * (2.0 * self.alpha - selected).mean()

    def cluster(self, z, soft=False):
        with torch.no_grad():
            sim = self.similarity(z)
            return sim.softmax(dim=-1) if soft else sim.argmax(dim=-1)

    def gradient_normalize(self):
        if self.cluster_centers.grad is not None:
            with torch.no_grad():
                grad = self.cluster_centers.grad
                grad.copy_(F.normalize(grad, dim=-1) * (0.2 * self.alpha))


# (name, n, K, d, alpha, embedding kind)
CASES = [
    ("n8_k3_d4_a0001", 8, 3, 4, 0.001, "gaussian"),
    ("n64_k10_d16_a0001", 64, 10, 16, 0.001, "gaussian"),
    ("n256_k10_d128_a0001", 256, 10, 128, 0.001, "blobs"),
    ("n32_k5_d8_a05", 32, 5, 8, 0.5, "blobs"),
    ("n40_k7_d12_a3", 40, 7, 12, 3.0, "gaussian"),
    ("n16_k1_d5_a001", 16, 1, 5, 0.01, "gaussian"),
]


def embeddings(rng, n, k, d, kind):
    """Gaussian rows, or rows around k random directions (clusterable, scaled unevenly)."""
    if kind == "gaussian":
        z = rng.standard_normal((n, d))
    else:
        centres = rng.standard_normal((k, d)) * 2.0
        z = centres[rng.integers(0, k, n)] + 0.7 * rng.standard_normal((n, d))
    z *= rng.uniform(0.1, 5.0, (n, 1))
    return torch.from_numpy(z.astype(np.float32))


def check_margins(head, z):
    with torch.no_grad():
        cos = F.linear(F.normalize(z, dim=-1), F.normalize(head.cluster_centers, dim=-1))
    if cos.shape[1] > 1:
        top = cos.topk(2, dim=1).values
        gap = (top[:, 0] - top[:, 1]).min().item()
        if gap <= MARGIN:
            raise Ambiguous("best and second-best cosine %.2g apart" % gap)
    return cos.double()


def make_case(name, n, k, d, alpha, kind, seed):
    for attempt in range(100):
        data_seed = seed + attempt
        torch.manual_seed(data_seed)
        head = IncHeadReference(k, d, alpha)
        rng = np.random.default_rng(data_seed)
        z = embeddings(rng, n, k, d, kind)
        try:
            cos = check_margins(head, z)
        except Ambiguous:
            continue
        init = head.cluster_centers.detach().clone()
        z_leaf = z.clone().requires_grad_(True)
        loss = head(z_leaf)
        loss.backward()
        grad_centers = head.cluster_centers.grad.detach().clone()
        head.gradient_normalize()
        grad_normalized = head.cluster_centers.grad.detach().clone()
        labels = head.cluster(z, soft=False)
        soft = head.cluster(z, soft=True)
        computed = head.compute_cluster_center().detach()
        reset_input = torch.from_numpy((rng.standard_normal((k, d)) * rng.uniform(0.5, 4.0, (k, 1))).astype(np.float32))
        head.reset_cluster_centers(reset_input)
        return {
            "case": name, "seed": data_seed, "n": n, "K": k, "d": d, "alpha": alpha,
            "init_centers": init, "z": z, "loss": loss.item(),
            "invariant_loss": 2.0 * (1.0 - cos.max(dim=1).values.mean().item()),
            "labels": labels, "soft": soft, "computed_centers": computed,
            "grad_z": z_leaf.grad, "grad_centers": grad_centers, "grad_normalized": grad_normalized,
            "reset_input": reset_input, "reset_centers": head.cluster_centers.detach(),
        }
    raise RuntimeError("no unambiguous data for " + name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "pyagc"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    for i, (name, n, k, d, alpha, kind) in enumerate(CASES):
        payload = make_case(name, n, k, d, alpha, kind, 1000 * (i + 1))
        path = write_golden(args.out, "inc_" + name, payload)
        print("wrote %s (loss %.6f, invariant %.6f)" % (path, payload["loss"], payload["invariant_loss"]))


if __name__ == "__main__":
    main()
