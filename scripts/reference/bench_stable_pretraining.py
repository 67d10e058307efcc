"""Reference side of the ``stable_pretraining_swav_step`` benchmark (imported by bench_reference.py,
which sets the thread count first).

One training step of stable-pretraining's SwAV per repetition, the shapes of the Java side
(``dev.sslheads.bench.StablePretrainingWorkloads``): MLP backbone 64 -> 256 -> 256 -> 512 (ReLU),
projector 512 -> 2048 (BatchNorm1d, ReLU) -> 128 -> L2 norm, K = 3000 bias-free prototypes,
batch 256, two noise/dropout views (p = 0.2, std 0.1), the method's forward(view1, view2)
(``stable_pretraining_goldens.SwAVReference``), loss.backward(), torch.optim.AdamW (lr 1e-3,
no weight decay) on every parameter, zero_grad, loss.item().
"""
import numpy as np
import torch

from stable_pretraining_goldens import SwAVReference

BATCH, FEATURES, HIDDEN, EMBED = 256, 64, 256, 512


def swav_step(seed):
    """Returns a callable doing one training step."""
    torch.manual_seed(seed % (2 ** 31))
    rng = np.random.default_rng(seed)
    features = torch.from_numpy(rng.standard_normal((BATCH, FEATURES)).astype(np.float32))
    backbone = torch.nn.Sequential(torch.nn.Linear(FEATURES, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, HIDDEN),
                                   torch.nn.ReLU(), torch.nn.Linear(HIDDEN, EMBED))
    model = SwAVReference(backbone, EMBED, (2048, 128), 3000)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.0)

    def augment(x):
        keep = (torch.rand_like(x) >= 0.2).to(x.dtype)
        return x * keep + torch.randn_like(x) * 0.1

    def step():
        loss = model.forward_views([augment(features), augment(features)], [])[0]
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        loss.item()

    return step
