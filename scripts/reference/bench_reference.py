#!/usr/bin/python3
"""Reference side of ``scripts/sslheads bench``: one benchmark per invocation, in torch / sklearn.

Run from the repository root with Debian's python (the Java side, ``dev.sslheads.bench.Benchmarks``,
launches it this way for every benchmark):

    /usr/bin/python3 scripts/reference/bench_reference.py NAME --threads T --reps N [--warmup W]
    /usr/bin/python3 scripts/reference/bench_reference.py --info

It prints ONE JSON line on stdout: ``{"median_s": .., "min_s": .., "reps": N, ...}`` (plus a few
benchmark-specific fields), or for ``--info`` the versions of python, torch, numpy, scipy, sklearn.

Threads: OMP/OPENBLAS/MKL_NUM_THREADS are set to T before numpy/torch are imported,
``torch.set_num_threads(T)`` and ``torch.set_num_interop_threads(1)`` (the Java side uses one
inter-op thread), and sklearn / scipy BLAS run under ``threadpoolctl.threadpool_limits(T)``.

The workloads and their shapes mirror the Java side (same shapes, inputs from a fixed seed; the
values differ across languages):

* ``head_fwd_bwd_small`` / ``head_fwd_bwd_large``: novae's SwavHead forward + ``loss.backward()``,
  B=256, K=512, O=64 / B=1024, K=3000, O=128, a queue over 4 slides (slide ids cycled per call),
  min_prototypes_ratio 0.3; one (z1, z2) pair per slide with a per-slide shift, so the queue
  selects proper subsets (about 30% of K); z1 and the prototypes require grad (gradients
  accumulate, as on the Java side). The head is ``NovaeSwavHeadReference`` of ``novae_swav_goldens.py``, reused through
  its own methods (normalize_prototypes, projection, select, loss_and_entropy) in novae's forward
  order; its golden-only extras are switched off: the ambiguity checks (MARGIN < 0, they only
  reject generated data) and the spec-variant diagnostics. Its ``forward`` is not used because it
  computes the loss twice (a permutation check) and clones z1.
* ``sinkhorn``: novae's Sinkhorn (``novae_swav_goldens.sinkhorn``) on cosine scores B=4096, K=3000.
* ``hierarchical_512`` / ``hierarchical_3000``: the seed's ``SwavHead.hierarchical_clustering`` on K
  normalised Gaussian prototypes, O=64: AgglomerativeClustering(average, cosine) + the uint16
  clusters_levels loop (``novae_clustering_goldens.hierarchical_clustering`` is not reused because it
  also runs scipy's linkage to check the children, which would double the work, and needs pandas).
* ``kmeans_prototypes``: the seed's ``set_kmeans_prototypes`` on a 50,000 x 64 float32 latent of
  Gaussian blobs, K=512 (KMeans(n_clusters=512, random_state=0, n_init="auto") on the row-normalised
  latent); also reports sklearn's ``n_iter`` and ``inertia``.
* ``lightly_swav_step``: see ``bench_lightly.py``.
* ``training``: ``--reps`` is the number of training steps (novae-style single-slide batches,
  B=256, 4 slides): MLP encoder F=64 -> 128 -> 128 -> O=64, two noise/dropout views, the head's
  forward, backward, Adam (lr 1e-3) on the encoder and the prototypes. Reports the median step time,
  steps/s and the resident-memory growth between step ``--warmup`` and the end.
* ``stable_pretraining_swav_step``: one training step of stable-pretraining's SwAV (see
  ``bench_stable_pretraining.py``).
* ``inc_step``: one training step of pyagc's INC head, n=256, K=10, d=128 (``bench_inc.py``).
"""
import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

BENCHMARKS = ("head_fwd_bwd_small", "head_fwd_bwd_large", "sinkhorn", "hierarchical_512",
              "hierarchical_3000", "kmeans_prototypes", "training",
              "stable_pretraining_swav_step", "yaware_step", "inc_step", "lightly_swav_step")

