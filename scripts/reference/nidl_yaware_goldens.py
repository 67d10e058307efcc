#!/usr/bin/python3
"""Golden files for nidl's y-Aware contrastive learning (reference oracle, torch float32 / numpy float64).

Run from the repository root:

    /usr/bin/python3 scripts/reference/nidl_yaware_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/nidl. Our own re-implementation, written from
shared/reference/heads-spec.md section 7 and the seed shared/seeds/004_0d6898819cb234a2.txt:

* KernelMetric: w_ij = K(||H^{-1/2}(y_i - y_j)||), the distances from sklearn.pairwise_distances on
  Y H^{-1/2 T} (as nidl); H^{-1/2} from a scalar (I / sqrt(b)), a list (diag), a full SPD matrix
  (numpy.linalg.eigh), or the Scott / Silverman rules on the diagonal of the sample covariance (ddof 1):
  H^{1/2} = diag(std) f, f = n^(-1/(d+4)) (Scott) or (n (d+2) / 4)^(-1/(d+4)) (Silverman).
* YAwareInfoNCE: S = [[A, C], [C^T, B]] of normalised similarities / tau with -1e8 on the diagonal;
  without labels (CE([C, A], i) + CE([C^T, B], i)) / 2 with torch's cross entropy; with labels
  W = K(y ++ y) with a zero diagonal, normalised as nidl (W / W.sum(axis=1): column j divided by the
  sum of row j) or by rows (the paper), loss = -(1/n) sum W * log_softmax(S) (float64, promoted).
  Gradients w.r.t. both views by loss.backward().
* warmup-cosine schedule: the closed form of heads-spec 7.4 and pl_bolts' chainable recursion, step
  by step from t = 0 to T (both written out; they differ when t == W is never hit).
* AdamW / Adam / SGD (momentum 0.9): torch.optim.AdamW / Adam / SGD with two parameter groups as nidl
  builds them (exclude_bias_and_norm_wd: ndim <= 1 -> weight_decay 0), three steps from given gradients.

Golden files (one JSON object each; float arrays hold exact float32 / float64 values):
kernel_matrices.json, weights.json, losses.json, lr_schedule.json, adamw.json.
"""
import argparse
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from sklearn.metrics import pairwise_distances  # noqa: E402

from golden_io import write_golden  # noqa: E402

INF = 1e8
KERNELS = {
    "gaussian": lambda x: np.exp(-x ** 2 / 2),
    "epanechnikov": lambda x: (1 - x ** 2) * (np.abs(x) < 1),
    "exponential": lambda x: np.exp(-x),
    "linear": lambda x: (1 - x) * (np.abs(x) < 1),
    "cosine": lambda x: np.cos(np.pi * x / 2) * (np.abs(x) < 1),
}


class KernelMetricReference:
    def __init__(self, kernel, bandwidth):
        self.kernel = KERNELS[kernel]
        self.bandwidth = bandwidth

    def fit(self, y):
        y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        n, d = y.shape
        b = self.bandwidth
        if isinstance(b, str):
            factor = n ** (-1.0 / (d + 4)) if b == "scott" else (n * (d + 2) / 4.0) ** (-1.0 / (d + 4))
            std = y.std(axis=0, ddof=1)
            sqr = np.diag(std * factor)
            with np.errstate(divide="ignore"):
                inv = np.diag(np.where(std > 0, 1.0 / (std * factor), 0.0))
        else:
            b = np.asarray(b, dtype=np.float64)
            if b.ndim == 0:
                b = np.full(d, float(b))
            if b.ndim == 1:
                sqr, inv = np.diag(np.sqrt(b)), np.diag(1 / np.sqrt(b))
            else:
                values, vectors = np.linalg.eigh(b)
                sqr = vectors @ np.diag(np.sqrt(values)) @ vectors.T
                inv = vectors @ np.diag(1 / np.sqrt(values)) @ vectors.T
        self.sqr_bandwidth_, self.inv_sqr_bandwidth_ = sqr, inv
        return self

    def pairwise(self, y):
        y = np.asarray(y, dtype=np.float64).reshape(len(y), -1)
        return self.kernel(pairwise_distances(y @ self.inv_sqr_bandwidth_.T, metric="euclidean"))


def weights(metric, labels, rows):
    y = np.asarray(labels, dtype=np.float64).reshape(len(labels), -1)
    both = np.concatenate([y, y], axis=0)
    w = metric.pairwise(both) * (1 - np.eye(len(both)))
    if rows:
        return w / w.sum(axis=1, keepdims=True)
    return w / w.sum(axis=1)  # nidl: broadcasting divides column j by the sum of row j


