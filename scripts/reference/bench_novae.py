"""`scripts/sslheads bench novae`: one training epoch and compute_representations of novae's model (default
sizes: 10 GATv2 layers, hidden 128, 8 heads, output 64, 512 prototypes, batch 256) on 100,000 cells x 200 genes
over 3 slides, in Java (dev.sslheads.bench.NovaeBench) and in the torch reference of the same model
(scripts/reference/novae_train_reference.py, plain torch 1.13 with index_add/scatter for the graph ops, as PyG
does), on the same file in one run, each in its own process with the same thread count.

The file is made once under the cache folder by scripts/reference/novae_bench_data.py (Delaunay graph with an
80 um radius per slide, log1p expression, var highly_variable all True so both sides use every gene). Novae's
epoch length caps an epoch at 50,000 cells (195 steps of 256). Prints one JSON line per side and a markdown
table: seconds per stage, cells per second, peak resident memory (VmHWM / ru_maxrss), Java/reference ratios
(target: Java's time at most 0.7x the reference's; peak memory under 4 GB).

    /usr/bin/python3 bench_novae.py CACHE_DIR THREADS java-command... dev.sslheads.bench.NovaeBench
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def make_file(cache):
    path = os.path.join(cache, "novae_100k_200_3.h5ad")
    if not os.path.exists(path):
        os.makedirs(cache, exist_ok=True)
        tmp = path + ".tmp.h5ad"
        subprocess.run([sys.executable, os.path.join(HERE, "novae_bench_data.py"), "bench", "--cells", "100000", "--genes", "200",
                        "--slides", "3", "--radius", "80", "--seed", "0", "--out", tmp], check=True)
        os.replace(tmp, path)
    return path


def run_java(java, path):
    out = subprocess.run(java + ["fit", path], check=True, capture_output=True, text=True).stdout
    return json.loads([line for line in out.splitlines() if line.startswith("{")][-1])


def run_reference(path, threads):
    with tempfile.TemporaryDirectory() as tmp:
        result = os.path.join(tmp, "result.json")
        subprocess.run([sys.executable, "-W", "ignore", os.path.join(HERE, "novae_train_reference.py"), "fit", "--inputs", path,
                        "--time-only-one-epoch", "--threads", str(threads), "--seed", "0", "--out", result], check=True,
                       stdout=subprocess.DEVNULL)
        with open(result) as f:
            r = json.load(f)
    epoch = r["epochs"][0]
    return {"side": "reference", "epoch_s": epoch["seconds"], "steps": epoch["steps"], "loss": epoch["loss"],
            "represent_s": r["representation_seconds"], "cells_per_s_train": r["cells_per_second_train"],
            "cells_per_s_infer": r["cells_per_second_infer"], "peak_rss_mb": r["peak_rss_mb"]}


def main():
    cache, threads, java = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    path = make_file(cache)
    j = run_java(java, path)
    print(json.dumps(j), flush=True)
    r = run_reference(path, threads)
    print(json.dumps(r), flush=True)
    print()
    print("| stage | Java | reference | Java/ref | target |")
    print("|---|---|---|---|---|")
    for key, label in (("epoch_s", "one epoch, s"), ("represent_s", "compute_representations (100,000 cells), s")):
        ratio = j[key] / r[key]
        print(f"| {label} | {j[key]:.1f} | {r[key]:.1f} | {ratio:.2f} | <= 0.7{'' if ratio <= 0.7 else ' ABOVE'} |")
    print(f"| training, cells/s | {j['cells_per_s_train']:.0f} | {r['cells_per_s_train']:.0f} | | |")
    print(f"| inference, cells/s | {j['cells_per_s_infer']:.0f} | {r['cells_per_s_infer']:.0f} | | |")
    print(f"| peak resident memory, MB | {j['peak_rss_mb']:.0f} | {r['peak_rss_mb']:.0f} | | < 4096 (Java) |")
    print(f"| steps, first-epoch loss | {j['steps']}, {j['loss']:.4f} | {r['steps']}, {r['loss']:.4f} | | |")


if __name__ == "__main__":
    main()