SEED = 20240601
SLIDES = ["slide_0", "slide_1", "slide_2", "slide_3"]
EPS = 1e-8  # novae's Nums.EPS


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", nargs="?", choices=BENCHMARKS)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=None, help="untimed runs first (default per benchmark)")
    parser.add_argument("--info", action="store_true", help="print the versions as JSON and exit")
    args = parser.parse_args()
    if not args.info and args.name is None:
        parser.error("a benchmark name or --info is needed")
    if args.threads < 1 or args.reps < 1:
        parser.error("--threads and --reps must be >= 1")
    return args


ARGS = parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(ARGS.threads)

sys.path.insert(0, HERE)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

torch.set_num_threads(ARGS.threads)
torch.set_num_interop_threads(1)


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return -1


def timed(run, reps, warmup):
    """Calls run() warmup times untimed, then reps times; returns the per-call seconds."""
    for _ in range(warmup):
        run()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return times


def summary(times, **extra):
    out = {"median_s": statistics.median(times), "min_s": min(times), "reps": len(times)}
    out.update(extra)
    return out


# ------------------------------------------------------------------------------------------ head

def make_head(b, k, o, rng):
    import novae_swav_goldens as ref

    ref.MARGIN = -1.0  # golden-data ambiguity checks off (novae has none)

    class BenchHead(ref.NovaeSwavHeadReference):
        def _spec_variant_differs(self, w, weights, passers):  # golden diagnostics only
            return False

    prototypes = F.normalize(torch.from_numpy(rng.standard_normal((k, o)).astype(np.float32)), dim=1)
    head = BenchHead(prototypes, temperature=0.1, min_prototypes_ratio=0.3)
    head.init_queue(SLIDES)
    return head


def head_step(head, z1, z2, slide_id):
    """novae's SwavHead.forward, then loss.backward()."""
    head.normalize_prototypes()
    p1 = head.projection(z1)
    p2 = head.projection(z2)
    ilocs, _ = head.select(p1.detach(), slide_id)
    loss, entropy, _, _ = head.loss_and_entropy(p1[:, ilocs], p2[:, ilocs])
    loss.backward()
    return loss, entropy


def slide_views(rng, b, o):
    """One (z1, z2) pair per slide: z1 = N(0, 1) + a per-slide shift 0.5 N(0, 1), z2 = z1 + 0.3 N(0, 1),
    so the slides prefer different prototypes and the queue selects proper subsets (about
    min_prototypes of K once the queue is full), as in novae's single-slide batches."""
    views = []
    for _ in SLIDES:
        shift = 0.5 * rng.standard_normal(o)
        z1 = rng.standard_normal((b, o)) + shift[None, :]
        z2 = z1 + 0.3 * rng.standard_normal((b, o))
        views.append((torch.from_numpy(z1.astype(np.float32)).requires_grad_(True),
                      torch.from_numpy(z2.astype(np.float32))))
    return views


def bench_head(b, k, o, reps, warmup):
    rng = np.random.default_rng(SEED)
    head = make_head(b, k, o, rng)
    views = slide_views(rng, b, o)
    calls = [0]

    def run():
        s = calls[0] % len(SLIDES)
        head_step(head, views[s][0], views[s][1], SLIDES[s])
        calls[0] += 1

    return summary(timed(run, reps, warmup))


# ------------------------------------------------------------------------------------- sinkhorn

def bench_sinkhorn(reps, warmup):
    from novae_swav_goldens import sinkhorn

    rng = np.random.default_rng(SEED)
    z = F.normalize(torch.from_numpy(rng.standard_normal((4096, 64)).astype(np.float32)), dim=1)
    c = F.normalize(torch.from_numpy(rng.standard_normal((3000, 64)).astype(np.float32)), dim=1)
    scores = z @ c.T
    return summary(timed(lambda: sinkhorn(scores, eps=0.05, iterations=3), reps, warmup))


