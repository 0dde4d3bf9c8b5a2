#!/usr/bin/env python3
"""The loopback test bed: real servers against the studies that describe them.

For each case it starts small HTTP backends (realbed-backend: W worker
threads, one FIFO, exponential service by sleeping), nginx in front of them
when the case has a balancer (a non-daemon nginx with its own configuration in
a scratch folder, ports on 127.0.0.1 chosen free at run time), drives them
with an open-loop Poisson load generator (realbed-loadgen: latency from each
request's intended start), kills and restarts a backend when the case says so,
then runs the case's study (studies/*.yaml) with scalelab-cli and compares the
measured mean, p99 and timeline figures with the predicted ones.

Before the cases it measures the cost of one hop on this machine (a backend
that answers at once, driven directly and through nginx); the studies get it
as their network latency and nginx's overhead (--set), so nothing is guessed.

Each case runs --repeats times with other seeds; a measured figure is the
median of the repeats. Prints the table; exits 1 when a figure is off by more
than its tolerance. Python 3 standard library only.
"""

import argparse
import csv
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
STUDIES = os.path.join(HERE, "studies")

WORKERS = 4
MEAN = 0.010       # s, a backend's mean service time
SLOW_MEAN = 0.030  # s, the slow backend's
TOLERANCE = 0.15

# Each case: the deployment, and the study (same rates, same times) that
# describes it. 'policy' None: the load generator calls the one backend
# directly. 'kill': (backend index, at s, restart at s). 'service': where the
# study holds each kind of backend's service time. Times in seconds.
CASES = [
    dict(name="mmc", title="M/M/4, one backend", study="mmc.yaml",
         service={"normal": "variants.realbed.routes.get.0.app.wait"}, backends=["normal"], policy=None, rate=[(0, 320)], duration=15, warmup=1, bin=1.0),
    dict(name="round_robin", title="round robin over two", study="round_robin.yaml",
         service={"normal": "variants.realbed.routes.get.1.app.wait"}, backends=["normal", "normal"], policy="round_robin", rate=[(0, 640)], duration=15, warmup=1,
         bin=1.0),
    dict(name="least_conn", title="least connections, fast + slow", study="least_conn.yaml",
         service={"normal": "variants.realbed.routes.get.1.app.cpu",
                  "slow": ("normal", "variants.realbed.components.app.groups.1.speed")}, backends=["normal", "slow"], policy="least_conn", rate=[(0, 380)],
         duration=15, warmup=1, bin=1.0),
    dict(name="spike", title="spike to 1.5x capacity", study="spike.yaml",
         service={"normal": "variants.realbed.routes.get.0.app.wait"}, backends=["normal"], policy=None, rate=[(0, 200), (5, 600), (8, 200)], duration=14, warmup=1,
         bin=0.25, spike=(5, 8)),
    dict(name="kill", title="kill one of two, retries on", study="kill.yaml",
         service={"normal": "variants.realbed.routes.get.1.app.wait"}, backends=["normal", "normal"], policy="round_robin", rate=[(0, 320)], duration=16, warmup=1,
         bin=1.0, kill=(1, 5.0, 10.0)),
]

