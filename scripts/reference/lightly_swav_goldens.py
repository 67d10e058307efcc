#!/usr/bin/python3
"""Golden files for the lightly / fmcib SwaV head (reference oracle, torch float32).

Run from the repository root:

    /usr/bin/python3 scripts/reference/lightly_swav_goldens.py [--out DIR]

The default DIR is lib/src/test/resources/golden/lightly.

What is reproduced
------------------
A small torch re-implementation, written from heads-spec.md section 3 and the seed
shared/seeds/001_b2dbd600b2ad6c02.txt (fmcib ``SwaV``), of:

* lightly ``SwaVProjectionHead``: Linear(num_ftrs, num_ftrs // 2, bias=False), BatchNorm1d, ReLU,
  Linear(num_ftrs // 2, out_dim).
* lightly ``SwaVPrototypes``: one nn.Linear(out_dim, K_h, bias=bias) per head (lightly: bias on,
  original SwAV: off); ``normalize()`` renormalises the weight rows without gradient;
  ``forward(x, step)`` raises ValueError when freezing is configured and ``step`` is None, and
  toggles ``requires_grad_(step >= n)`` on every prototype parameter, bias included.
* lightly ``MemoryBankModule`` v1.4.19: bank (dim, size) started as column-normalised randn, the
  forward returns a clone taken before the enqueue; enqueue writes ``size - ptr`` rows and wraps to
  0 when ``ptr + B >= size``, else writes B rows.
* fmcib ``SwaV.forward((high, low), epoch, step)``: normalise the prototypes, backbone -> flatten ->
  projection head -> F.normalize per crop, prototype scores with the EPOCH passed as lightly's
  step (fmcib's behaviour; the cases with step-counted freezing pass the step instead), queue
  scores under no_grad only once num_features_queued >= queue_length and epoch >=
  start_queue_at_epoch.
* lightly ``SwaVLoss`` v1.4.19: for each high crop, Sinkhorn (exp(S/eps), global sum, 3 x [rows
  of K x B then columns, / B], x B) of cat(high_i, queue_i), first B rows kept; subloss over every
  other crop of -mean(sum(q * log_softmax(s / 0.1))); / (n_crops - 1); / n_high. With several
  prototype heads the total loss is the sum of the per-head losses.

The backbone is nn.Linear(in_dim, num_ftrs). Weights are drawn here and written to the golden file
(prototype rows already unit-norm), as is each queue's random start. Each
case is a sequence of training-mode forwards with the same weights (no optimiser step): per step
the inputs, scores, codes, loss, the gradients of every parameter and of high[0] (null where torch
leaves the gradient None: frozen prototypes), and each queue's contents and pointer afterwards.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

from golden_io import write_golden  # noqa: E402

TEMPERATURE = 0.1
EPSILON = 0.05
ITERATIONS = 3


class Prototypes(nn.Module):
    def __init__(self, dim, n_prototypes, bias, n_frozen):
        super().__init__()
        self.heads = nn.ModuleList([nn.Linear(dim, k, bias=bias) for k in n_prototypes])
        self.n_frozen = n_frozen

    def forward(self, x, step=None):
        if self.n_frozen > 0:
            if step is None:
                raise ValueError("step must be given")
            self.requires_grad_(step >= self.n_frozen)
        return [head(x) for head in self.heads]

    @torch.no_grad()
    def normalize(self):
        for head in self.heads:
            head.weight.copy_(F.normalize(head.weight.data.clone(), dim=1, p=2))


class MemoryBank(nn.Module):
    def __init__(self, size, initial):
        super().__init__()
        self.size = size
        self.bank = initial.clone()
        self.ptr = 0

    @torch.no_grad()
    def forward(self, output, update):
        bank = self.bank.clone().detach()
        if update:
            b = output.shape[0]
            if self.ptr + b >= self.size:
                self.bank[:, self.ptr:] = output[: self.size - self.ptr].T.detach()
                self.ptr = 0
            else:
                self.bank[:, self.ptr:self.ptr + b] = output.T.detach()
                self.ptr += b
        return output, bank


class SwaV(nn.Module):
    def __init__(self, backbone, num_ftrs, out_dim, n_prototypes, bias, n_frozen, n_queues, queue_length,
                 start_queue_at_epoch, initial_banks):
        super().__init__()
        self.backbone = backbone
        self.projection_head = nn.Sequential(nn.Linear(num_ftrs, num_ftrs // 2, bias=False), nn.BatchNorm1d(num_ftrs // 2),
                                             nn.ReLU(), nn.Linear(num_ftrs // 2, out_dim))
        self.prototypes = Prototypes(out_dim, n_prototypes, bias, n_frozen)
        self.queues = None
        if n_queues > 0:
            self.queues = nn.ModuleList([MemoryBank(queue_length, initial_banks[i]) for i in range(n_queues)])
            self.queue_length = queue_length
            self.num_features_queued = 0
            self.start_queue_at_epoch = start_queue_at_epoch

    def subforward(self, x):
        return F.normalize(self.projection_head(self.backbone(x).flatten(start_dim=1)), dim=1, p=2)

    def forward(self, high, low, epoch, freezing_counter):
        self.prototypes.normalize()
        hf = [self.subforward(x) for x in high]
        lf = [self.subforward(x) for x in low]
        hp = [self.prototypes(x, freezing_counter) for x in hf]
        lp = [self.prototypes(x, freezing_counter) for x in lf]
        return hp, lp, self.queue_prototypes(hf, epoch, freezing_counter)

    @torch.no_grad()
    def queue_prototypes(self, hf, epoch, freezing_counter):
        if self.queues is None:
            return None
        if len(hf) != len(self.queues):
            raise ValueError("number of queues")
        feats = [self.queues[i](hf[i], update=True)[1].permute(1, 0) for i in range(len(self.queues))]
        self.num_features_queued += hf[0].shape[0]
        if self.num_features_queued < self.queue_length:
            return None
        if self.start_queue_at_epoch > 0:
            if epoch is None:
                raise ValueError("epoch must be passed")
            if epoch < self.start_queue_at_epoch:
                return None
        return [self.prototypes(x, freezing_counter) for x in feats]


@torch.no_grad()
def sinkhorn(scores):
    q = torch.exp(scores / EPSILON).t()
    q /= torch.sum(q)
    b = q.shape[1]
    for _ in range(ITERATIONS):
        q /= torch.sum(q, dim=1, keepdim=True)
        q /= torch.sum(q, dim=0, keepdim=True)
        q /= b
    q *= b
    return q.t()


def swav_loss(high, low, queue):
    n_crops = len(high) + len(low)
    loss = 0.0
    codes = []
    for i in range(len(high)):
        with torch.no_grad():
            out = high[i].detach()
            if queue is not None:
                out = torch.cat((out, queue[i].detach()))
            q = sinkhorn(out)[: len(high[i])]
        codes.append(q)
        subloss = 0.0
        for v in range(len(high)):
            if v != i:
                subloss += -torch.mean(torch.sum(q * F.log_softmax(high[v] / TEMPERATURE, dim=1), dim=1))
        for v in range(len(low)):
            subloss += -torch.mean(torch.sum(q * F.log_softmax(low[v] / TEMPERATURE, dim=1), dim=1))
        loss += subloss / (n_crops - 1)
    return loss / len(high), codes


def normalized_rows(w):
    """Unit rows, at a fixed point of F.normalize where one is reached (else within an ulp of one)."""
    for _ in range(20):
        n = F.normalize(w, dim=1, p=2)
        if torch.equal(n, w):
            break
        w = n
    return w


def run_case(out_dir, name, seed, b, n_high, n_low, n_prototypes, bias, freezing, n_queues=0, queue_length=0,
             start_queue_at_epoch=0, epochs=(0,), steps=None, in_dim=10, num_ftrs=16, out_dim=8):
    torch.manual_seed(seed)
    counter, n_frozen = freezing
    initial_banks = [F.normalize(torch.randn(out_dim, queue_length), dim=0) for _ in range(n_queues)]
    model = SwaV(nn.Linear(in_dim, num_ftrs), num_ftrs, out_dim, n_prototypes, bias, n_frozen, n_queues, queue_length, start_queue_at_epoch,
                 initial_banks)
    for head in model.prototypes.heads:
        with torch.no_grad():
            head.weight.copy_(normalized_rows(head.weight.data))
            if bias:
                head.bias.uniform_(-0.3, 0.3)
    with torch.no_grad():
        model.projection_head[1].weight.uniform_(0.5, 1.5)
        model.projection_head[1].bias.uniform_(-0.2, 0.2)
    params = {
        "backbone_weight": model.backbone.weight, "backbone_bias": model.backbone.bias,
        "proj_hidden_weight": model.projection_head[0].weight,
        "proj_bn_gamma": model.projection_head[1].weight, "proj_bn_beta": model.projection_head[1].bias,
        "proj_out_weight": model.projection_head[3].weight, "proj_out_bias": model.projection_head[3].bias,
    }
    for h, head in enumerate(model.prototypes.heads):
        params["prototype_weight_%d" % h] = head.weight
        if bias:
            params["prototype_bias_%d" % h] = head.bias
    payload = {
        "B": b, "in_dim": in_dim, "num_ftrs": num_ftrs, "out_dim": out_dim, "n_prototypes": list(n_prototypes), "bias": bias,
        "freezing_counter": counter, "freezing_n": n_frozen, "n_queues": n_queues, "queue_length": queue_length,
        "start_queue_at_epoch": start_queue_at_epoch, "temperature": TEMPERATURE, "sinkhorn_epsilon": EPSILON,
        "sinkhorn_iterations": ITERATIONS, "n_high": n_high, "n_low": n_low,
        "params": {k: v.detach().clone() for k, v in params.items()},
        "initial_banks": initial_banks,
        "steps": [],
    }
    model.train()
    steps = steps if steps is not None else [None] * len(epochs)
    for epoch, step in zip(epochs, steps):
        for p in model.parameters():
            p.grad = None
        high = [torch.randn(b, in_dim) for _ in range(n_high)]
        low = [torch.randn(b, in_dim) for _ in range(n_low)]
        high[0].requires_grad_(True)
        hp, lp, qp = model(high, low, epoch, step if counter == "steps" else epoch)
        total = 0.0
        per_head = []
        for h in range(len(n_prototypes)):
            loss_h, codes_h = swav_loss([s[h] for s in hp], [s[h] for s in lp], None if qp is None else [s[h] for s in qp])
            total = total + loss_h
            per_head.append({
                "high_scores": [s[h] for s in hp], "low_scores": [s[h] for s in lp],
                "queue_scores": None if qp is None else [s[h] for s in qp],
                "codes": codes_h, "loss": float(loss_h),
            })
        total.backward()
        grads = {k: (None if v.grad is None else v.grad.clone()) for k, v in params.items()}
        grads["input_high_0"] = None if high[0].grad is None else high[0].grad.clone()
        record = {
            "epoch": epoch, "step": step, "high": [x.detach() for x in high], "low": low, "heads": per_head,
            "loss": float(total), "grads": grads,
        }
        if n_queues > 0:
            record["num_features_queued"] = model.num_features_queued
            record["banks"] = [q.bank.clone() for q in model.queues]
            record["pointers"] = [q.ptr for q in model.queues]
        payload["steps"].append(record)
    return write_golden(out_dir, name, payload)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("lib", "src", "test", "resources", "golden", "lightly"))
    args = parser.parse_args()
    written = [
        # lightly defaults: bias on, no queue, two high + two low crops
        run_case(args.out, "swav_b8_h2_l2_bias_noqueue", 1, 8, 2, 2, [12], True, ("epochs", 0)),
        # fmcib's recipe in small: 2 + 6 crops, 2 queues, queue from epoch 1; the third push wraps
        run_case(args.out, "swav_b8_h2_l6_bias_queue20_start1", 2, 8, 2, 6, [12], True, ("epochs", 0), n_queues=2,
                 queue_length=20, start_queue_at_epoch=1, epochs=(0, 0, 0, 1, 1, 1)),
        # original SwAV's bias-free prototypes, 3 high crops, queue used as soon as it is filled
        # (queue_length a multiple of B: the first used snapshot still holds B random start vectors)
        run_case(args.out, "swav_b6_h3_l0_nobias_queue12_start0", 3, 6, 3, 0, [10], False, ("epochs", 0), n_queues=3,
                 queue_length=12, epochs=(0, 0, 0)),
        # fmcib's n_steps_frozen_prototypes=2: frozen during epochs 0 and 1
        run_case(args.out, "swav_b8_h1_l3_nobias_frozen_epochs2", 4, 8, 1, 3, [12], False, ("epochs", 2), epochs=(0, 1, 2)),
        # lightly's documented meaning: frozen during the first 2 steps, bias included
        run_case(args.out, "swav_b8_h2_l1_bias_frozen_steps2", 5, 8, 2, 1, [12], True, ("steps", 2), epochs=(None, None, None),
                 steps=(0, 1, 2)),
        # several prototype heads (lightly's list of n_prototypes); loss = sum over heads
        run_case(args.out, "swav_b8_h2_l2_bias_two_heads", 6, 8, 2, 2, [5, 7], True, ("epochs", 0)),
    ]
    for path in written:
        print("wrote", path)


if __name__ == "__main__":
    main()