# -------------------------------------------------------------------------------- hierarchical

def hierarchical_clustering(prototypes):
    """The seed's SwavHead.hierarchical_clustering (novae/module/swav.py), on a (K, O) tensor."""
    from sklearn.cluster import AgglomerativeClustering

    X = prototypes.data.numpy()  # (K, O)
    _clustering = AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=0,
        compute_full_tree=True,
        metric="cosine",
        linkage="average",
    )
    _clustering.fit(X)

    _clusters_levels = np.zeros((len(X), len(X)), dtype=np.uint16)
    _clusters_levels[0] = np.arange(len(X))

    for i, (a, b) in enumerate(_clustering.children_):
        clusters = _clusters_levels[i]
        _clusters_levels[i + 1] = clusters
        _clusters_levels[i + 1, np.where((clusters == a) | (clusters == b))] = len(X) + i

    return _clustering, _clusters_levels


def bench_hierarchical(k, reps, warmup):
    rng = np.random.default_rng(SEED)
    prototypes = F.normalize(torch.from_numpy(rng.standard_normal((k, 64)).astype(np.float32)), dim=1)
    with threadpool_limits(limits=ARGS.threads):
        return summary(timed(lambda: hierarchical_clustering(prototypes), reps, warmup))


# ------------------------------------------------------------------------------------- k-means

def blobs(n, d, centers, std, seed):
    """Gaussian blobs like sklearn's make_blobs: centres U(-10, 10)^d, equal-sized blobs."""
    from sklearn.datasets import make_blobs

    latent, _ = make_blobs(n_samples=n, n_features=d, centers=centers, cluster_std=std,
                           center_box=(-10.0, 10.0), random_state=seed)
    return latent.astype(np.float32)


def set_kmeans_prototypes(latent, num_prototypes):
    """The seed's SwavHead.set_kmeans_prototypes; returns the prototypes and the fitted KMeans."""
    from sklearn.cluster import KMeans

    kmeans = KMeans(n_clusters=num_prototypes, random_state=0, n_init="auto")
    X = latent / (EPS + np.linalg.norm(latent, axis=1)[:, None])

    kmeans_prototypes = kmeans.fit(X).cluster_centers_
    kmeans_prototypes = kmeans_prototypes / (EPS + np.linalg.norm(kmeans_prototypes, axis=1)[:, None])

    return torch.nn.Parameter(torch.tensor(kmeans_prototypes)), kmeans


def bench_kmeans(reps, warmup):
    latent = blobs(50_000, 64, 100, 4.0, SEED % (2 ** 31))
    fits = []

    def run():
        fits.append(set_kmeans_prototypes(latent, 512)[1])
        del fits[:-1]

    with threadpool_limits(limits=ARGS.threads):
        times = timed(run, reps, warmup)
    return summary(times, n_iter=int(fits[-1].n_iter_), inertia=float(fits[-1].inertia_))


# ------------------------------------------------------------------------------------ training