NGINX_CONF = """\
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
worker_rlimit_nofile 16384;
events {{ worker_connections 8192; }}
http {{
  access_log off;
  client_body_temp_path {dir}/tmp/body;
  proxy_temp_path {dir}/tmp/proxy;
  fastcgi_temp_path {dir}/tmp/fastcgi;
  uwsgi_temp_path {dir}/tmp/uwsgi;
  scgi_temp_path {dir}/tmp/scgi;
  upstream app {{
    {policy}
{servers}
  }}
  server {{
    listen 127.0.0.1:{port} backlog=4096;
    location / {{
      proxy_pass http://app;
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 1s;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, deadline=5.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


class Backend:
    def __init__(self, exe, mode, seed, port=0):
        self.exe, self.mode, self.seed = exe, mode, seed
        self.proc = subprocess.Popen([exe, "--port", str(port), "--workers", str(WORKERS), "--mean", str(MEAN),
                                      "--slow-mean", str(SLOW_MEAN), "--mode", mode, "--seed", str(seed)],
                                     stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "port":
            raise RuntimeError(f"realbed-backend did not start: {line}")
        self.port = int(line[1])

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def restart(self):
        self.seed += 1000
        self.__init__(self.exe, self.mode, self.seed, self.port)

    def stop(self):
        """Stops it; returns (requests served, mean hold time in s), None when it was killed."""
        if self.proc.poll() is not None:
            return None
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        words = out.split()
        if len(words) == 4 and words[0] == "served" and int(words[1]) > 0:
            return int(words[1]), float(words[3])
        return None


class Nginx:
    def __init__(self, exe, scratch, policy, ports, max_fails=1, fail_timeout=2):
        self.dir = scratch
        os.makedirs(os.path.join(scratch, "tmp"), exist_ok=True)
        self.port = free_port()
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails={max_fails} fail_timeout={fail_timeout}s;"
                            for p in ports)
        conf = NGINX_CONF.format(dir=scratch, port=self.port, servers=servers,
                                 policy="least_conn;" if policy == "least_conn" else "")
        path = os.path.join(scratch, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        self.proc = subprocess.Popen([exe, "-p", scratch, "-c", path, "-e", os.path.join(scratch, "error.log"),
                                      "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        wait_listening(self.port)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def load(exe, port, rate, duration, seed, out, on_start=None):
    """Runs the load generator; returns its rows (intended, end, status)."""
    os.makedirs(os.path.dirname(out), exist_ok=True)
    spec = ",".join(f"{at:g}:{rps:g}" for at, rps in rate)
    proc = subprocess.Popen([exe, "--port", str(port), "--rate", spec, "--duration", str(duration),
                             "--seed", str(seed), "--out", out], stdout=subprocess.PIPE, text=True)
    t0 = float(proc.stdout.readline().split()[1])
    worker = threading.Thread(target=on_start, args=(t0,)) if on_start else None
    if worker:
        worker.start()
    proc.wait()
    if worker:
        worker.join()
    if proc.returncode != 0:
        raise RuntimeError("realbed-loadgen failed")
    rows = []
    with open(out) as f:
        for r in csv.DictReader(f):
            end = float(r["end"]) if r["end"] else math.inf
            rows.append((float(r["intended"]), end, int(r["status"])))
    return rows


def percentile(values, q):
    if not values:
        return math.nan
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


def steady(rows, warmup, duration):
    """Mean and p99 of the successful requests done in [warmup, duration), and the errors.

    As ScaleLab counts them: by the time a request ends (a request still in
    flight at the end is not counted)."""
    lat = [e - i for i, e, s in rows if warmup <= e < duration and s == 200]
    errors = sum(1 for i, e, s in rows if warmup <= e < duration and s != 200)
    return {"mean": statistics.fmean(lat), "p99": percentile(lat, 0.99), "errors": errors}


def timeline(rows, width, until):
    """Per bin of completion time: throughput (1/s), p50 and p99 (s) of successful requests."""
    n = int(math.ceil(until / width))
    bins = [[] for _ in range(n)]
    for i, e, s in rows:
        if s == 200 and e < until:
            bins[int(e / width)].append(e - i)
    return [{"start": k * width, "throughput": len(b) / width, "p50": percentile(b, 0.5) if b else 0.0,
             "p99": percentile(b, 0.99) if b else 0.0} for k, b in enumerate(bins)]


def timeline_figures(case, bins):
    """The case's timeline figures from bins (measured or predicted alike)."""
    w = case["bin"]
    out = {}
    if "spike" in case:
        s0, s1 = case["spike"]
        base = statistics.median(b["p50"] for b in bins if case["warmup"] <= b["start"] < s0)
        out["peak bin p99"] = max(b["p99"] for b in bins)
        drained = next((b["start"] + w for b in bins if b["start"] >= s1 and b["p50"] <= 1.5 * base), math.nan)
        out["drain time"] = drained - s1
        busy = [b["throughput"] for b in bins if s0 + 0.5 <= b["start"] and b["start"] + w <= drained - w]
        out["throughput while backlogged"] = statistics.fmean(busy) if busy else math.nan
    if "kill" in case:
        _, k0, k1 = case["kill"]
        base = statistics.median(b["p99"] for b in bins if case["warmup"] <= b["start"] < k0)
        down = [b["p99"] for b in bins if k0 + 0.5 <= b["start"] and b["start"] + w <= k1]
        out["bin p99 while one is down"] = statistics.fmean(down)
        out["bin p99 before the kill"] = base
        after = [b["p99"] for b in bins if k1 + 3 <= b["start"] and b["start"] + w <= case["duration"]]
        out["bin p99 3 s after restart"] = statistics.fmean(after)
    return out


