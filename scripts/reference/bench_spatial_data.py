"""`scripts/sslheads bench spatial`: sslheads' .h5ad reading/writing next to Python's anndata (Debian's
0.8.0 on h5py 3.7 / HDF5 1.10) on the same files in one run, and novae's spatial_neighbors (Delaunay +
radius pruning on 100,000 cells over 3 slides) next to scipy.spatial.Delaunay + the same pruning in Python.

Files (made once under the cache folder given, by anndata): a dense 100,000 cells x 200 genes float32 X,
and a CSR 100,000 x 2,000 float32 X with ~5% non-zeros (10 M). Each side reads and writes each file REPS
times after a warm-up (Java: one warm JVM per operation; Python: this process). The peak resident memory of
reading the CSR file is measured in a fresh process on each side (VmHWM minus VmRSS before the read) and
compared with the file's decompressed size. Prints one JSON line per measurement and a markdown table.

    /usr/bin/python3 bench_spatial_data.py CACHE_DIR REPS java-command... dev.sslheads.bench.SpatialDataBench
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import anndata
import numpy as np
import pandas as pd
import scipy.sparse as sp

N_OBS = 100_000


def make_slides(cache):
    """100,000 cells over 3 slides (3 x 3 mm, uniform: about 16 um apart), for spatial_neighbors."""
    path = os.path.join(cache, "slides_100k.h5ad")
    if not os.path.exists(path):
        rng = np.random.default_rng(2)
        slides = np.repeat(["s0", "s1", "s2"], [33_334, 33_333, 33_333])
        obs = pd.DataFrame({"slide": pd.Categorical(slides)}, index=[f"cell_{i}" for i in range(N_OBS)])
        a = anndata.AnnData(X=np.zeros((N_OBS, 1), dtype=np.float32), obs=obs, dtype=np.float32)
        a.obsm["spatial"] = rng.random((N_OBS, 2)) * 3000
        a.write_h5ad(path)
    return path


def scipy_neighbors(adata):
    """novae's Delaunay + radius pruning per slide, restated on scipy (spatial_neighbors_goldens.graph)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from spatial_neighbors_goldens import graph

    return graph(np.asarray(adata.obsm["spatial"]), list(adata.obs["slide"].astype(str)), radius=(0.0, 80.0))


def make_files(cache):
    os.makedirs(cache, exist_ok=True)
    dense_path = os.path.join(cache, "dense_100k_200.h5ad")
    csr_path = os.path.join(cache, "csr_100k_2000.h5ad")
    rng = np.random.default_rng(0)
    obs = pd.DataFrame(index=[f"cell_{i}" for i in range(N_OBS)])
    if not os.path.exists(dense_path):
        x = rng.poisson(1.0, size=(N_OBS, 200)).astype(np.float32)
        a = anndata.AnnData(X=x, obs=obs, var=pd.DataFrame(index=[f"g{j}" for j in range(200)]), dtype=np.float32)
        a.obsm["spatial"] = rng.random((N_OBS, 2)) * 5000
        a.write_h5ad(dense_path)
    if not os.path.exists(csr_path):
        x = sp.random(N_OBS, 2000, density=0.05, format="csr", random_state=1, dtype=np.float32)
        a = anndata.AnnData(X=x, obs=obs, var=pd.DataFrame(index=[f"g{j}" for j in range(2000)]), dtype=np.float32)
        a.write_h5ad(csr_path)
    return dense_path, csr_path


def timed(fn, reps):
    fn()
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return {"median_ms": round(statistics.median(ms), 1), "min_ms": round(min(ms), 1), "reps": reps}


PY_TIMED = """
import json, statistics, sys, time, anndata
op, path, out, reps = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
adata = anndata.read_h5ad(path)
fn = (lambda: anndata.read_h5ad(path)) if op == "read" else (lambda: adata.write_h5ad(out))
fn()
ms = []
for _ in range(reps):
    t = time.perf_counter()
    fn()
    ms.append((time.perf_counter() - t) * 1000)
print(json.dumps({"median_ms": round(statistics.median(ms), 1), "min_ms": round(min(ms), 1), "reps": reps}))
"""


