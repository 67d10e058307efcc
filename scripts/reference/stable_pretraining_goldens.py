#!/usr/bin/python3
"""Golden files for stable-pretraining's SwAV (reference oracle, torch float32).

Run from the repository root:

    /usr/bin/python3 scripts/reference/stable_pretraining_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/stable_pretraining. If torch cannot be imported,
scripts/reference/ensure_reference_env.sh is called first.

What is reproduced (our own torch code, written from shared/reference/heads-spec.md section 4 and
the behaviour of shared/seeds/002_7e8990a6999aeeea.txt):

* ``SwAVLoss(temperature=0.1, sinkhorn_iterations=3, epsilon=0.05)``: proj1, proj2 and the queue
  are L2-normalised (F.normalize), the prototype weight rows are renormalised in place without
  gradient, scores = normalised projections @ W^T; the codes come from ONE Sinkhorn over
  cat(scores1, scores2[, queue scores]) (q1 = first B rows, q2 = next B rows); loss =
  (CE(scores1, q2) + CE(scores2, q1)) / 2 with CE(s, q) = -mean_b sum_k q log_softmax(s / T).
  Sinkhorn as the reference writes it (K x B layout, exp(S / eps) WITHOUT max subtraction, global
  normalisation, r = 1/K and c = 1/B marginals, columns divided by their sums at the end).
* ``SwAV`` method: backbone (here a Linear F -> E, standing in for the timm encoder), projector
  Linear(E, H) -> BatchNorm1d(H) (training mode, batch statistics per view) -> ReLU -> Linear(H, P)
  -> L2 normalisation, prototypes Linear(P, K, bias=False) renormalised once per step; per-view
  Sinkhorn; loss = mean over the terms CE(s_i, q_j) and CE(s_j, q_i) for every global i and every
  view j > i; embedding = detached cat of the global views' backbone features; eval path =
  backbone features and a zero loss.
* The functional forward ``stable_pretraining.forward.swav`` with its queue: the queue (a ring
  buffer of ``queue_length`` rows, UnsortedQueue semantics: partial fill returned as out[:pointer],
  the whole buffer once wrapped) is read BEFORE the step, used when non-empty and epoch >=
  start_queue_at_epoch, and the detached projections of every view are appended AFTER the loss.

Golden files (JSON, exact float32 values; weights in torch layout (out, in)):
* ``swav_loss_noqueue.json`` / ``swav_loss_queue.json``: inputs, prototypes before / after the
  renormalisation, scores, codes, loss, gradients w.r.t. proj1, proj2 and the prototypes.
* ``method_multicrop.json`` (2 global + 3 local views) and ``method_two_views.json``: model
  weights, views, per-view scores and codes, loss, embedding, projection and the gradients of the
  loss w.r.t. every parameter and every view.
* ``method_eval.json``: the eval path (embedding, zero loss).
* ``functional_queue_steps.json``: five functional-forward steps (epochs 0, 0, 1, 1, 1, queue of
  40 rows, start epoch 1, B = 8, 2 views): per step whether the queue was used, the loss and the
  queue contents afterwards.
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

TEMPERATURE = 0.1
ITERATIONS = 3
EPSILON = 0.05


class SwAVLossReference:
    """stable-pretraining's SwAVLoss, restated from heads-spec 4.1."""

    def __init__(self, temperature=TEMPERATURE, sinkhorn_iterations=ITERATIONS, epsilon=EPSILON):
        self.temperature = temperature
        self.sinkhorn_iterations = sinkhorn_iterations
        self.epsilon = epsilon

    @torch.no_grad()
    def sinkhorn(self, scores):
        q = torch.exp(scores.float() / self.epsilon).t()  # (K, N)
        q = q / q.sum()
        k, n = q.shape
        r = torch.ones(k) / k
        c = torch.ones(n) / n
        for _ in range(self.sinkhorn_iterations):
            q = q * (r / q.sum(dim=1)).unsqueeze(1)
            q = q * (c / q.sum(dim=0)).unsqueeze(0)
        return (q / q.sum(dim=0, keepdim=True)).t()

    def swapped_prediction(self, scores, codes):
        return -torch.mean(torch.sum(codes * F.log_softmax(scores.float() / self.temperature, dim=1), dim=1))

    def forward(self, proj1, proj2, prototypes, queue_feats=None):
        """prototypes: a bias-free nn.Linear. Returns loss, scores1, scores2, codes1, codes2."""
        proj1 = F.normalize(proj1, dim=1, p=2)
        proj2 = F.normalize(proj2, dim=1, p=2)
        with torch.no_grad():
            prototypes.weight.copy_(F.normalize(prototypes.weight, dim=1, p=2))
        scores1 = prototypes(proj1)
        scores2 = prototypes(proj2)
        b = proj1.shape[0]
        with torch.no_grad():
            if queue_feats is not None:
                queue_feats = F.normalize(queue_feats, dim=1, p=2)
                all_scores = prototypes(torch.cat([proj1, proj2, queue_feats]))
            else:
                all_scores = torch.cat([scores1, scores2])
            codes = self.sinkhorn(all_scores)
            codes1, codes2 = codes[:b], codes[b:2 * b]
        loss = (self.swapped_prediction(scores1, codes2) + self.swapped_prediction(scores2, codes1)) / 2
        return loss, scores1, scores2, codes1, codes2


