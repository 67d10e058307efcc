"""Times a Jupyter kernel the way a client sees it, for the sslheads kernel and Debian's ipykernel:
start (process launch) to the first kernel_info_reply, and the round trip of execute('1+1') to its
execute_reply (median of 200 after 20 warm-up runs). Run by `scripts/sslheads bench kernel`, which passes
the sslheads kernel's JVM command line; runs with Debian's /usr/bin/python3 (jupyter_client). Prints one
JSON line per kernel and a small table. Jupyter's files go to a temporary directory, not $HOME."""
import json
import os
import statistics
import sys
import tempfile
import time

ROUNDS, WARMUP = 200, 20


def measure(name, argv):
    from jupyter_client import BlockingKernelClient
    from jupyter_client.manager import KernelManager

    km = KernelManager()
    km.kernel_cmd = argv + ["{connection_file}"]
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    startup = None
    try:
        while startup is None:
            msg_id = kc.kernel_info()
            try:
                reply = kc.get_shell_msg(timeout=1)
            except Exception:
                if not km.is_alive():
                    raise RuntimeError(f"{name} kernel died")
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                startup = time.perf_counter() - t0
        times = []
        for i in range(WARMUP + ROUNDS):
            t = time.perf_counter()
            msg_id = kc.execute("1+1")
            while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
                pass
            if i >= WARMUP:
                times.append((time.perf_counter() - t) * 1000)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return {"kernel": name, "startup_s": round(startup, 3), "execute_median_ms": round(statistics.median(times), 2),
            "execute_p90_ms": round(statistics.quantiles(times, n=10)[-1], 2)}


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for var in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            os.environ[var] = os.path.join(tmp, var.lower())
        rows = [measure("sslheads", sys.argv[1:]),
                measure("ipykernel", ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f"])]
    for row in rows:
        print(json.dumps(row))
    print(f"\n| kernel | start to kernel_info_reply (s) | 1+1 round trip, median (ms) | p90 (ms) |\n|---|---|---|---|")
    for row in rows:
        print(f"| {row['kernel']} | {row['startup_s']} | {row['execute_median_ms']} | {row['execute_p90_ms']} |")
    print("\ntargets for sslheads: start < 6 s, median < 20 ms")


if __name__ == "__main__":
    main()
