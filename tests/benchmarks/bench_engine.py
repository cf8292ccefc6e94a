"""Engine throughput: games per second for balakot-2019 with every seat `historical`, through
the real `wargame simulate` (a subprocess running the CLI, its `--json` report's
games_per_second) with --jobs 1 and --jobs 2, against a hand-written toy loop of the same size
measured in the same run, alternating so a noisy neighbour hits all alike; the batch engine
(`sim.fastplay`) in process against the engine's own batch mode (`play_bots(narrate=False)` and
`record_game`: the same games) and against the logged, checked (interactive) path; and the
median time to adjudicate one turn (4 teams). Prints medians, both sides of every ratio, the CPU time the simulate
processes used (so worker overhead shows even when the machine is shared) and the load average.

Run:  python tests/benchmarks/bench_engine.py [-n 2000] [--repeats 5]

DESIGN.md §9 targets: ≥ 2,000 games/s on one core (toy loop ≈ 4,000), ≥ 1.8× on two
workers, ≤ 1 ms median per adjudicated turn.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.scenario.loader import load_scenario
from wargame.sim.fastplay import play_record
from wargame.sim.records import record_game
from wargame.sim.runner import BatchSpec, play_bots, run_chunk

ROOT = Path(__file__).resolve().parents[2]
CARD = ROOT / "scenarios" / "balakot-2019.yaml"
SEATS = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}


def toy_game(seed: int, n_vars: int = 120, n_moves: int = 44, turns: int = 9, teams: int = 4) -> float:
    """The floor: a hand-written loop of the same size — 9 turns, 4 teams choosing among 44
    moves with a threshold precondition each, 3 effects per move, one roll per move, a
    12-state threshold machine, clamping — and none of the engine's explanations."""
    rng = random.Random(seed)
    v = [0.5] * n_vars
    thresholds = [(i * 7) % n_vars for i in range(n_moves)]
    effects = [[((i + j) % n_vars, 0.01 * ((i + j) % 5 - 2)) for j in range(3)] for i in range(n_moves)]
    state = 0
    for _ in range(turns):
        for team in range(teams):
            legal = [m for m in range(n_moves) if v[thresholds[m]] >= 0.3 + 0.01 * team]
            for m in legal[:2]:
                if rng.random() < 0.6:
                    for k, d in effects[m]:
                        x = v[k] + d
                        v[k] = 0.0 if x < 0 else 1.0 if x > 1 else x
        state = min(11, state + (1 if v[0] > 0.5 else 0))
    return v[0] + state


def per_second(fn, n: int, repeats: int) -> list[float]:
    rates = []
    for r in range(repeats):
        start = time.perf_counter()
        for i in range(n):
            fn(r * n + i)
        rates.append(n / (time.perf_counter() - start))
    return rates


def simulate_cli(n: int, seed: int, jobs: int, folder: Path) -> tuple[float, float, float]:
    """`wargame simulate` as a user runs it: (games/s from its --json report, wall seconds of
    the whole command, CPU seconds of the command and its workers)."""
    out = folder / f"sim-{jobs}-{seed}.json"
    cmd = [sys.executable, "-m", "wargame", "simulate", str(CARD), "-n", str(n), "--seed", str(seed)]
    cmd += ["--jobs", str(jobs), "--json", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return json.loads(out.read_text(encoding="utf-8"))["games_per_second"], wall, cpu


def turn_times(scenario, games: int) -> list[float]:
    times = []
    for seed in range(games):
        game = Game.new(scenario, seed, keep_history=False, narrate=False)
        bots: dict = {}
        while not game.over:
            bot_turn(game, SEATS, bots, trusted=True)
            start = time.perf_counter()
            game.adjudicate()
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="games per measurement")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    n = args.n
    scenario = load_scenario(CARD)
    spec = BatchSpec(str(CARD), tuple(sorted(SEATS.items())))
    run_chunk(spec, (0, 50))  # warm the compiled scenario
    toy: list[float] = []
    sims: dict[int, list[tuple[float, float, float]]] = {1: [], 2: []}
    batch: list[float] = []
    fast: list[float] = []
    quiet: list[float] = []
    logged: list[float] = []
    loads = [os.getloadavg()]
    with tempfile.TemporaryDirectory() as tmp:
        for r in range(args.repeats):  # alternating, so a noisy neighbour hits every side alike
            toy += per_second(toy_game, n, 1)
            for jobs in (1, 2):
                sims[jobs].append(simulate_cli(n, r * n, jobs, Path(tmp)))
            start = time.perf_counter()
            run_chunk(spec, (r * n, r * n + n))
            batch.append(n / (time.perf_counter() - start))
            fast += per_second(lambda s: play_record(scenario, s, SEATS, (), False), max(1, n // 2), 1)
            quiet += per_second(
                lambda s: record_game(play_bots(scenario, s, SEATS, narrate=False), (), False), max(1, n // 2), 1
            )
            logged += per_second(lambda s: play_bots(scenario, s, SEATS, checked=True), max(1, n // 2), 1)
            loads.append(os.getloadavg())
    turns = turn_times(scenario, max(50, n // 10))
    med = statistics.median
    one, two = med(x[0] for x in sims[1]), med(x[0] for x in sims[2])
    cpu1, cpu2 = med(x[2] for x in sims[1]), med(x[2] for x in sims[2])
    wall1, wall2 = med(x[1] for x in sims[1]), med(x[1] for x in sims[2])
    print(f"balakot-2019, every seat historical; n={n} games x {args.repeats} repeats (medians)")
    print(f"load average (1 min) during the run: {min(x[0] for x in loads):.2f}-{max(x[0] for x in loads):.2f}")
    print(f"toy loop, one core:                      {med(toy):8.0f} games/s")
    print(
        f"wargame simulate --jobs 1:               {one:8.0f} games/s   "
        f"({one:.0f} / {med(toy):.0f} = {one / med(toy):.3f}x the toy loop; target >= 2000 games/s)"
    )
    print(
        f"wargame simulate --jobs 2:               {two:8.0f} games/s   "
        f"({two:.0f} / {one:.0f} = {two / one:.2f}x --jobs 1; target >= 1.8x)"
    )
    print(
        f"  whole command, wall (start-up included): --jobs 1 {wall1:.2f} s, --jobs 2 {wall2:.2f} s;"
        f" CPU --jobs 1 {cpu1:.2f} s, --jobs 2 {cpu2:.2f} s ({cpu2 / cpu1:.2f}x: the workers' overhead)"
    )
    print(
        f"  games per CPU second (start-up included; less sensitive to a shared machine): "
        f"--jobs 1 {n / cpu1:.0f}, --jobs 2 {n / cpu2:.0f}"
    )
    print(
        f"batch chunk in process (run_chunk):      {med(batch):8.0f} games/s   "
        f"(games, records and tallies; {med(batch) / med(toy):.3f}x the toy)"
    )
    print(
        f"batch engine, game and record:           {med(fast):8.0f} games/s   "
        f"(the engine's batch mode + record_game {med(quiet):.0f}: {med(fast) / med(quiet):.2f}x)"
    )
    print(f"engine, logged and checked (interactive): {med(logged):8.0f} games/s")
    print(
        f"adjudicate one turn (4 teams, batch):    {med(turns) * 1e3:8.3f} ms median, "
        f"p90 {sorted(turns)[int(len(turns) * 0.9)] * 1e3:.3f} ms (target <= 1 ms)"
    )


if __name__ == "__main__":
    main()