class L2Norm(torch.nn.Module):
    def forward(self, x):
        return F.normalize(x, dim=1, p=2)


class SwAVReference(torch.nn.Module):
    """stable-pretraining's SwAV method with a given backbone module (heads-spec 4.3)."""

    def __init__(self, backbone, embed_dim, projector_dims, n_prototypes):
        super().__init__()
        self.backbone = backbone
        hidden, out = projector_dims
        self.projector = torch.nn.Sequential(torch.nn.Linear(embed_dim, hidden), torch.nn.BatchNorm1d(hidden),
                                             torch.nn.ReLU(), torch.nn.Linear(hidden, out), L2Norm())
        self.prototypes = torch.nn.Linear(out, n_prototypes, bias=False)
        self.swav_loss = SwAVLossReference()

    def forward_views(self, global_views, local_views):
        views = list(global_views) + list(local_views)
        n_global = len(global_views)
        hs = [self.backbone(v) for v in views]
        zs = [self.projector(h) for h in hs]
        with torch.no_grad():
            self.prototypes.weight.copy_(F.normalize(self.prototypes.weight, dim=1, p=2))
        scores = [self.prototypes(F.normalize(z, dim=1, p=2)) for z in zs]
        codes = [self.swav_loss.sinkhorn(s) for s in scores]
        loss, terms = 0.0, 0
        for i in range(n_global):
            for j in range(i + 1, len(views)):
                loss = loss + self.swav_loss.swapped_prediction(scores[i], codes[j])
                loss = loss + self.swav_loss.swapped_prediction(scores[j], codes[i])
                terms += 2
        loss = loss / max(terms, 1)
        embedding = torch.cat(hs[:n_global]).detach()
        return loss, embedding, torch.cat(zs), scores, codes

    def forward_eval(self, images):
        embedding = self.backbone(images)
        return torch.zeros((), dtype=embedding.dtype), embedding


class RingQueue:
    """UnsortedQueue: a ring buffer; partial fill readable."""

    def __init__(self, length, dim):
        self.out = torch.zeros(length, dim)
        self.length = length
        self.pointer = 0
        self.filled = False

    def append(self, item):
        n = item.shape[0]
        if self.pointer + n < self.length:
            self.out[self.pointer:self.pointer + n] = item
            self.pointer += n
        else:
            remaining = self.length - self.pointer
            self.out[-remaining:] = item[:remaining]
            self.out[:n - remaining] = item[remaining:]
            self.pointer = n - remaining
            self.filled = True

    def get(self):
        return self.out if self.filled else self.out[:self.pointer]


def functional_step(model, views, epoch, queue, start_epoch):
    """stable_pretraining.forward.swav in training mode, views 0 and 1 in the loss."""
    embeddings = [model.backbone(v) for v in views]
    projections = [model.projector(e) for e in embeddings]
    feats = queue.get()
    used = len(feats) > 0 and epoch >= start_epoch
    loss = model.swav_loss.forward(projections[0], projections[1], model.prototypes,
                                   feats.clone().detach() if used else None)[0]
    queue.append(torch.cat(projections).detach())
    return loss, used


def randn(rng, *shape, scale=1.0):
    return torch.from_numpy((scale * rng.standard_normal(shape)).astype(np.float32))


def make_model(rng, f, e, hidden, p, k):
    backbone = torch.nn.Linear(f, e)
    model = SwAVReference(backbone, e, (hidden, p), k)
    with torch.no_grad():
        backbone.weight.copy_(randn(rng, e, f, scale=0.4))
        backbone.bias.copy_(randn(rng, e, scale=0.1))
        lin1, bn, _, lin2, _ = model.projector
        lin1.weight.copy_(randn(rng, hidden, e, scale=0.4))
        lin1.bias.copy_(randn(rng, hidden, scale=0.1))
        bn.weight.copy_(1.0 + randn(rng, hidden, scale=0.1))
        bn.bias.copy_(randn(rng, hidden, scale=0.1))
        lin2.weight.copy_(randn(rng, p, hidden, scale=0.4))
        lin2.bias.copy_(randn(rng, p, scale=0.1))
        model.prototypes.weight.copy_(randn(rng, k, p))
    return model


def model_weights(model):
    lin1, bn, _, lin2, _ = model.projector
    return {"backbone_weight": model.backbone.weight, "backbone_bias": model.backbone.bias,
            "lin1_weight": lin1.weight, "lin1_bias": lin1.bias, "bn_gamma": bn.weight, "bn_beta": bn.bias,
            "lin2_weight": lin2.weight, "lin2_bias": lin2.bias, "prototypes": model.prototypes.weight}


