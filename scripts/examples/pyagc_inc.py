"""pyagc's INC cluster head on the bundled digits, from GraalPy (run: scripts/sslheads python scripts/examples/pyagc_inc.py [pretrain_epochs] [epochs]).

The head part of a pyagc workflow with only the imports changed, following pyagc's joint-training
recipe (no pyagc model uses INC itself): pretrain a small denoising autoencoder, initialise the
cluster centres with k-means on the normalised embeddings (``reset_cluster_centers``), then
fine-tune encoder, decoder and centres on reconstruction + 0.1 * INC loss with
``gradient_normalize()`` before each step and ``normalize_cluster_centers()`` after it. Scores the
head's labels against the digits next to k-means on the raw pixels. Asserts what it can (exit
status 1 on failure).
"""
import array
import csv
import gzip
import os
import random
import sys
import time

import java

import sslheads as torch  # pyagc code says torch; these are sslheads Tensors computed in Java
from sslheads import nn, optim
from sslheads.nn import functional as F
from sslheads.tensor import Tensor
from pyagc.clusters import INCClusterHead

KMeans = java.type("dev.sslheads.cluster.KMeans")  # stands in for pyagc's TorchKMeans
HostTensor = java.type("dev.sslheads.bindings.HostTensor")
ClusteringScores = java.type("dev.sslheads.metrics.ClusteringScores")
StringColumn = java.type("tech.tablesaw.api.StringColumn")

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
CLUSTERS, EMBEDDING, BATCH, GAMMA = 10, 16, 128, 0.1
PRETRAIN_EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 10
EPOCHS = int(sys.argv[2]) if len(sys.argv) > 2 else 3
start = time.time()


def kmeans(z, seed=0):
    """k-means labels (list) and centres (Tensor) of z (N, d), in Java."""
    result = KMeans(CLUSTERS, seed).fit(z._host.array())
    return [int(v) for v in result.labels().toLongArray()], Tensor(HostTensor.own(result.centers()))


def nmi(truth, predicted):
    """Normalized mutual information (lib's ClusteringScores, on Tablesaw columns)."""
    return ClusteringScores.normalizedMutualInfo(StringColumn.create("truth", [str(v) for v in truth]),
                                                 StringColumn.create("predicted", [str(v) for v in predicted]))


def batches(n, rng):
    ids = list(range(n))
    rng.shuffle(ids)
    return [torch.tensor(ids[b:b + BATCH], dtype="int64") for b in range(0, n - BATCH + 1, BATCH)]


# ---- data: 1797 images of 8x8 pixels (0-16) and their digit, as one (N, 64) tensor
with gzip.open(DIGITS, "rt", newline="") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f) if row]
labels = [int(row[-1]) for row in rows]
raw = torch.from_buffer(array.array("f", (v for row in rows for v in row[:-1])), (len(rows), 64))
x = raw / 16.0
print(f"digits: {x.shape[0]} images, {x.shape[1]} features ({time.time() - start:.1f} s)")

# ---- model: an autoencoder and pyagc's INC head (default alpha 0.001)
torch.manual_seed(0)
encoder, decoder = nn.MLP(64, 128, EMBEDDING), nn.MLP(EMBEDDING, 128, 64)
augment = nn.NoiseDropout(p=0.2, std=0.1)
head = INCClusterHead(n_clusters=CLUSTERS, n_features=EMBEDDING)
print(head)
rng = random.Random(0)

# ---- stage 1: denoising autoencoder
optimizer = optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=1e-3)
pretrain_history = []
for epoch in range(PRETRAIN_EPOCHS):
    losses = []
    for ids in batches(x.shape[0], rng):
        batch = x[ids]
        loss = ((decoder(encoder(augment(batch))) - batch) ** 2).mean()
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
    pretrain_history.append(sum(losses) / len(losses))
    print(f"pretrain  epoch {epoch + 1:2d}/{PRETRAIN_EPOCHS}  reconstruction {pretrain_history[-1]:.4f}")

# ---- stage 2: k-means on the normalised embeddings initialises the centres
with torch.no_grad():
    z = F.normalize(encoder(x), dim=1)
init_labels, centres = kmeans(z)
head.reset_cluster_centers(centres)
print(f"k-means init: NMI {nmi(labels, init_labels):.3f}")

# ---- stage 3: joint fine-tuning (reconstruction + gamma * INC loss)
optimizer = optim.Adam(list(encoder.parameters()) + list(decoder.parameters()) + list(head.parameters()), lr=1e-4)
history = []
for epoch in range(EPOCHS):
    inc_losses = []
    for ids in batches(x.shape[0], rng):
        batch = x[ids]
        reconstruction = ((decoder(encoder(augment(batch))) - batch) ** 2).mean()
        inc = head(encoder(batch))
        (reconstruction + inc * GAMMA).backward()
        head.gradient_normalize()
        optimizer.step()
        optimizer.zero_grad()
        head.normalize_cluster_centers()
        inc_losses.append(inc.item())
    history.append(sum(inc_losses) / len(inc_losses))
    print(f"fine-tune epoch {epoch + 1:2d}/{EPOCHS}  INC loss {history[-1]:.4f}")
assert history[-1] < history[0], f"the INC loss should decrease: {history[0]:.4f} -> {history[-1]:.4f}"
print(f"loss fingerprint: {torch.fingerprint(pretrain_history + history)} ({len(pretrain_history) + len(history)} epoch losses; "
      "seeded runs print the same)")

# ---- clusters
with torch.no_grad():
    predicted = [int(v) for v in head.cluster(encoder(x)).tolist()]
    soft = head.cluster(encoder(x), soft=True)
norms = head.compute_cluster_center().norm(dim=1).tolist()
assert all(abs(n - 1) < 1e-5 for n in norms), f"unit centres: {norms}"
assert max(abs(s - 1) for s in soft.sum(dim=1).tolist()) < 1e-5, "soft assignments sum to 1"
pixel_labels, _ = kmeans(raw)
inc_nmi, pixels_nmi = nmi(labels, predicted), nmi(labels, pixel_labels)
print(f"NMI with the digit: INC head {inc_nmi:.3f} ({len(set(predicted))} clusters used), "
      f"k-means on raw pixels {pixels_nmi:.3f}")
assert inc_nmi > 0.5, f"INC clusters should match the digits well above chance (NMI ~0.01): {inc_nmi:.3f}"
head.close()
print(f"done in {time.time() - start:.1f} s")
