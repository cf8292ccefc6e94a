"""Where a `wargame simulate --jobs 2` batch loses time outside its games, for a shared machine
where the games/s ratio of --jobs 2 to --jobs 1 swings with the neighbours' load.

Runs the real command (`cli.main`, through a small wrapper that times every chunk a worker plays
and the batch itself) and reports, per batch: how long after the batch's start each worker began
its first game (fork and start-up), how long each worker sat idle at the end (the last chunks),
the share of the batch's span the workers spent playing chunks ("busy"; the rest is overhead),
and the CPU the main process used during the batch (it shares the cores with the workers). A
chunk's wall time counts as busy even when a neighbour preempts it, so the busy share is much
steadier than games/s under load. With `--base REV`, a git revision exported to a temporary
folder is measured too, alternating with this checkout.

Run:  python tests/benchmarks/bench_workers.py [-n 1000] [--repeats 5] [--base REV]

2 x busy share is the speed-up --jobs 2 would give over a batch on one core with no overhead,
on two free cores with games costing the same CPU on either; the target (DESIGN.md §9) is 1.8x.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CARD = ROOT / "scenarios" / "balakot-2019.yaml"
WRAP = """
import json, os, resource, sys, time
import wargame.sim.runner as runner
log = sys.argv[1]
play = runner.run_chunk
def timed(spec, bounds):
    start = time.perf_counter()
    result = play(spec, bounds)
    with open(log, "a") as f:
        f.write(json.dumps(["chunk", os.getpid(), start, time.perf_counter()]) + "\\n")
    return result
runner.run_chunk = timed
batch = runner.simulate
def simulate(*args, **kwargs):
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    report = batch(*args, **kwargs)
    end = time.perf_counter()
    used = resource.getrusage(resource.RUSAGE_SELF)
    parent = used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime
    with open(log, "a") as f:
        f.write(json.dumps(["batch", start, end, parent, report["games_per_second"]]) + "\\n")
    return report
runner.simulate = simulate
import wargame.sim.batch
wargame.sim.batch.simulate = simulate
from wargame.cli import main
main(sys.argv[2:])
"""


def measure(code_root: Path, n: int, seed: int, folder: Path) -> dict[str, float]:
    log = folder / "chunks.log"
    log.unlink(missing_ok=True)
    cmd = [sys.executable, "-c", WRAP, str(log), "simulate", str(CARD), "-n", str(n), "--seed", str(seed)]
    cmd += ["--jobs", "2", "--json", str(folder / "report.json")]
    env = dict(os.environ, PYTHONPATH=str(code_root))
    subprocess.run(cmd, cwd=code_root, env=env, check=True, stdout=subprocess.DEVNULL)
    lines = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines()]
    (_, start, end, parent, gps) = next(x for x in lines if x[0] == "batch")
    workers: dict[int, list[tuple[float, float]]] = {}
    for _, pid, a, b in (x for x in lines if x[0] == "chunk"):
        workers.setdefault(pid, []).append((a, b))
    span = end - start
    first = max(min(a for a, _ in c) - start for c in workers.values())
    idle_end = statistics.mean(end - max(b for _, b in c) for c in workers.values())
    busy = sum(b - a for c in workers.values() for a, b in c) / (len(workers) * span)
    return {"gps": gps, "span": span, "first": first, "idle_end": idle_end, "busy": busy, "parent": parent}


def export(rev: str, into: Path) -> Path:
    """The `wargame` package as of git revision `rev`, in a folder of its own."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", rev, "wargame"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000, help="games per batch")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--base", help="a git revision to compare with (e.g. main, HEAD~3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sides = {"this checkout": ROOT}
        if args.base:
            sides[args.base] = export(args.base, Path(tmp) / "base")
        runs: dict[str, list[dict[str, float]]] = {name: [] for name in sides}
        loads = [os.getloadavg()[0]]
        for r in range(args.repeats):
            order = list(sides.items()) if r % 2 == 0 else list(reversed(sides.items()))
            for name, root in order:
                runs[name].append(measure(root, args.n, r * args.n, Path(tmp)))
            loads.append(os.getloadavg()[0])
    med = statistics.median
    print(f"balakot-2019, every seat historical, simulate --jobs 2, n={args.n} x {args.repeats} (medians)")
    print(f"load average (1 min) during the run: {min(loads):.2f}-{max(loads):.2f}")
    for name, got in runs.items():
        busy = med(x["busy"] for x in got)
        print(
            f"{name}: {med(x['gps'] for x in got):.0f} games/s, batch {med(x['span'] for x in got) * 1e3:.0f} ms;"
            f" last worker's first game after {med(x['first'] for x in got) * 1e3:.1f} ms;"
            f" idle at the end {med(x['idle_end'] for x in got) * 1e3:.1f} ms per worker;"
            f" main process CPU during the batch {med(x['parent'] for x in got) * 1e3:.0f} ms;"
            f" workers busy {busy * 100:.1f}% of the batch (2 x busy = {2 * busy:.2f}x)"
        )


if __name__ == "__main__":
    main()
