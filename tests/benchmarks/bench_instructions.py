"""Engine cost as CPU instructions per game, for a shared machine where wall-clock ratios swing
by ±20%: valgrind's callgrind counts the instructions a batch of all-historical Balakot games
executes (the same count on every run), for this checkout and, with `--base REV`, for a git
revision exported to a temporary folder — both sides of the ratio in the same run.

The start-up (imports, loading the card) is taken out by counting two batch sizes and dividing
the difference by the games between them. Needs `valgrind` on the PATH; a run takes ~1.5 min
per side.

The toy loop of `bench_engine.py` (the floor of DESIGN.md §9) is counted the same way, so the
engine's cost against the floor is also a ratio that does not depend on the machine's load.

Run:  python tests/benchmarks/bench_instructions.py [--base HEAD~3] [--games 200]

Fewer instructions are not the same as more games per second (cache misses and branch
prediction differ), but a change that removes 20% of the instructions reliably runs faster;
confirm it with `bench_engine.py` on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CARD = ROOT / "scenarios" / "balakot-2019.yaml"
PLAY = """
import sys
from wargame.sim.runner import BatchSpec, run_chunk
seats = tuple((t, "bot:historical") for t in ("china", "india", "pakistan", "usa"))
run_chunk(BatchSpec(sys.argv[1], seats), (0, int(sys.argv[2])))
"""


TOY = """
import sys
sys.path.insert(0, sys.argv[1])
from bench_engine import toy_game
for i in range(int(sys.argv[2])):
    toy_game(i)
"""


def instructions(code_root: Path, games: int, code: str = PLAY) -> int:
    """Instructions callgrind counts for a process playing `games` games with the code in `code_root`."""
    env = dict(os.environ, PYTHONPATH=str(code_root))
    cmd = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-c", code]
    # run from `code_root`: `python -c` puts the working folder first on the import path
    first = str(Path(__file__).parent) if code is TOY else str(CARD)
    done = subprocess.run([*cmd, first, str(games)], cwd=code_root, env=env, capture_output=True, text=True, check=True)
    found = re.search(r"refs:\s*([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"no instruction count in valgrind's output:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def per_game(code_root: Path, games: int, code: str = PLAY) -> float:
    """Instructions per game, the start-up taken out (two batch sizes, the difference per game)."""
    small = max(1, games // 4)
    return (instructions(code_root, games, code) - instructions(code_root, small, code)) / (games - small)


def export(rev: str, into: Path) -> Path:
    """The `wargame` package as of git revision `rev`, in a folder of its own."""
    archive = subprocess.run(["git", "archive", rev, "wargame"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a git revision to compare with (e.g. HEAD~3, main)")
    parser.add_argument("--games", type=int, default=200, help="games in the larger batch")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed")
    now = per_game(ROOT, args.games)
    toy = per_game(ROOT, args.games * 5, TOY)
    print(f"this checkout:  {now / 1e6:8.3f} M instructions per game (all-historical balakot-2019, run_chunk)")
    print(f"toy loop:       {toy / 1e6:8.3f} M instructions per game ({toy / now:.3f}x the engine's)")
    if args.base:
        with tempfile.TemporaryDirectory() as tmp:
            base = per_game(export(args.base, Path(tmp)), args.games)
        print(f"{args.base}:{' ' * max(1, 15 - len(args.base))}{base / 1e6:8.3f} M instructions per game")
        print(f"ratio: {now / base:.3f}x the instructions of {args.base} ({base / now:.2f}x fewer)")


if __name__ == "__main__":
    main()
