"""Whole-process time of `wargame validate` on the Balakot card against the import floor.

Run:  python tests/benchmarks/bench_validate.py [-n 21]

The two commands alternate (after 2 warm-ups each) so that a noisy neighbour hits both
alike; the ratio is computed pair by pair and its median reported. DESIGN.md §9 target:
validate ≤ 2× `python -c "import yaml; from pydantic import BaseModel"` (`import pydantic` alone
is lazy and would make the floor too low). Both commands run with `.pyc` files cached outside the
checkout (`PYTHONPYCACHEPREFIX`), as an installed package has them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from alternate import alternate  # beside this script

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV["PYTHONPYCACHEPREFIX"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "wargame-bench-pycache")


def run(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def summary(name: str, xs: list[float]) -> str:
    ms = sorted(x * 1000 for x in xs)
    return f"{name:<58} min {ms[0]:6.1f}  median {statistics.median(ms):6.1f}  max {ms[-1]:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=21, help="measured runs of each command")
    args = parser.parse_args()
    script = BIN / "wargame"
    if not script.exists():
        sys.exit(f"{script} not found: run `pip install -e .` in this environment first")
    floor = [sys.executable, "-c", "import yaml; from pydantic import BaseModel"]
    target = [str(script), "validate", "-q", "scenarios/balakot-2019.yaml"]
    a, b, ratio = alternate(lambda: run(floor), lambda: run(target), args.n)
    print(f"python {sys.version.split()[0]}, n={args.n} alternating runs")
    print(summary('floor: python -c "import yaml; from pydantic import BaseModel"', a))
    print(summary("wargame validate scenarios/balakot-2019.yaml", b))
    print(f"ratio (pairwise median): {ratio:.2f}x  (target <= 2.00x)")


if __name__ == "__main__":
    main()
