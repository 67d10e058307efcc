"""GraalPy side of ``scripts/sslheads bench bindings`` (dev.sslheads.bindings.bench.BindingsBench).

Run by the launcher's GraalPy (``scripts/sslheads [--jit on|off] python scripts/bench/bindings_bench.py``);
prints ONE line ``BENCH_JSON {...}`` on stdout with:

* ``startup``: JVM uptime when this script starts and after ``import sslheads`` (DJL engine load
  included) and ``import novae``; the process start (the launcher, which execs java) to JVM start;
* ``calls``: per-call nanoseconds of head calls made from a Python loop (time.perf_counter_ns,
  after a timed warm-up), next to the same Java call timed in a Java loop in this JVM
  (``BindingsBench.javaCallNs``): ``head.num_prototypes`` (the novae wrapper's property),
  the bare host call ``head._head.numPrototypes()``, and ``head.projection(z)`` with z (4, 32);
* ``transfer``: ``sslheads.from_buffer(array.array('f'), (100000, 64))`` in milliseconds;
* ``training``: scripts/examples/novae_head.py's loop (digits, 3 pseudo-slides, B=128, MLP
  64-128-128-32, NoiseDropout(0.2, 0.1), SwavHead(O=32, K=32, T=0.1), min_prototypes 0.3, Adam 1e-3,
  loss.item() and entropy.item() per step), steps/s over the epochs after the warm-up epochs.

Options: --warmup-s S (warm-up seconds per call case, default 4), --warm-epochs N (default 3),
--epochs N (timed epochs, default 15).
"""
import time

_T0 = time.perf_counter_ns()
import java  # noqa: E402

_MX = java.type("java.lang.management.ManagementFactory").getRuntimeMXBean()
_UPTIME_SCRIPT_MS = int(_MX.getUptime())

import array  # noqa: E402
import csv  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402

_T1 = time.perf_counter_ns()
import sslheads as torch  # noqa: E402
from sslheads import nn, optim  # noqa: E402

_T2 = time.perf_counter_ns()
from novae import Nums  # noqa: E402
from novae.module import SwavHead  # noqa: E402
from novae.utils import Mode  # noqa: E402

_T3 = time.perf_counter_ns()
_UPTIME_NOVAE_MS = int(_MX.getUptime())

Bench = java.type("dev.sslheads.bindings.bench.BindingsBench")


def option(name, default, kind):
    if name in sys.argv:
        return kind(sys.argv[sys.argv.index(name) + 1])
    return default


WARMUP_S = option("--warmup-s", 4.0, float)
WARM_EPOCHS = option("--warm-epochs", 3, int)
EPOCHS = option("--epochs", 15, int)
REPS = 15


def startup():
    info = java.type("java.lang.ProcessHandle").current().info().startInstant()
    jvm_start = int(_MX.getStartTime())
    launcher_ms = jvm_start - int(info.get().toEpochMilli()) if info.isPresent() else None
    return {"launcher_to_jvm_ms": launcher_ms, "jvm_to_script_ms": _UPTIME_SCRIPT_MS,
            "import_sslheads_ms": (_T2 - _T1) / 1e6, "import_novae_ms": (_T3 - _T2) / 1e6,
            "jvm_to_novae_ms": _UPTIME_NOVAE_MS}


# ------------------------------------------------------------------------------ call overhead
# One function per case so that the timed loop holds nothing but the call (no lambda in between).

def loop_property(head, n):
    t = time.perf_counter_ns()
    for _ in range(n):
        head.num_prototypes
    return (time.perf_counter_ns() - t) / n


def loop_host(host, n):
    t = time.perf_counter_ns()
    for _ in range(n):
        host.numPrototypes()
    return (time.perf_counter_ns() - t) / n


def loop_projection(head, z, n):
    t = time.perf_counter_ns()
    for _ in range(n):
        head.projection(z)
    return (time.perf_counter_ns() - t) / n


def timed_case(loop, args, java_case, java_args):
    """Warms ``loop`` and the Java loop for WARMUP_S each, then REPS pairs of ~50 ms reps, a Python rep
    followed by the same Java loop in this JVM; ns per call. The overhead is the median of the
    pairs' differences: a call that does tensor work costs tens of microseconds and drifts by as
    much over a run (allocator, GC, the reaper), so only reps taken side by side are compared."""
    n, deadline, first = 10, time.perf_counter() + WARMUP_S, None
    while time.perf_counter() < deadline:
        per_call = loop(*args, n)
        first = per_call if first is None else first
        n = min(max(10, int(0.02e9 / max(per_call, 1.0))), 2_000_000)
    n = max(10, int(0.05e9 / max(per_call, 1.0)))
    Bench.javaCallNs(java_case, *java_args, n, 1, WARMUP_S)
    python_ns, java_ns = [], []
    for _ in range(REPS):
        python_ns.append(loop(*args, n))
        java_ns.append(float(Bench.javaCallNs(java_case, *java_args, n, 1, 0.0)[0]))
    py, jv = statistics.median(python_ns), statistics.median(java_ns)
    return {"python_ns": py, "python_min_ns": min(python_ns), "java_ns": jv, "java_min_ns": min(java_ns),
            "overhead_ns": statistics.median(p - j for p, j in zip(python_ns, java_ns)), "calls_per_rep": n, "first_ns": first}