def python_timed(op, path, out, reps):
    """anndata's read or write in a fresh Python process, like each Java operation in a fresh JVM."""
    run = subprocess.run([sys.executable, "-c", PY_TIMED, op, path, out, str(reps)], check=True, capture_output=True, text=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


PY_RSS = """
import resource, sys, anndata
def kb(field):
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'):
            return int(''.join(c for c in line if c.isdigit()))
before = kb('VmRSS')
a = anndata.read_h5ad(sys.argv[1])
peak = kb('VmHWM')
print((before, peak))
"""


def main():
    cache, reps, java = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    dense, csr = make_files(cache)
    x = anndata.read_h5ad(csr).X
    decompressed_mb = (x.data.nbytes + x.indices.nbytes + x.indptr.nbytes) / 2**20
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, path in (("dense 100k x 200", dense), ("CSR 100k x 2000, 10 M nnz", csr)):
            out = os.path.join(tmp, "out.h5ad")
            py_read = python_timed("read", path, out, reps)
            py_write = python_timed("write", path, out, reps)
            j_read = json.loads(subprocess.run(java + ["read", path, str(reps)], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            j_write = json.loads(subprocess.run(java + ["write", path, out, str(reps)], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            for op, j, p in (("read", j_read, py_read), ("write", j_write, py_write)):
                row = {"file": label, "op": op, "sslheads_ms": j["median_ms"], "anndata_ms": p["median_ms"],
                       "ratio": round(j["median_ms"] / p["median_ms"], 2), "sslheads_min_ms": j["min_ms"], "anndata_min_ms": p["min_ms"]}
                rows.append(row)
                print(json.dumps(row), flush=True)
    slides = make_slides(cache)
    slides_adata = anndata.read_h5ad(slides)
    py_ngh = timed(lambda: scipy_neighbors(slides_adata), max(1, reps // 2))
    j_ngh = json.loads(subprocess.run(java + ["neighbors", slides, str(max(1, reps // 2))], check=True, capture_output=True,
                                      text=True).stdout.strip().splitlines()[-1])
    row = {"file": "100k cells, 3 slides", "op": "spatial_neighbors (Delaunay, radius 80)", "sslheads_ms": j_ngh["median_ms"],
           "anndata_ms": py_ngh["median_ms"], "ratio": round(j_ngh["median_ms"] / py_ngh["median_ms"], 2),
           "sslheads_min_ms": j_ngh["min_ms"], "anndata_min_ms": py_ngh["min_ms"]}
    rows.append(row)
    print(json.dumps(row), flush=True)
    j_rss = json.loads(subprocess.run(java + ["rss", csr], check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    before, peak = eval(subprocess.run([sys.executable, "-c", PY_RSS, csr], check=True, capture_output=True, text=True).stdout.strip())
    rss = {"decompressed_mb": round(decompressed_mb, 1), "sslheads_growth_mb": j_rss["growth_mb"],
           "anndata_growth_mb": round((peak - before) / 1024, 1),
           "sslheads_growth_over_size": round(j_rss["growth_mb"] / decompressed_mb, 2)}
    print(json.dumps(rss), flush=True)
    print("\n| data | op | sslheads median (min), ms | Python: anndata 0.8 / scipy 1.10, median (min), ms | sslheads / Python (medians) |"
          "\n|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['file']} | {r['op']} | {r['sslheads_ms']} ({r['sslheads_min_ms']}) | {r['anndata_ms']} ({r['anndata_min_ms']}) |"
              f" {r['ratio']} |")
    print(f"\nPeak resident memory of reading the CSR file ({rss['decompressed_mb']} MB decompressed): sslheads +"
          f"{rss['sslheads_growth_mb']} MB ({rss['sslheads_growth_over_size']}x), anndata +{rss['anndata_growth_mb']} MB")


if __name__ == "__main__":
    main()
