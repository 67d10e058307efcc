"""Reference side of the ``inc_step`` benchmark (imported by bench_reference.py).

One training step of pyagc's INC head (``pyagc_inc_goldens.IncHeadReference``) as the Java
``IncTrainer`` runs it: forward on (n, d) Gaussian embeddings that require grad (standing in for an
encoder's output), ``loss.backward()``, ``gradient_normalize()``, Adam (lr 1e-3) on the centres,
``zero_grad``, ``normalize_cluster_centers()``; alpha = 0.001. n=256, K=10, d=128.
"""
import numpy as np
import torch


def bench_inc_step(n, k, d, reps, warmup, seed, timed, summary):
    from pyagc_inc_goldens import IncHeadReference

    torch.manual_seed(seed % (2 ** 31))
    rng = np.random.default_rng(seed)
    head = IncHeadReference(k, d, alpha=0.001)
    z = torch.from_numpy(rng.standard_normal((n, d)).astype(np.float32)).requires_grad_(True)
    optimizer = torch.optim.Adam([head.cluster_centers], lr=1e-3)

    def run():
        head(z).backward()
        head.gradient_normalize()
        optimizer.step()
        optimizer.zero_grad()
        head.normalize_cluster_centers()

    return summary(timed(run, reps, warmup))