def loss_case(out, name, seed, with_queue):
    rng = np.random.default_rng(seed)
    b, d, k = 8, 6, 12
    proj1 = randn(rng, b, d, scale=2.0).requires_grad_(True)
    proj2 = randn(rng, b, d, scale=2.0).requires_grad_(True)
    prototypes = torch.nn.Linear(d, k, bias=False)
    with torch.no_grad():
        prototypes.weight.copy_(randn(rng, k, d))
    raw = prototypes.weight.detach().clone()
    queue = randn(rng, 20, d, scale=3.0) if with_queue else None
    loss, s1, s2, q1, q2 = SwAVLossReference().forward(proj1, proj2, prototypes, queue)
    loss.backward()
    payload = {"seed": seed, "B": b, "D": d, "K": k, "temperature": TEMPERATURE, "sinkhorn_iterations": ITERATIONS,
               "epsilon": EPSILON, "proj1": proj1, "proj2": proj2, "prototypes_raw": raw,
               "prototypes_normalized": prototypes.weight, "scores1": s1, "scores2": s2, "codes1": q1, "codes2": q2,
               "loss": loss.item(), "grad_proj1": proj1.grad, "grad_proj2": proj2.grad,
               "grad_prototypes": prototypes.weight.grad}
    if with_queue:
        payload["queue"] = queue
    print(write_golden(out, name, payload))


def method_case(out, name, seed, n_global, n_local):
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    f, e, hidden, p, k, b = 12, 10, 16, 6, 20, 8
    model = make_model(rng, f, e, hidden, p, k)
    model.train()
    weights_before = {key: v.detach().clone() for key, v in model_weights(model).items()}
    global_views = [randn(rng, b, f).requires_grad_(True) for _ in range(n_global)]
    local_views = [randn(rng, b, f).requires_grad_(True) for _ in range(n_local)]
    loss, embedding, projection, scores, codes = model.forward_views(global_views, local_views)
    loss.backward()
    grads = {"grad_" + key: v.grad for key, v in model_weights(model).items()}
    payload = {"seed": seed, "F": f, "E": e, "hidden": hidden, "P": p, "K": k, "B": b, "temperature": TEMPERATURE,
               "sinkhorn_iterations": ITERATIONS, "epsilon": EPSILON, "weights": weights_before,
               "prototypes_normalized": model.prototypes.weight, "global_views": global_views,
               "local_views": local_views, "loss": loss.item(), "embedding": embedding, "projection": projection,
               "scores": scores, "codes": codes, "grads": grads,
               "grad_global_views": [v.grad for v in global_views], "grad_local_views": [v.grad for v in local_views]}
    print(write_golden(out, name, payload))


def eval_case(out, seed):
    rng = np.random.default_rng(seed)
    f, e, hidden, p, k, b = 12, 10, 16, 6, 20, 5
    model = make_model(rng, f, e, hidden, p, k)
    model.eval()
    images = randn(rng, b, f)
    with torch.no_grad():
        loss, embedding = model.forward_eval(images)
    payload = {"seed": seed, "F": f, "E": e, "hidden": hidden, "P": p, "K": k,
               "weights": model_weights(model), "images": images, "loss": loss.item(), "embedding": embedding}
    print(write_golden(out, "method_eval", payload))


def queue_case(out, seed):
    rng = np.random.default_rng(seed)
    f, e, hidden, p, k, b = 12, 10, 16, 6, 20, 8
    queue_length, start_epoch = 40, 1
    model = make_model(rng, f, e, hidden, p, k)
    model.train()
    weights = {key: v.detach().clone() for key, v in model_weights(model).items()}
    queue = RingQueue(queue_length, p)
    steps = []
    for epoch in [0, 0, 1, 1, 1]:
        views = [randn(rng, b, f) for _ in range(2)]
        loss, used = functional_step(model, views, epoch, queue, start_epoch)
        steps.append({"epoch": epoch, "views": views, "loss": loss.item(), "queue_used": used,
                      "queue_after": queue.get().clone()})
    payload = {"seed": seed, "F": f, "E": e, "hidden": hidden, "P": p, "K": k, "B": b, "queue_length": queue_length,
               "start_queue_at_epoch": start_epoch, "weights": weights, "steps": steps}
    print(write_golden(out, "functional_queue_steps", payload))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "stable_pretraining"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    loss_case(args.out, "swav_loss_noqueue", 11, False)
    loss_case(args.out, "swav_loss_queue", 12, True)
    method_case(args.out, "method_multicrop", 13, 2, 3)
    method_case(args.out, "method_two_views", 14, 2, 0)
    eval_case(args.out, 15)
    queue_case(args.out, 16)


if __name__ == "__main__":
    main()