def bench_training(steps, warmup_steps):
    """novae-style training steps; reps = steps. Mirrors SwavTrainer (per-epoch shuffled
    single-slide batches, loss/entropy summed on the device and read once per epoch)."""
    torch.manual_seed(SEED % (2 ** 31))
    rng = np.random.default_rng(SEED)
    b, f, hidden, o, k = 256, 64, 128, 64, 512
    rows_per_slide = 25 * b
    features = torch.from_numpy(rng.standard_normal((len(SLIDES) * rows_per_slide, f)).astype(np.float32))
    head = make_head(b, k, o, rng)
    encoder = torch.nn.Sequential(torch.nn.Linear(f, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, hidden),
                                  torch.nn.ReLU(), torch.nn.Linear(hidden, o))
    optimizer = torch.optim.Adam(list(encoder.parameters()) + [head.prototypes], lr=1e-3)

    def augment(x):
        keep = (torch.rand_like(x) >= 0.2).to(x.dtype)
        return x * keep + torch.randn_like(x) * 0.1

    step_times = []
    rss_warm = None
    t_start = t_warm = time.perf_counter()
    done = 0
    while done < steps:
        batches = []
        for s, sid in enumerate(SLIDES):
            rows = s * rows_per_slide + rng.permutation(rows_per_slide)
            batches += [(sid, rows[i:i + b]) for i in range(0, rows_per_slide, b)]
        order = rng.permutation(len(batches))
        loss_sum = torch.zeros(())
        entropy_sum = torch.zeros(())
        for j in order:
            if done == steps:
                break
            sid, rows = batches[j]
            start = time.perf_counter()
            batch = features[torch.from_numpy(rows)]
            z1 = encoder(augment(batch))
            z2 = encoder(augment(batch))
            loss, entropy = head_step(head, z1, z2, sid)
            optimizer.step()
            optimizer.zero_grad()
            loss_sum += loss.detach()
            entropy_sum += entropy
            step_times.append(time.perf_counter() - start)
            done += 1
            if done == warmup_steps:
                loss_sum.item()  # the Java side samples at an epoch end, after its read-back
                rss_warm = rss_bytes()
                t_warm = time.perf_counter()
        loss_sum.item()
        entropy_sum.item()
    t_end = time.perf_counter()
    rss_end = rss_bytes()
    timed_steps = step_times[warmup_steps:] if len(step_times) > warmup_steps else step_times
    if rss_warm is None:
        rss_warm, t_warm = rss_end, t_start
    s_per_step = (t_end - t_warm) / max(1, steps - (warmup_steps if warmup_steps < steps else 0))
    return summary(timed_steps, steps=steps, warmup_steps=warmup_steps, s_per_step=s_per_step,
                   steps_per_s=1.0 / s_per_step, total_s=t_end - t_start,
                   rss_warm_mb=rss_warm / 2 ** 20, rss_end_mb=rss_end / 2 ** 20,
                   rss_growth_pct=100.0 * (rss_end - rss_warm) / rss_warm)


# ---------------------------------------------------------------------------------------- main

def info():
    import scipy
    import sklearn

    return {"python": sys.version.split()[0], "torch": torch.__version__, "numpy": np.__version__,
            "scipy": scipy.__version__, "sklearn": sklearn.__version__,
            "torch_threads": torch.get_num_threads()}


def main():
    if ARGS.info:
        print(json.dumps(info()))
        return
    name, reps = ARGS.name, ARGS.reps

    def warm(default):
        return default if ARGS.warmup is None else ARGS.warmup

    if name == "head_fwd_bwd_small":
        result = bench_head(256, 512, 64, reps, warm(10))
    elif name == "head_fwd_bwd_large":
        result = bench_head(1024, 3000, 128, reps, warm(3))
    elif name == "sinkhorn":
        result = bench_sinkhorn(reps, warm(2))
    elif name == "hierarchical_512":
        result = bench_hierarchical(512, reps, warm(2))
    elif name == "hierarchical_3000":
        result = bench_hierarchical(3000, reps, warm(1))
    elif name == "kmeans_prototypes":
        result = bench_kmeans(reps, warm(0))
    elif name == "stable_pretraining_swav_step":
        from bench_stable_pretraining import swav_step
        result = summary(timed(swav_step(SEED), reps, warm(3)))
    elif name == "yaware_step":
        import bench_yaware
        result = bench_yaware.bench_yaware_step(reps, warm(10), timed, summary)
    elif name == "inc_step":
        from bench_inc import bench_inc_step
        result = bench_inc_step(256, 10, 128, reps, warm(50), SEED, timed, summary)
    elif name == "lightly_swav_step":
        from bench_lightly import bench_lightly_swav_step
        result = bench_lightly_swav_step(SEED, timed, summary, reps, warm(3))
    else:
        result = bench_training(reps, warm(500))
    result["threads"] = torch.get_num_threads()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