def yaware_loss(z1, z2, tau, w=None):
    n = z1.shape[0]
    a, b = F.normalize(z1, dim=1), F.normalize(z2, dim=1)
    eye = torch.eye(n, dtype=z1.dtype)
    sim_aa = a @ a.T / tau - INF * eye
    sim_bb = b @ b.T / tau - INF * eye
    sim_ab = a @ b.T / tau
    if w is None:
        target = torch.arange(n)
        l1 = F.cross_entropy(torch.cat([sim_ab, sim_aa], dim=1), target)
        l2 = F.cross_entropy(torch.cat([sim_ab.T, sim_bb], dim=1), target)
        return (l1 + l2) / 2
    s = torch.cat([torch.cat([sim_aa, sim_ab], dim=1), torch.cat([sim_ab.T, sim_bb], dim=1)], dim=0)
    return -(torch.from_numpy(w) * F.log_softmax(s, dim=1)).sum() / n


def closed_form_lr(t, base, w, total, ws, eta):
    if t == 0:
        return ws
    if t < w:
        return ws + t * (base - ws) / (w - 1)
    if w >= total:
        return base
    return eta + 0.5 * (base - eta) * (1 + math.cos(math.pi * (t - w) / (total - w)))


def chainable_lrs(base, w, total, ws, eta):
    lrs = []
    lr = None
    for t in range(total + 1):
        if t == 0:
            lr = ws
        elif t < w:
            lr = lr + (base - ws) / (w - 1)
        elif t == w:
            lr = base
        elif (t - 1 - total) % (2 * (total - w)) == 0:
            lr = lr + (base - eta) * (1 - math.cos(math.pi / (total - w))) / 2
        else:
            lr = ((1 + math.cos(math.pi * (t - w) / (total - w)))
                  / (1 + math.cos(math.pi * (t - w - 1) / (total - w))) * (lr - eta) + eta)
        lrs.append(lr)
    return lrs


def bandwidth_json(b):
    return b if isinstance(b, str) else np.asarray(b, dtype=np.float64)


def kernel_cases(rng):
    y2 = rng.normal(0, 0.6, size=(10, 2))
    y1 = rng.normal(0, 0.8, size=(9,))
    bandwidths = [("scalar", 0.5), ("list", [0.3, 0.8]), ("matrix", [[0.6, 0.2], [0.2, 0.4]]),
                  ("scott", "scott"), ("silverman", "silverman")]
    cases = []
    for kernel in KERNELS:
        for kind, b in bandwidths:
            m = KernelMetricReference(kernel, b).fit(y2)
            cases.append({"kernel": kernel, "kind": kind, "bandwidth": bandwidth_json(b), "y": y2,
                          "sqr_bandwidth": m.sqr_bandwidth_, "inv_sqr_bandwidth": m.inv_sqr_bandwidth_,
                          "pairwise": m.pairwise(y2)})
        m = KernelMetricReference(kernel, 0.7).fit(y1)
        cases.append({"kernel": kernel, "kind": "scalar_1d", "bandwidth": 0.7, "y": y1,
                      "sqr_bandwidth": m.sqr_bandwidth_, "inv_sqr_bandwidth": m.inv_sqr_bandwidth_,
                      "pairwise": m.pairwise(y1)})
    return cases


def weight_cases(rng):
    labels = rng.normal(0, 1, size=(6,))
    cases = []
    for kernel, b in (("gaussian", 1.0), ("epanechnikov", 2.0)):
        metric = KernelMetricReference(kernel, b).fit(np.concatenate([labels, labels]))
        cases.append({"kernel": kernel, "bandwidth": b, "labels": labels,
                      "nidl_columns": weights(metric, labels, rows=False), "rows": weights(metric, labels, rows=True)})
    return cases


def loss_cases(rng):
    n, d, tau = 8, 5, 0.1
    cases = []
    specs = [("unlabelled", None, None, None, False), ("gaussian_nidl", "gaussian", 1.0, 1, False),
             ("gaussian_rows", "gaussian", 1.0, 1, True), ("cosine_list_2d_nidl", "cosine", [0.5, 2.0], 2, False),
             ("exponential_scott_2d_rows", "exponential", "scott", 2, True),
             ("epanechnikov_silverman_nidl", "epanechnikov", "silverman", 1, False)]
    for name, kernel, b, p, rows in specs:
        z1 = torch.from_numpy(rng.normal(0, 1, size=(n, d)).astype(np.float32)).requires_grad_(True)
        z2 = torch.from_numpy(rng.normal(0, 1, size=(n, d)).astype(np.float32)).requires_grad_(True)
        labels = None if p is None else rng.normal(0, 1, size=(n, p) if p > 1 else (n,))
        w = None
        if labels is not None:
            y = labels.reshape(n, -1)
            metric = KernelMetricReference(kernel, b).fit(np.concatenate([y, y]))
            w = weights(metric, labels, rows)
        loss = yaware_loss(z1, z2, tau, w)
        loss.backward()
        cases.append({"name": name, "kernel": kernel, "bandwidth": None if b is None else bandwidth_json(b),
                      "rows": rows, "temperature": tau, "z1": z1.detach(), "z2": z2.detach(), "labels": labels,
                      "loss": loss.item(), "loss_dtype": str(loss.dtype), "grad_z1": z1.grad, "grad_z2": z2.grad})
    return cases


