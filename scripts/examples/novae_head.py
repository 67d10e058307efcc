"""novae's SwAV head on the bundled digits, from GraalPy (run: scripts/sslheads python scripts/examples/novae_head.py [epochs]).

The head part of a novae workflow with only the imports changed: a Mode, a SwavHead with a slide
queue over three pseudo-slides, a PyTorch-style training loop (MLP encoder, two noisy views,
loss.backward(), Adam; prototypes frozen in epoch 0 like novae's warm-up), leaves and hierarchical
domains, map_leaves_domains (list and Tablesaw column), find_level, and k-means zero-shot
prototypes. Asserts what it can (exit status 1 on failure).
"""
import array
import csv
import gzip
import os
import random
import sys
import time

import java

import sslheads as torch  # novae code says torch; these are sslheads Tensors computed in Java
from sslheads import nn, optim, pandas as pd
from novae import Keys, Nums
from novae.module import SwavHead
from novae.utils import Mode

StringColumn = java.type("tech.tablesaw.api.StringColumn")
ClusteringScores = java.type("dev.sslheads.metrics.ClusteringScores")


def nmi(truth, predicted):
    """Normalized mutual information (lib's ClusteringScores, on Tablesaw columns)."""
    return ClusteringScores.normalizedMutualInfo(StringColumn.create("truth", truth), StringColumn.create("predicted", predicted))

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
SLIDES = ["slide-0", "slide-1", "slide-2"]
OUTPUT_SIZE, PROTOTYPES, BATCH = 32, 32, 128
EPOCHS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
start = time.time()

# ---- data: 1797 images of 8x8 pixels (0-16) and their digit, as one (N, 64) tensor
with gzip.open(DIGITS, "rt", newline="") as f:
    rows = [[float(v) for v in row] for row in csv.reader(f) if row]
labels = [str(int(row[-1])) for row in rows]
pixels = array.array("f", (v / 16.0 for row in rows for v in row[:-1]))
x = torch.from_buffer(pixels, (len(rows), 64))
slide_of_row = [SLIDES[i % len(SLIDES)] for i in range(len(rows))]
print(f"digits: {x.shape[0]} images, {x.shape[1]} features, {len(SLIDES)} pseudo-slides ({time.time() - start:.1f} s)")

# ---- model: novae's head with a slide queue, a small MLP encoder
torch.manual_seed(0)
mode = Mode()
head = SwavHead(mode, output_size=OUTPUT_SIZE, num_prototypes=PROTOTYPES, temperature=0.1)
head.init_queue(SLIDES)
head.set_min_prototypes(0.3)
encoder = nn.MLP(64, 128, OUTPUT_SIZE)
augment = nn.NoiseDropout(p=0.2, std=0.1)
optimizer = optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=1e-3)
print(head)

# ---- training: single-slide batches, two views, novae's warm-up (prototypes frozen in epoch 0)
rng = random.Random(0)
by_slide = {s: [i for i, r in enumerate(slide_of_row) if r == s] for s in SLIDES}
history = []
for epoch in range(EPOCHS):
    head.prototypes_parameter.requires_grad_(epoch >= Nums.WARMUP_EPOCHS)
    batches = []
    for slide, ids in by_slide.items():
        ids = ids[:]
        rng.shuffle(ids)
        batches += [(slide, ids[b:b + BATCH]) for b in range(0, len(ids) - BATCH + 1, BATCH)]
    rng.shuffle(batches)
    losses, entropies = [], []
    for slide, ids in batches:
        batch = x[torch.tensor(ids, dtype="int64")]
        loss, entropy = head(encoder(augment(batch)), encoder(augment(batch)), slide)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        losses.append(loss.item())
        entropies.append(entropy.item())
    history.append(sum(losses) / len(losses))
    frozen = "  (prototypes frozen)" if not head.prototypes_parameter.requires_grad else ""
    print(f"epoch {epoch + 1:2d}/{EPOCHS}  loss {history[-1]:.4f}  entropy {sum(entropies) / len(entropies):.3f}"
          f"  ({time.time() - start:.1f} s){frozen}")
assert history[-1] < history[0], f"the loss should decrease: {history[0]:.4f} -> {history[-1]:.4f}"
print(f"loss fingerprint: {torch.fingerprint(history)} ({len(history)} epoch losses; seeded runs print the same)")
mode.trained = True

# ---- leaves and domains
encoder.eval()
with torch.no_grad():
    latent = encoder(x)
leaves = head.leaves(latent)
leaf_ids = sorted({int(leaf[1:]) for leaf in leaves})
print(f"leaves: {len(leaf_ids)} of {PROTOTYPES} prototypes used; NMI with the digit = "
      f"{nmi(labels, leaves):.3f}")

levels = head.clusters_levels
assert levels.shape == (PROTOTYPES, PROTOTYPES)
assert levels[0] == list(range(PROTOTYPES)), "row 0 holds the leaves"
assert all(v == 2 * PROTOTYPES - 2 for v in levels[-1]), "level 1 is the root"
assert len(head.clustering.children_) == PROTOTYPES - 1

for level in (5, 10):
    domains = head.map_leaves_domains(leaves, level)
    assert len(set(domains)) <= level
    print(f"level {level:2d}: {len(set(domains))} domains, NMI {nmi(labels, domains):.3f}")

obs = pd.DataFrame({"label": labels, "slide": slide_of_row})  # novae's adata.obs, over a Tablesaw table
obs[Keys.LEAVES] = leaves
obs["novae_domains_10"] = head.map_leaves_domains(obs[Keys.LEAVES], 10)
print(obs.head(3))
column = head.map_leaves_domains(StringColumn.create("novae_leaves", leaves), 10)  # Tablesaw in, Tablesaw out
assert list(column.asList()) == head.map_leaves_domains(leaves, 10) == obs["novae_domains_10"].tolist()

n_domains = min(6, len(leaf_ids))
level = head.find_level(leaf_ids, n_domains)
assert len(set(head.map_leaves_domains(leaves, level))) == n_domains, "find_level gives that many domains"
assert level == 1 or len(set(head.map_leaves_domains(leaves, level - 1))) < n_domains, "and is the first such level"
print(f"find_level: {n_domains} domains first appear at level {level}")

# ---- zero-shot: k-means prototypes of the latent, their own tree
mode.zero_shot = True
head.set_kmeans_prototypes(latent)
zero_leaves = head.leaves(latent)
zero_domains = head.map_leaves_domains(zero_leaves, 10)
print(f"zero-shot: {len(set(zero_leaves))} leaves, NMI {nmi(labels, zero_leaves):.3f}; "
      f"level 10: {len(set(zero_domains))} domains, NMI {nmi(labels, zero_domains):.3f}")
assert head.prototype_ilocs(head.projection(latent[:8]), "slide-0") is ..., "zero-shot uses every prototype"
mode.zero_shot = False
assert head.map_leaves_domains(leaves, 10) == list(column.asList()), "each mode keeps its own tree"

head.close()
print(f"done in {time.time() - start:.1f} s")
