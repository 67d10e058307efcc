"""fmcib's SwaV with lightly's loss on the bundled digits, from GraalPy
(run: scripts/sslheads python scripts/examples/lightly_swav.py [epochs]).

The fmcib / lightly training loop with only the imports changed: an MLP backbone, ``SwaV`` with two
memory-bank queues that the loss uses from epoch 2 and prototypes frozen during epoch 0
(``n_steps_frozen_prototypes`` counts epochs in fmcib), 2 high-resolution and 2 "low-resolution"
views (stronger noise and dropout), ``SwaVLoss``, Adam. Each image then goes to its highest-scoring
prototype; the assignment is scored against the digit labels (NMI). Asserts what it can.
"""
import array
import csv
import gzip
import os
import random
import sys
import time

import java

import sslheads as torch  # lightly / fmcib code says torch; these are sslheads Tensors computed in Java
from sslheads import nn, optim
from lightly.loss import SwaVLoss
from fmcib.ssl.modules import SwaV

ClusteringScores = java.type("dev.sslheads.metrics.ClusteringScores")
StringColumn = java.type("tech.tablesaw.api.StringColumn")

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
BATCH, PROTOTYPES, QUEUE_LENGTH, START_QUEUE_AT_EPOCH = 128, 10, 256, 2
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
start = time.time()

with gzip.open(DIGITS, "rt", newline="") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f) if row]
labels = [int(row[-1]) for row in rows]
x = torch.from_buffer(array.array("f", (v / 16.0 for row in rows for v in row[:-1])), (len(rows), 64))
print(f"digits: {x.shape[0]} images ({time.time() - start:.1f} s)")

torch.manual_seed(0)
backbone = nn.MLP(64, 128, 64)
model = SwaV(backbone, num_ftrs=64, out_dim=32, n_prototypes=PROTOTYPES, n_queues=2, queue_length=QUEUE_LENGTH,
             start_queue_at_epoch=START_QUEUE_AT_EPOCH, n_steps_frozen_prototypes=1)
criterion = SwaVLoss()
optimizer = optim.Adam(model.parameters(), lr=1e-3)
high_view, low_view = nn.NoiseDropout(p=0.2, std=0.1), nn.NoiseDropout(p=0.4, std=0.2)
print(model)

rng = random.Random(0)
history, queue_epochs = [], set()
for epoch in range(EPOCHS):
    ids = list(range(len(rows)))
    rng.shuffle(ids)
    losses = []
    for b in range(0, len(ids) - BATCH + 1, BATCH):
        batch = x[torch.tensor(ids[b:b + BATCH], dtype="int64")]
        high = [high_view(batch), high_view(batch)]
        low = [low_view(batch), low_view(batch)]
        high_scores, low_scores, queue_scores = model((high, low), epoch=epoch)
        if queue_scores is not None:
            queue_epochs.add(epoch)
        loss = criterion(high_scores, low_scores, queue_scores)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    history.append(sum(losses) / len(losses))
    frozen = "  (prototypes frozen)" if not model.prototypes_parameters[0].requires_grad else ""
    print(f"epoch {epoch + 1}/{EPOCHS}  loss {history[-1]:.4f}  ({time.time() - start:.1f} s){frozen}")

assert history[-1] < history[0], f"the loss should decrease: {history[0]:.4f} -> {history[-1]:.4f}"
print(f"loss fingerprint: {torch.fingerprint(history)} ({len(history)} epoch losses; seeded runs print the same)")
assert min(queue_epochs, default=EPOCHS) == min(START_QUEUE_AT_EPOCH, EPOCHS), f"queue used in epochs {sorted(queue_epochs)}"
assert model.num_features_queued == EPOCHS * (len(rows) // BATCH) * BATCH

model.eval()
with torch.no_grad():
    weight, bias = model.prototypes_parameters  # scores = z W^T + b, as SwaVPrototypes computes them
    assigned = [int(v) for v in (model._subforward(x) @ weight.T + bias).argmax(1).tolist()]
nmi = ClusteringScores.normalizedMutualInfo(StringColumn.create("digit", [str(v) for v in labels]),
                                           StringColumn.create("prototype", [str(v) for v in assigned]))
print(f"prototype assignment: {len(set(assigned))} of {PROTOTYPES} prototypes used, NMI with the digit = {nmi:.3f}")
assert nmi > 0.4, f"NMI {nmi:.3f} should be well above chance (~0.01)"
print(f"done in {time.time() - start:.1f} s")