def calls():
    head = SwavHead(Mode(), output_size=32, num_prototypes=32, temperature=0.1)
    z = torch.randn(4, 32)
    host = head._head
    out = {
        "property": timed_case(loop_property, (head,), "numPrototypes", (host, None)),
        "host": timed_case(loop_host, (host,), "numPrototypes", (host, None)),
        "projection": timed_case(loop_projection, (head, z), "projection", (host, z._host)),
    }
    head.close()
    return out


# ------------------------------------------------------------------------------------ transfer

def transfer():
    rows, cols = 100_000, 64
    buf = array.array("f", [(i % 97) / 97.0 for i in range(cols)]) * rows
    times = []
    for i in range(2 + 9):
        t = time.perf_counter_ns()
        x = torch.from_buffer(buf, (rows, cols))
        dt = (time.perf_counter_ns() - t) / 1e6
        assert tuple(x.shape) == (rows, cols)
        if i >= 2:
            times.append(dt)
        del x
    return {"median_ms": statistics.median(times), "min_ms": min(times), "reps": len(times),
            "java_floor_ms": float(Bench.javaTransferMs(rows, cols, 9))}


# ------------------------------------------------------------------------------------ training

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, "..", "..", "lib", "src", "main", "resources", "dev", "sslheads", "data", "digits.csv.gz")
SLIDES = ["slide-0", "slide-1", "slide-2"]
OUTPUT_SIZE, PROTOTYPES, BATCH = 32, 32, 128


def training():
    t_start = time.perf_counter()
    with gzip.open(DIGITS, "rt", newline="") as f:
        rows = [[float(v) for v in row] for row in csv.reader(f) if row]
    pixels = array.array("f", (v / 16.0 for row in rows for v in row[:-1]))
    x = torch.from_buffer(pixels, (len(rows), 64))
    slide_of_row = [SLIDES[i % len(SLIDES)] for i in range(len(rows))]
    torch.manual_seed(0)
    head = SwavHead(Mode(), output_size=OUTPUT_SIZE, num_prototypes=PROTOTYPES, temperature=0.1)
    head.init_queue(SLIDES)
    head.set_min_prototypes(0.3)
    encoder = nn.MLP(64, 128, OUTPUT_SIZE)
    augment = nn.NoiseDropout(p=0.2, std=0.1)
    optimizer = optim.Adam(list(encoder.parameters()) + list(head.parameters()), lr=1e-3)
    rng = random.Random(0)
    by_slide = {s: [i for i, r in enumerate(slide_of_row) if r == s] for s in SLIDES}
    epoch_s, steps, first_loss, last_loss = [], 0, None, None
    t_setup = time.perf_counter()
    for epoch in range(WARM_EPOCHS + EPOCHS):
        t_epoch = time.perf_counter()
        head.prototypes_parameter.requires_grad_(epoch >= Nums.WARMUP_EPOCHS)
        batches = []
        for slide, ids in by_slide.items():
            ids = ids[:]
            rng.shuffle(ids)
            batches += [(slide, ids[b:b + BATCH]) for b in range(0, len(ids) - BATCH + 1, BATCH)]
        rng.shuffle(batches)
        losses = []
        for slide, ids in batches:
            batch = x[torch.tensor(ids, dtype="int64")]
            loss, entropy = head(encoder(augment(batch)), encoder(augment(batch)), slide)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            entropy.item()
        steps = len(batches)
        epoch_s.append(time.perf_counter() - t_epoch)
        first_loss = sum(losses) / len(losses) if first_loss is None else first_loss
        last_loss = sum(losses) / len(losses)
    timed = epoch_s[WARM_EPOCHS:]
    head.close()
    return {"steps_per_epoch": steps, "warm_epochs": WARM_EPOCHS, "epochs": EPOCHS,
            "steps_per_s": steps * len(timed) / sum(timed), "setup_s": t_setup - t_start,
            "first_epoch_s": epoch_s[0], "median_epoch_s": statistics.median(timed),
            "first_loss": first_loss, "last_loss": last_loss}


def main():
    result = {"startup": startup(), "threads": int(Bench.threads()), "jit": bool(Bench.hasJit())}
    result["calls"] = calls()
    result["transfer"] = transfer()
    result["training"] = training()
    print("BENCH_JSON " + json.dumps(result), flush=True)


main()
