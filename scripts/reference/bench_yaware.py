"""Reference side of the ``yaware_step`` benchmark, imported by ``bench_reference.py``.

One y-Aware training step with labels, n=256 rows of d=128 features, as on the Java side
(``dev.sslheads.bench.YAwareWorkloads``): MLP encoder 128 -> 256 -> 256 -> 128, nidl's projection head
128 -> 512 -> 128, both views forward, the y-Aware loss of ``nidl_yaware_goldens`` (gaussian kernel,
bandwidth 1, tau 0.1, nidl's weights computed with numpy on the host, as nidl does), backward and
torch.optim.AdamW (lr 3e-4, weight decay 5e-4 on the matrices, 0 on biases: nidl's two groups).
"""
import numpy as np
import torch

from nidl_yaware_goldens import KernelMetricReference, weights, yaware_loss

ROWS, FEATURES, SEED = 256, 128, 20240601


def bench_yaware_step(reps, warmup, timed, summary):
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    encoder = torch.nn.Sequential(torch.nn.Linear(FEATURES, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                                  torch.nn.Linear(256, FEATURES))
    head = torch.nn.Sequential(torch.nn.Linear(FEATURES, 512), torch.nn.ReLU(), torch.nn.Linear(512, 128))
    params = list(encoder.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW([{"params": [p for p in params if p.ndim > 1], "weight_decay": 5e-4},
                                   {"params": [p for p in params if p.ndim <= 1], "weight_decay": 0.0}], lr=3e-4)
    view1 = torch.from_numpy(rng.normal(size=(ROWS, FEATURES)).astype(np.float32))
    view2 = torch.from_numpy(rng.normal(size=(ROWS, FEATURES)).astype(np.float32))
    y = torch.from_numpy(rng.normal(size=(ROWS,)).astype(np.float32))
    metric = KernelMetricReference("gaussian", 1.0).fit(np.concatenate([y.numpy(), y.numpy()]))

    def step():
        optimizer.zero_grad()
        z1, z2 = head(encoder(view1)), head(encoder(view2))
        w = weights(metric, y.detach().cpu().numpy(), rows=False)
        loss = yaware_loss(z1, z2, 0.1, w)
        loss.backward()
        optimizer.step()

    return summary(timed(step, reps, warmup))
