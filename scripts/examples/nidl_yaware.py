"""nidl's y-Aware contrastive learning on the bundled digits, from GraalPy
(run: scripts/sslheads python scripts/examples/nidl_yaware.py [epochs]).

nidl code with only the imports changed: an MLP encoder trained by YAwareContrastiveLearning on two
noisy views of each image, once without labels (plain InfoNCE) and once with an auxiliary continuous
variable, each image's mean pixel intensity (standardised; derived from the image, not the digit
label); then k-means (K=10) on the encoder features, NMI against the digits next to k-means on the raw
pixels. Also checks the loss on its own: the labelled loss with a tiny bandwidth and distinct labels
is twice the unlabelled one. Asserts what it can (exit status 1 on failure).
"""
import array
import csv
import gzip
import math
import os
import random
import sys
import time

import java

import sslheads as torch  # nidl code says torch; these are sslheads Tensors computed in Java
from sslheads import nn
from nidl.estimators.ssl import ViewLoader, YAwareContrastiveLearning
from nidl.losses import YAwareInfoNCE

KMeans = java.type("dev.sslheads.cluster.KMeans")
ClusteringScores = java.type("dev.sslheads.metrics.ClusteringScores")
StringColumn = java.type("tech.tablesaw.api.StringColumn")

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 6
start = time.time()

# ---- data: 1797 images of 8x8 pixels (0-16) and their digit
with gzip.open(DIGITS, "rt", newline="") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f) if row]
digits = [str(int(row[-1])) for row in rows]
x = torch.from_buffer(array.array("f", (v / 16.0 for row in rows for v in row[:-1])), (len(rows), 64))
intensity = [sum(row[:-1]) / 64.0 for row in rows]
mean = sum(intensity) / len(intensity)
std = math.sqrt(sum((v - mean) ** 2 for v in intensity) / len(intensity))
y = [(v - mean) / std for v in intensity]
print(f"digits: {x.shape[0]} images, auxiliary variable: standardised mean intensity ({time.time() - start:.1f} s)")


def nmi(truth, predicted):
    """Normalized mutual information (lib's ClusteringScores, on Tablesaw columns)."""
    return ClusteringScores.normalizedMutualInfo(StringColumn.create("truth", truth), StringColumn.create("predicted", predicted))


def ari(truth, predicted):
    return ClusteringScores.adjustedRandIndex(StringColumn.create("truth", truth), StringColumn.create("predicted", predicted))


def kmeans_nmi(features):
    result = KMeans(10, 0).fit(features._host.array())
    clusters = [str(v) for v in result.labels().toLongArray()]
    result.close()
    return nmi(digits, clusters), ari(digits, clusters)


# ---- the loss alone: tiny bandwidth + distinct labels = twice plain InfoNCE (nidl sums 2n anchors / n)
torch.manual_seed(0)
z1, z2 = torch.randn(16, 8), torch.randn(16, 8)
plain = YAwareInfoNCE()(z1, z2).item()
labelled = YAwareInfoNCE(bandwidth=1e-8)(z1, z2, [float(i) for i in range(16)]).item()
assert abs(labelled - 2 * plain) < 1e-4 * plain, f"labelled {labelled} should be 2 x {plain}"

# ---- training without and with the auxiliary variable
results = {"raw pixels": kmeans_nmi(x)}
train_losses = []
for name, labels in (("y-Aware, no labels (InfoNCE)", None), ("y-Aware, y = mean intensity", y)):
    torch.manual_seed(0)
    model = YAwareContrastiveLearning(nn.MLP(64, 128, 32), proj_input_dim=32, proj_hidden_dim=64, proj_output_dim=32,
                                      bandwidth=0.1, learning_rate=1e-3, lr_scheduler_kwargs={"warmup_epochs": 1},
                                      max_epochs=EPOCHS, seed=0)
    model.fit(ViewLoader(x, y=labels, augmentation=nn.NoiseDropout(p=0.2, std=0.1), batch_size=256, seed=0))
    train_losses += [h["loss/train"] for h in model.history_]
    first, last = model.history_[0]["loss/train"], model.history_[-1]["loss/train"]
    print(f"{name}: loss {first:.4f} -> {last:.4f} over {len(model.history_)} epochs ({time.time() - start:.1f} s)")
    assert last < first, f"{name}: the loss should decrease: {first:.4f} -> {last:.4f}"
    features = model.transform(x)
    assert tuple(features.shape) == (len(rows), 32), "encoder features, not projections"
    results[name] = kmeans_nmi(features)
    model.close()

print(f"loss fingerprint: {torch.fingerprint(train_losses)} ({len(train_losses)} epoch losses; seeded runs print the same)")

# ---- chance level: NMI of the digits against a shuffled copy of themselves
shuffled = digits[:]
random.Random(0).shuffle(shuffled)
chance = nmi(digits, shuffled)
print(f"{'k-means (K=10) on':36s} {'NMI':>6s} {'ARI':>6s}")
for name, (nmi, ari) in results.items():
    print(f"{name:36s} {nmi:6.3f} {ari:6.3f}")
print(f"{'chance (shuffled digits)':36s} {chance:6.3f}")
for name, (nmi, _) in results.items():
    assert nmi > chance + 0.3, f"{name}: NMI {nmi:.3f} should be far above chance {chance:.3f}"
print(f"done in {time.time() - start:.1f} s")