def hop_cost(args, scratch, seed):
    """Mean latency of an instant answer, direct and through nginx (s)."""
    backend = Backend(args.backend, "zero", seed)
    proxy = None
    try:
        rows = load(args.loadgen, backend.port, [(0, 300)], 3, seed, os.path.join(scratch, "hop-direct.csv"))
        direct = steady(rows, 0.5, 3)["mean"]
        proxy = Nginx(args.nginx, os.path.join(scratch, "hop-nginx"), "round_robin", [backend.port])
        rows = load(args.loadgen, proxy.port, [(0, 300)], 3, seed, os.path.join(scratch, "hop-nginx.csv"))
        through = steady(rows, 0.5, 3)["mean"]
    finally:
        if proxy:
            proxy.stop()
        backend.stop()
    return direct, through


def measure(args, case, scratch, seed):
    backends = [Backend(args.backend, mode, seed * 10 + k) for k, mode in enumerate(case["backends"])]
    proxy = None
    try:
        port = backends[0].port
        if case["policy"]:
            proxy = Nginx(args.nginx, os.path.join(scratch, "nginx"), case["policy"], [b.port for b in backends])
            port = proxy.port

        def faults(t0):
            k, at, back = case["kill"]
            time.sleep(max(0.0, t0 + at - time.monotonic()))
            backends[k].kill()
            time.sleep(max(0.0, t0 + back - time.monotonic()))
            backends[k].restart()

        rows = load(args.loadgen, port, case["rate"], case["duration"], seed, os.path.join(scratch, "requests.csv"),
                    faults if "kill" in case else None)
    finally:
        if proxy:
            proxy.stop()
        served = [(b.mode, b.stop()) for b in backends]
    figures = steady(rows, case["warmup"], case["duration"])
    figures.update(timeline_figures(case, timeline(rows, case["bin"], case["duration"])))
    service = {}
    for mode in case["service"]:
        held = [s for m, s in served if m == mode and s]
        service[mode] = sum(n * h for n, h in held) / sum(n for n, _ in held)
    return figures, service


def predict(args, case, zone, overhead, service, scratch):
    out = os.path.join(scratch, "sim")
    cmd = [args.cli, "run", os.path.join(STUDIES, case["study"]), "--format", "json", "--out", out,
           "--series", "all", "--replications", str(args.replications),
           "--set", f"network.latency.zone={zone * 1e6:.1f}us"]
    for mode, path in case["service"].items():
        if isinstance(path, tuple):
            # A slower group of the same service: its speed is the ratio of
            # the two backends' measured service times.
            base, speed = path
            cmd += ["--set", f"{speed}={service[base] / service[mode]:.6f}"]
        else:
            cmd += ["--set", f"{path}=exponential({service[mode] * 1e3:.4f}ms)"]
    if case["policy"]:
        cmd += ["--set", f"variants.realbed.components.nginx.overhead={overhead * 1e6:.1f}us"]
    summary = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    f = summary["figures"]
    requests = f["offered"]["mean"] * (case["duration"] - case["warmup"])
    figures = {"mean": f["mean"]["mean"], "p99": f["p99"]["mean"],
               "errors": (1 - f["availability"]["mean"]) * requests}
    # Timeline figures per replication, then their median: as the measured
    # ones (per run, median of the repeats). The per-bin mean over
    # replications would not do: its drain ends with the latest replication's.
    bins = {}
    with open(os.path.join(out, "timeseries-all.csv")) as fh:
        for r in csv.DictReader(fh):
            bins.setdefault(r["replication"], []).append(
                {"start": float(r["start"]), "throughput": float(r["throughput"]), "p50": float(r["p50"]),
                 "p99": float(r["p99"])})
    per_replication = [timeline_figures(case, b) for b in bins.values()]
    for key in (per_replication[0] if per_replication else {}):
        figures[key] = statistics.median(f[key] for f in per_replication)
    return figures


