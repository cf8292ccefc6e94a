"""Playing games with bots, and batch simulation over many seeds.

Game i of a batch with base seed S uses seed S + i, so results do not depend on how the
batch is split across worker processes; aggregates are merged in chunk order."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.scenario.loader import LoadedScenario, load_scenario
from wargame.sim.rates import Rates, game_facts

END_KINDS = ("resolution", "frozen", "war", "nuclear", "timeout")


def play_bots(scenario: LoadedScenario, seed: int, seats: dict[str, str], keep_history: bool = False) -> Game:
    """A whole game with every seat a bot."""
    game = Game.new(scenario, seed, keep_history=keep_history)
    bots: dict[str, Any] = {}
    while not game.over:
        bot_turn(game, seats, bots)
        game.adjudicate()
    return game


@dataclass
class Tally:
    """Aggregates of a batch; merging two tallies is exact and order-independent."""

    games: int = 0
    end_kinds: Counter[str] = field(default_factory=Counter)
    peak_rung: Counter[int] = field(default_factory=Counter)
    turns: int = 0
    mediation: Counter[str] = field(default_factory=Counter)
    rates: Rates = field(default_factory=Rates)

    def add(self, game: Game) -> None:
        s = game.state
        self.games += 1
        self.end_kinds[s.end or "timeout"] += 1
        self.peak_rung[int(s.vars["peak_rung"])] += 1
        self.turns += len(s.inputs)
        for med in game.compiled.rules.mediators:
            self.mediation[med.id] += int(s.vars.get(f"{med.id}.activations", 0))
        self.rates.add(game_facts(game))

    def merge(self, other: Tally) -> None:
        self.games += other.games
        self.end_kinds.update(other.end_kinds)
        self.peak_rung.update(other.peak_rung)
        self.turns += other.turns
        self.mediation.update(other.mediation)
        self.rates.merge(other.rates)


_WORKER: dict[str, Any] = {}


def _init_worker(path: str, seats: dict[str, str]) -> None:
    _WORKER["scenario"] = load_scenario(path)
    _WORKER["seats"] = seats


def _run_chunk(bounds: tuple[int, int]) -> Tally:
    scenario, seats = _WORKER["scenario"], _WORKER["seats"]
    tally = Tally()
    for s in range(*bounds):
        tally.add(play_bots(scenario, s, seats))
    return tally


def chunks(seed: int, n: int, size: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, size):
        yield (seed + start, seed + min(n, start + size))


def simulate(
    path: Path,
    n: int,
    seed: int,
    seats: dict[str, str],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Play n games (seeds seed … seed+n−1) and return the aggregate report."""
    started = time.perf_counter()
    total = Tally()
    size = max(1, min(250, n // (jobs * 8) or 1))
    parts = list(chunks(seed, n, size))
    if jobs <= 1:
        _init_worker(str(path), seats)
        for bounds in parts:
            total.merge(_run_chunk(bounds))
            if progress:
                progress(bounds[1] - bounds[0])
    else:
        import multiprocessing as mp

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(str(path), seats)) as pool:
            for bounds, tally in zip(parts, pool.imap(_run_chunk, parts), strict=True):
                total.merge(tally)
                if progress:
                    progress(bounds[1] - bounds[0])
    elapsed = time.perf_counter() - started
    return report(total, seed, seats, elapsed, jobs)


def report(t: Tally, seed: int, seats: dict[str, str], elapsed: float, jobs: int) -> dict[str, Any]:
    return {
        "games": t.games,
        "seed": seed,
        "seats": dict(sorted(seats.items())),
        "end_kinds": {k: t.end_kinds.get(k, 0) for k in END_KINDS},
        "peak_rung": {str(r): t.peak_rung[r] for r in sorted(t.peak_rung)},
        "mean_turns": round(t.turns / t.games, 6) if t.games else 0.0,
        "mediation": dict(sorted(t.mediation.items())),
        "rates": t.rates.report(),
        "games_per_second": round(t.games / elapsed, 1) if elapsed > 0 else None,
        "jobs": jobs,
        "cpus": os.cpu_count(),
    }