def schedule_cases():
    specs = [("nidl_default_per_step", 3e-4, 10 * 7.0, 20 * 7, 1e-6, 0.0), ("fractional_warmup", 1e-2, 2.5, 10, 1e-6, 1e-4),
             ("zero_warmup", 1e-2, 0.0, 10, 1e-2, 0.0), ("warmup_equals_total", 1e-2, 10.0, 10, 1e-6, 0.0),
             ("warmup_beyond_total", 1e-2, 12.0, 10, 1e-6, 0.0), ("warmup_one", 1e-2, 1.0, 6, 1e-6, 0.0),
             ("warmup_half", 1e-2, 0.5, 6, 1e-6, 0.0), ("single_step", 1e-2, 0.0, 1, 1e-2, 0.0)]
    cases = []
    for name, base, w, total, ws, eta in specs:
        cases.append({"name": name, "base_lr": base, "warmup_steps": w, "total_steps": total, "warmup_start_lr": ws,
                      "min_lr": eta, "closed_form": [closed_form_lr(t, base, w, total, ws, eta) for t in range(total + 1)],
                      "chainable": chainable_lrs(base, w, total, ws, eta)})
    return cases


def adamw_cases(rng):
    shapes = [("weight", (3, 4)), ("bias", (3,)), ("norm_weight", (3,)), ("weight2", (2, 3)), ("bias2", (2,))]
    cases = []
    for name, optimizer, exclude in (("adamw_exclude", torch.optim.AdamW, True), ("adamw_all", torch.optim.AdamW, False),
                                     ("adam_exclude", torch.optim.Adam, True), ("sgd_momentum_exclude", torch.optim.SGD, True)):
        params = [torch.nn.Parameter(torch.from_numpy(rng.normal(0, 1, size=s).astype(np.float32))) for _, s in shapes]
        initial = [p.detach().clone() for p in params]
        wd, lrs = 0.05, [1e-2, 5e-3, 2e-2]
        if exclude:
            groups = [{"params": [p for p in params if p.ndim > 1], "weight_decay": wd},
                      {"params": [p for p in params if p.ndim <= 1], "weight_decay": 0.0}]
        else:
            groups = [{"params": params, "weight_decay": wd}]
        if optimizer is torch.optim.SGD:
            opt = optimizer(groups, lr=lrs[0], momentum=0.9)
        else:
            opt = optimizer(groups, lr=lrs[0], betas=(0.9, 0.999), eps=1e-8)
        steps = []
        for lr in lrs:
            for g in opt.param_groups:
                g["lr"] = lr
            grads = [torch.from_numpy(rng.normal(0, 1, size=s).astype(np.float32)) for _, s in shapes]
            for p, g in zip(params, grads):
                p.grad = g.clone()
            opt.step()
            steps.append({"lr": lr, "grads": [g for g in grads], "params_after": [p.detach().clone() for p in params]})
        kind = {torch.optim.AdamW: "adamW", torch.optim.Adam: "adam", torch.optim.SGD: "sgd"}[optimizer]
        cases.append({"name": name, "optimizer": kind, "momentum": 0.9 if kind == "sgd" else None,
                      "exclude_bias_and_norm_wd": exclude,
                      "weight_decay": wd, "names": [n for n, _ in shapes], "initial": initial, "steps": steps})
    return cases


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "nidl"))
    args = parser.parse_args()
    rng = np.random.default_rng(20260730)
    torch.manual_seed(0)
    write_golden(args.out, "kernel_matrices", {"cases": kernel_cases(rng)})
    write_golden(args.out, "weights", {"cases": weight_cases(rng)})
    write_golden(args.out, "losses", {"cases": loss_cases(rng)})
    write_golden(args.out, "lr_schedule", {"cases": schedule_cases()})
    write_golden(args.out, "adamw", {"cases": adamw_cases(rng)})
    print("wrote goldens to", args.out)


if __name__ == "__main__":
    main()
