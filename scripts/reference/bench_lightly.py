"""lightly / fmcib SwaV benchmark of ``bench_reference.py`` (imported by it, not run directly).

``lightly_swav_step``: one training step with lightly's defaults, the shapes of the Java side
(``dev.sslheads.bench.LightlyWorkloads``): B=256, 2 high + 6 low crops of 128 features, MLP backbone
128 -> 256 -> 256 -> 256, projection 256 -> 128 -> 128, K=3000 prototypes with bias, 2 queues of 3840
in use (filled by 15 untimed steps first), forward + SwaV loss + backward + Adam (lr 1e-3). The model
and loss are ``SwaV`` and ``swav_loss`` of ``lightly_swav_goldens.py`` (the parity oracle).
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

import lightly_swav_goldens as ref

BATCH, FEATURES, NUM_FTRS, OUT_DIM, PROTOTYPES, QUEUE_LENGTH, HIGH, LOW = 256, 128, 256, 128, 3000, 3840, 2, 6


def bench_lightly_swav_step(seed, timed, summary, reps, warmup):
    rng = np.random.default_rng(seed)
    torch.manual_seed(seed)
    backbone = nn.Sequential(nn.Linear(FEATURES, NUM_FTRS), nn.ReLU(), nn.Linear(NUM_FTRS, NUM_FTRS), nn.ReLU(),
                             nn.Linear(NUM_FTRS, NUM_FTRS))
    banks = [F.normalize(torch.randn(OUT_DIM, QUEUE_LENGTH), dim=0) for _ in range(HIGH)]
    model = ref.SwaV(backbone, NUM_FTRS, OUT_DIM, [PROTOTYPES], True, 0, HIGH, QUEUE_LENGTH, 0, banks)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)

    def crops(n):
        return [torch.from_numpy(rng.standard_normal((BATCH, FEATURES)).astype(np.float32)) for _ in range(n)]

    high, low = crops(HIGH), crops(LOW)

    def step():
        optimizer.zero_grad()
        hp, lp, qp = model(high, low, 0, 0)
        loss, _ = ref.swav_loss([s[0] for s in hp], [s[0] for s in lp], None if qp is None else [s[0] for s in qp])
        loss.backward()
        optimizer.step()

    for _ in range(QUEUE_LENGTH // BATCH):
        step()
    return summary(timed(step, reps, warmup))
