#!/usr/bin/python3
"""CPython/torch side of ``scripts/sslheads bench bindings``: scripts/examples/novae_head.py's training loop.

Run from the repository root with Debian's python (dev.sslheads.bindings.bench.BindingsBench does):

    /usr/bin/python3 scripts/reference/bench_training_loop.py --threads T [--warm-epochs 3] [--epochs 15]

Same model and sizes as the GraalPy example: the digits (1797 x 64, pixels / 16), 3 pseudo-slides
(row i on slide i % 3), single-slide shuffled batches of 128, an MLP encoder 64 -> 128 -> 128 -> 32
(ReLU), two NoiseDropout(p=0.2, std=0.1) views, novae's SwavHead (reference implementation of
novae_swav_goldens.py, O=32, K=32, temperature 0.1, min_prototypes_ratio 0.3, a queue over the
slides), loss.backward(), Adam (lr 1e-3) on the encoder and the prototypes (frozen in epoch 0),
loss.item() and entropy.item() per step. ``torch.set_num_threads(T)``, one inter-op thread.

Prints ONE JSON line: steps_per_s over the epochs after the warm-up ones, and the epoch times.
"""
import argparse
import csv
import gzip
import json
import os
import random
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--threads", type=int, default=os.cpu_count())
parser.add_argument("--warm-epochs", type=int, default=3)
parser.add_argument("--epochs", type=int, default=15)
ARGS = parser.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

T_IMPORT = time.perf_counter()
sys.path.insert(0, HERE)
import torch  # noqa: E402

import novae_swav_goldens as ref  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.set_num_interop_threads(1)
IMPORT_S = time.perf_counter() - T_IMPORT

DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
SLIDES = ["slide-0", "slide-1", "slide-2"]
OUTPUT_SIZE, PROTOTYPES, BATCH, HIDDEN = 32, 32, 128, 128
WARMUP_EPOCHS = 1  # novae's Nums.WARMUP_EPOCHS: prototypes frozen in epoch 0

ref.MARGIN = -1.0  # golden-data ambiguity checks off (novae has none)


class Head(ref.NovaeSwavHeadReference):
    def _spec_variant_differs(self, w, weights, passers):  # golden diagnostics only
        return False

    def forward(self, z1, z2, slide_id):
        """novae's SwavHead.forward order (as bench_reference.head_step, without backward)."""
        self.normalize_prototypes()
        p1 = self.projection(z1)
        p2 = self.projection(z2)
        ilocs, _ = self.select(p1.detach(), slide_id)
        loss, entropy, _, _ = self.loss_and_entropy(p1[:, ilocs], p2[:, ilocs])
        return loss, entropy


def main():
    t_start = time.perf_counter()
    with gzip.open(DIGITS, "rt", newline="") as f:
        rows = [[float(v) for v in row] for row in csv.reader(f) if row]
    x = torch.tensor([[v / 16.0 for v in row[:-1]] for row in rows], dtype=torch.float32)
    slide_of_row = [SLIDES[i % len(SLIDES)] for i in range(len(rows))]
    torch.manual_seed(0)
    prototypes = torch.empty(PROTOTYPES, OUTPUT_SIZE)
    torch.nn.init.kaiming_uniform_(prototypes, a=5 ** 0.5)
    head = Head(prototypes, temperature=0.1, min_prototypes_ratio=0.3)
    head.init_queue(SLIDES)
    encoder = torch.nn.Sequential(torch.nn.Linear(64, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, HIDDEN),
                                  torch.nn.ReLU(), torch.nn.Linear(HIDDEN, OUTPUT_SIZE))
    optimizer = torch.optim.Adam(list(encoder.parameters()) + [head.prototypes], lr=1e-3)

    def augment(t):
        keep = (torch.rand_like(t) >= 0.2).to(t.dtype)
        return t * keep + torch.randn_like(t) * 0.1

    rng = random.Random(0)
    by_slide = {s: [i for i, r in enumerate(slide_of_row) if r == s] for s in SLIDES}
    epoch_s, steps, first_loss, last_loss = [], 0, None, None
    t_setup = time.perf_counter()
    for epoch in range(ARGS.warm_epochs + ARGS.epochs):
        t_epoch = time.perf_counter()
        head.prototypes.requires_grad_(epoch >= WARMUP_EPOCHS)
        batches = []
        for slide, ids in by_slide.items():
            ids = ids[:]
            rng.shuffle(ids)
            batches += [(slide, ids[b:b + BATCH]) for b in range(0, len(ids) - BATCH + 1, BATCH)]
        rng.shuffle(batches)
        losses = []
        for slide, ids in batches:
            batch = x[torch.tensor(ids, dtype=torch.int64)]
            loss, entropy = head.forward(encoder(augment(batch)), encoder(augment(batch)), slide)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            entropy.item()
        steps = len(batches)
        epoch_s.append(time.perf_counter() - t_epoch)
        first_loss = sum(losses) / len(losses) if first_loss is None else first_loss
        last_loss = sum(losses) / len(losses)
    timed = epoch_s[ARGS.warm_epochs:]
    print(json.dumps({"steps_per_s": steps * len(timed) / sum(timed), "steps_per_epoch": steps,
                      "warm_epochs": ARGS.warm_epochs, "epochs": ARGS.epochs, "import_s": IMPORT_S,
                      "setup_s": t_setup - t_start, "first_epoch_s": epoch_s[0],
                      "median_epoch_s": statistics.median(timed), "first_loss": first_loss, "last_loss": last_loss,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


main()