def row_tolerance(case, metric):
    """(relative, absolute) tolerance of a figure: the larger one applies."""
    rel = case.get("tolerance", TOLERANCE)
    if metric == "errors":
        return 0.0, 0.002 * sum(rps for _, rps in case["rate"][:1]) * case["duration"]
    if metric == "drain time":
        return rel, 2 * case["bin"]  # the drain ends on a bin's edge
    return rel, 0.0


def fmt(metric, v):
    if math.isnan(v):
        return "n/a"
    if metric == "errors":
        return f"{v:.0f}"
    if metric.startswith("throughput"):
        return f"{v:.0f}/s"
    if metric == "drain time":
        return f"{v:.2f} s"
    return f"{v * 1e3:.1f} ms"


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--backend", required=True)
    p.add_argument("--loadgen", required=True)
    p.add_argument("--cli", required=True)
    p.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx")
    p.add_argument("--work", default="realbed-runs", help="scratch folder (request CSVs, nginx, results)")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--replications", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--case", action="append", help="run only these cases (by name)")
    args = p.parse_args()
    if not os.access(args.nginx, os.X_OK):
        sys.exit(f"realbed: nginx not found at {args.nginx} (Debian package nginx)")
    cases = [c for c in CASES if not args.case or c["name"] in args.case]
    if not cases:
        sys.exit("realbed: no such case; known: " + ", ".join(c["name"] for c in CASES))
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)

    started = time.monotonic()
    hops = [hop_cost(args, os.path.join(work, f"hop-{r}"), args.seed + r) for r in range(args.repeats)]
    direct = statistics.median(h[0] for h in hops)
    through = statistics.median(h[1] for h in hops)
    zone = direct / 2                       # one hop each way
    overhead = max(0.0, through - 2 * direct)  # nginx's own time, beyond its two extra hops
    print(f"hop cost: instant answer {direct * 1e6:.0f} us direct, {through * 1e6:.0f} us through nginx "
          f"-> network.latency.zone {zone * 1e6:.1f} us, nginx overhead {overhead * 1e6:.1f} us")

    measured, service = {}, {}
    for case in cases:
        results = [measure(args, case, os.path.join(work, case["name"], f"run-{r}"), args.seed + 100 * r)
                   for r in range(args.repeats)]
        runs = [f for f, _ in results]
        measured[case["name"]] = runs
        # The service time the study gets: what the workers really held (the
        # sleep plus each thread's wake-up, read and write), median of the runs.
        service[case["name"]] = {m: statistics.median(s[m] for _, s in results) for m in case["service"]}
        print(f"measured {case['name']}: service " +
              ", ".join(f"{m} {v * 1e3:.3f} ms" for m, v in service[case["name"]].items()) + "; " +
              ", ".join(f"{k} {fmt(k, statistics.median(r[k] for r in runs))}" for k in runs[0]), flush=True)
    real_time = time.monotonic() - started
    predicted = {c["name"]: predict(args, c, zone, overhead, service[c["name"]], os.path.join(work, c["name"]))
                 for c in cases}

    print(f"\n| case | figure | measured (median of {args.repeats}; range) | predicted | difference | tolerance | verdict |")
    print("|---|---|---|---|---|---|---|")
    failed = 0
    for case in cases:
        runs, pred = measured[case["name"]], predicted[case["name"]]
        for metric in runs[0]:
            values = [r[metric] for r in runs]
            m, lo, hi, q = statistics.median(values), min(values), max(values), pred[metric]
            rel, absolute = row_tolerance(case, metric)
            diff = abs(m - q)
            ok = diff <= max(rel * abs(q), absolute)
            failed += not ok
            rel_text = f"{(m - q) / q * 100:+.1f}%" if q else f"{m - q:+.0f}"
            tol_text = f"{rel * 100:.0f}%" + (f" or {fmt(metric, absolute)}" if absolute else "")
            if metric == "errors":
                tol_text = f"{absolute:.0f}"
            print(f"| {case['title']} | {metric} | {fmt(metric, m)} ({fmt(metric, lo)}..{fmt(metric, hi)}) | "
                  f"{fmt(metric, q)} | {rel_text} | {tol_text} | {'ok' if ok else 'OFF'} |")
    print(f"\nreal runs {real_time:.0f} s; {failed} figure(s) off by more than their tolerance")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
