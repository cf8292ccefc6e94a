"""Autosave time per turn and resume time of a full-length game (balakot-2019, 9 turns).

Run:  python tests/benchmarks/bench_saves.py [-n 30]

Autosave = snapshot + JSON encoding + atomic write (temp file, fsync, rename, folder fsync),
measured after each turn; the baseline is a bare `json.dumps` of the same snapshot in the same
run. Resume = read, validate, rebuild by replay and check against the snapshot. DESIGN.md §9
target: ≤ 5 ms per autosave.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.persistence.saves import Autosaver, load_game
from wargame.scenario.loader import load_scenario

ROOT = Path(__file__).resolve().parents[2]
SEATS = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="games")
    args = parser.parse_args()
    scenario = load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")
    saves, dumps, resumes, sizes = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(args.n):
            game = Game.new(scenario, seed)
            saver = Autosaver(Path(tmp), f"g{seed}")
            bots: dict = {}
            last = None
            while not game.over:
                bot_turn(game, SEATS, bots)
                game.adjudicate()
                start = time.perf_counter()
                json.dumps(game.snapshot())
                dumps.append(time.perf_counter() - start)
                start = time.perf_counter()
                last = saver.save(game, scenario, SEATS)
                saves.append(time.perf_counter() - start)
            assert last is not None
            sizes.append(last.stat().st_size)
            start = time.perf_counter()
            load_game(last)
            resumes.append(time.perf_counter() - start)
    med = statistics.median
    print(f"balakot-2019, every seat historical, {args.n} games ({len(saves)} autosaves)")
    print(
        f"autosave per turn:   median {med(saves) * 1e3:6.2f} ms  p90 {sorted(saves)[int(len(saves) * 0.9)] * 1e3:6.2f} ms  (target <= 5 ms)"
    )
    print(
        f"  baseline json.dumps of the snapshot: median {med(dumps) * 1e3:6.2f} ms  (autosave = {med(saves) / med(dumps):.1f}x)"
    )
    print(f"resume a full game:  median {med(resumes) * 1e3:6.2f} ms  (save size median {med(sizes) / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
