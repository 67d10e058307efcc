"""Times a Jupyter kernel the way a client sees it, for the sslheads kernel and Debian's ipykernel:
start (process launch) to the first kernel_info_reply, start to the first execute_reply, and the round trip of execute('1+1') to its
execute_reply (median of 100 after 10 warm-up runs). Run by `scripts/sslheads bench kernel`, which passes
the sslheads kernel's JVM command line; runs with Debian's /usr/bin/python3 (jupyter_client). Prints one
JSON line per kernel and a small table. Jupyter's files go to a temporary directory, not $HOME."""
import json
import os
import statistics
import sys
import tempfile
import time

ROUNDS, WARMUP = 100, 10


def install_spec(data_dir, name, argv):
    spec = os.path.join(data_dir, "kernels", name)
    os.makedirs(spec)
    with open(os.path.join(spec, "kernel.json"), "w") as f:
        json.dump({"argv": argv + ["{connection_file}"], "display_name": name, "language": "python",
                   "interrupt_mode": "message"}, f)


def measure(name):
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    startup = None
    try:
        while startup is None:
            kc.kernel_info()
            try:
                reply = kc.get_shell_msg(timeout=1)
            except Exception:
                if not km.is_alive():
                    raise RuntimeError(f"{name} kernel died")
                continue
            if reply["msg_type"] == "kernel_info_reply":  # to any of the requests sent while it started
                startup = time.perf_counter() - t0
        print(f"{name}: first kernel_info_reply after {startup:.2f} s", file=sys.stderr, flush=True)
        times = []
        for i in range(WARMUP + ROUNDS):
            t = time.perf_counter()
            msg_id = kc.execute("1+1")
            while kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id") != msg_id:
                pass
            if i == 0:
                first_execute = time.perf_counter() - t0
            if i >= WARMUP:
                times.append((time.perf_counter() - t) * 1000)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    row = {"kernel": name, "startup_s": round(startup, 3), "first_execute_s": round(first_execute, 3), "execute_median_ms": round(statistics.median(times), 2),
            "execute_p90_ms": round(statistics.quantiles(times, n=10)[-1], 2)}
    print(json.dumps(row), flush=True)
    return row


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for var in ("JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            os.environ[var] = os.path.join(tmp, var.lower())
        os.environ["JUPYTER_PATH"] = os.environ["JUPYTER_DATA_DIR"]
        install_spec(os.environ["JUPYTER_DATA_DIR"], "sslheads-bench", sys.argv[1:])
        install_spec(os.environ["JUPYTER_DATA_DIR"], "ipykernel-debian", ["/usr/bin/python3", "-m", "ipykernel_launcher", "-f"])
        rows = [measure("sslheads-bench"), measure("ipykernel-debian")]
    print(f"\n| kernel | start to kernel_info_reply (s) | start to first execute_reply (s) | 1+1 round trip, median (ms) | p90 (ms) |\n|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['kernel']} | {row['startup_s']} | {row['first_execute_s']} | {row['execute_median_ms']} | {row['execute_p90_ms']} |")
    print("\ntargets for sslheads: start < 6 s, median < 20 ms")


if __name__ == "__main__":
    main()
