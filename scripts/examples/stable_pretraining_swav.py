"""stable-pretraining's SwAV on the bundled digits, from GraalPy (run: scripts/sslheads python scripts/examples/stable_pretraining_swav.py [epochs]).

The reference's imports with only torch swapped for sslheads: an MLP encoder (no timm here), the
SwAV method with a small projector and 10 prototypes, a PyTorch-style loop (two noisy views,
``model(view1, view2).loss``, ``loss.backward()``, AdamW; prototype gradients zeroed in epoch 0 as
the reference's FreezePrototypesCallback does), then each image's cluster = argmax of its prototype
scores, scored against the digit labels next to k-means on the raw pixels. Also shows the eval path
and the functional forward's queue. Asserts what it can (exit status 1 on failure).
"""
import array
import csv
import gzip
import os
import random
import sys
import time

import java

import sslheads as torch  # these are sslheads Tensors computed in Java
from sslheads import nn, optim
from stable_pretraining.losses import SwAVLoss
from stable_pretraining.methods import SwAV

ClusteringScores = java.type("dev.sslheads.metrics.ClusteringScores")
KMeans = java.type("dev.sslheads.cluster.KMeans")
StringColumn = java.type("tech.tablesaw.api.StringColumn")


def scores(truth, predicted):
    """(NMI, ARI) of two labelings (lib's ClusteringScores, on Tablesaw columns)."""
    t = StringColumn.create("truth", [str(v) for v in truth])
    p = StringColumn.create("predicted", [str(v) for v in predicted])
    return ClusteringScores.normalizedMutualInfo(t, p), ClusteringScores.adjustedRandIndex(t, p)


HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
BATCH, PROTOTYPES, FREEZE_EPOCHS = 128, 10, 1
start = time.time()

# ---- data: 1797 images of 8x8 pixels (0-16) and their digit
with gzip.open(DIGITS, "rt", newline="") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f) if row]
labels = [int(row[-1]) for row in rows]
pixels = array.array("f", (v for row in rows for v in row[:-1]))
raw = torch.from_buffer(pixels, (len(rows), 64))
x = raw / 16.0

# ---- model: the reference's SwAV with an MLP encoder instead of a timm name
torch.manual_seed(0)
encoder = nn.MLP(64, 128, 32)
model = SwAV(encoder, projector_dims=(128, 32), n_prototypes=PROTOTYPES, temperature=0.1, sinkhorn_iterations=3, epsilon=0.05)
augment = nn.NoiseDropout(p=0.2, std=0.1)
optimizer = optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)
print(model)
assert model.embed_dim == 32 and tuple(model.prototypes.weight.shape) == (PROTOTYPES, 32)

# ---- training: two views per batch, prototype gradients zeroed while frozen
rng = random.Random(0)
history = []
for epoch in range(EPOCHS):
    order = list(range(len(rows)))
    rng.shuffle(order)
    losses = []
    for b in range(0, len(order) - BATCH + 1, BATCH):
        batch = x[torch.tensor(order[b:b + BATCH], dtype="int64")]
        out = model(augment(batch), augment(batch))
        out.loss.backward()
        if epoch < FREEZE_EPOCHS:
            model.prototypes.weight.zero_grad_()  # FreezePrototypesCallback: AdamW still steps them
        optimizer.step()
        optimizer.zero_grad()
        losses.append(out.loss.item())
    history.append(sum(losses) / len(losses))
    print(f"epoch {epoch + 1:2d}/{EPOCHS}  loss {history[-1]:.4f}  ({time.time() - start:.1f} s)"
          + ("  (prototype gradients zeroed)" if epoch < FREEZE_EPOCHS else ""))
assert history[-1] < history[0], f"the loss should decrease: {history[0]:.4f} -> {history[-1]:.4f}"
print(f"loss fingerprint: {torch.fingerprint(history)} ({len(history)} epoch losses; seeded runs print the same)")

# ---- clusters: argmax of the prototype scores, against the labels and k-means on raw pixels
model.eval()
with torch.no_grad():
    clusters = model.assign(x)
    out = model(images=x[:16])
assert out.loss.item() == 0.0 and tuple(out.embedding.shape) == (16, 32) and out.projection is None, "eval path"
nmi, ari = scores(labels, clusters)
kmeans_nmi, kmeans_ari = scores(labels, KMeans(10, 0).fit(raw._host.array()).labels().toLongArray())
print(f"SwAV argmax clusters: {len(set(clusters))} used, NMI {nmi:.3f}, ARI {ari:.3f};"
      f" k-means on raw pixels: NMI {kmeans_nmi:.3f}, ARI {kmeans_ari:.3f}")
assert nmi > 0.3, f"NMI {nmi:.3f} should be well above chance (~0.01)"

# ---- the functional forward's queue: partial fill is used from start_queue_at_epoch on
model.train()
model.enable_queue(queue_length=64, start_queue_at_epoch=1)
views = [augment(x[:16]), augment(x[:16])]
first = model.functional_forward(views, epoch=0)
assert tuple(model.queue.shape) == (32, 32), "both views' projections are queued"
second = model.functional_forward([augment(x[16:32]), augment(x[16:32])], epoch=1)
assert tuple(model.queue.shape) == (64, 32)
loss = SwAVLoss()(first.projection[:16], first.projection[16:], model.prototypes)
print(f"functional forward: loss without queue {first.loss.item():.4f}, with 32 queued rows {second.loss.item():.4f};"
      f" SwAVLoss on the same projections {loss.item():.4f} ({time.time() - start:.1f} s)")
assert abs(loss.item() - first.loss.item()) < 1e-5, "the functional forward without queue is SwAVLoss on views 0 and 1"
model.close()
