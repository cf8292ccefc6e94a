"""Playing games with bots, and batch simulation over many seeds.

Game i of a batch with base seed S uses seed S + i, so results do not depend on how the
batch is split across worker processes; aggregates are merged in chunk order."""

from __future__ import annotations

import gc
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from wargame.bots.turn import bot_turn
from wargame.engine.compiled import batch_form, compile_scenario
from wargame.engine.game import Game
from wargame.scenario.loader import LoadedScenario, load_scenario
from wargame.sim import fastplay
from wargame.sim.fastplay import play_record
from wargame.sim.rates import Rates, end_kind
from wargame.sim.records import GameRecord, card_outcomes, describe
from wargame.sim.summary import Summary
from wargame.sim.tables import TableSpec, chunk_rows
from wargame.sim.workers import WorkerDied, ordered_map

END_KINDS = ("resolution", "frozen", "war", "nuclear", "timeout")


def play_bots(
    scenario: LoadedScenario,
    seed: int,
    seats: dict[str, str],
    keep_history: bool = False,
    checked: bool = False,
    narrate: bool = True,
) -> Game:
    """A whole game with every seat a bot. The batch does not re-check the bots' orders unless
    `checked` (the interactive path does; the games are the same either way), and with
    `narrate=False` (batch mode) writes no event texts or explanations."""
    game = Game.new(scenario, seed, keep_history=keep_history, narrate=narrate)
    bots: dict[str, Any] = {}
    while not game.over:
        bot_turn(game, seats, bots, trusted=not checked)
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

    def add(self, record: GameRecord) -> None:
        self.games += 1
        self.end_kinds[end_kind(record)] += 1
        self.peak_rung[record.peak_rung] += 1
        self.turns += record.end_turn
        for mediator, times in record.activations.items():
            self.mediation[mediator] += times
        self.rates.add(record)

    def merge(self, other: Tally) -> None:
        self.games += other.games
        self.end_kinds.update(other.end_kinds)
        self.peak_rung.update(other.peak_rung)
        self.turns += other.turns
        self.mediation.update(other.mediation)
        self.rates.merge(other.rates)


@dataclass(frozen=True)
class BatchSpec:
    """What every chunk of a batch needs, small enough to send to a worker process or a cluster."""

    path: str
    seats: tuple[tuple[str, str], ...]
    settings: tuple[tuple[str, float], ...] = ()
    """`--set` overrides (path, value), applied to the card and rulebook before play."""
    records: bool = False
    """Return each game's `GameRecord` (or, with `tables`, its rows)."""
    tables: TableSpec | None = None
    """Return the chunk's rows for `--rows` / `--turns` as text, made in the worker: making a game's
    rows costs a fraction of sending its record back (measured: ~80 µs against ~330 µs to serialise
    the record and read it back in the parent), and the parent only writes them."""
    summary: bool = False
    """Return a `Summary` of the chunk (for `--report`)."""
    files: tuple[tuple[str, bytes], ...] = ()
    """The card and rulebook themselves (`scenarios/NAME`, `rules/NAME` → bytes), for workers that
    may not share this machine's files (a cluster): loaded from a private copy, checked as usual."""


@dataclass
class ChunkResult:
    tally: Tally
    summary: Summary | None = None
    records: list[GameRecord] = field(default_factory=list)
    rows: tuple[str, str] = ("", "")
    """With `BatchSpec.tables`: the chunk's per-game and per-turn rows (its records are not returned)."""


_SCENARIOS: dict[tuple[str, tuple[tuple[str, float], ...]], LoadedScenario] = {}


def scenario_for(spec: BatchSpec) -> LoadedScenario:
    """The card of a batch with its `--set` overrides applied (loaded once per process)."""
    key = (spec.path, spec.settings)
    hit = _SCENARIOS.get(key)
    if hit is None:
        hit = load_scenario(_materialise(spec.files) if spec.files else spec.path)
        if spec.settings:
            from wargame.scenario.overrides import apply_settings

            hit = apply_settings(hit, spec.settings)
        _SCENARIOS.clear()  # one batch at a time: keep only the current card
        _SCENARIOS[key] = hit
    return hit


_COPIES: dict[int, str] = {}


def _materialise(files: tuple[tuple[str, bytes], ...]) -> str:
    """Write a shipped card and rulebook into a private folder of this process (once); the card's path."""
    key = hash(files)
    if key not in _COPIES:
        import atexit
        import shutil
        import tempfile

        root = Path(tempfile.mkdtemp(prefix="wargame-batch-"))
        atexit.register(shutil.rmtree, root, True)
        for rel, data in files:
            folder, _, name = rel.partition("/")
            if folder not in ("scenarios", "rules") or Path(name).name != name or not name:
                raise ValueError(f"not a card or rulebook file name: {rel!r}")
            target = root / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _COPIES[key] = str(root / files[0][0])
    return _COPIES[key]


def run_chunk(spec: BatchSpec, bounds: tuple[int, int]) -> ChunkResult:
    """Play the games with seeds in [bounds[0], bounds[1]) (a picklable entry point for any executor);
    with `spec.tables`, the chunk's rows are made here and its records dropped."""
    scenario = scenario_for(spec)
    seats = dict(spec.seats)
    result = ChunkResult(Tally(), Summary() if spec.summary else None)
    want = spec.records or spec.summary
    outcomes = card_outcomes(batch_form(scenario)) if want else ()
    n_turns = len(scenario.card.calendar)
    with _no_cycle_collection():
        for s in range(*bounds):
            record = play_record(scenario, s, seats, outcomes, path=want)
            result.tally.add(record)
            if spec.records:
                result.records.append(record)
            if result.summary is not None:
                result.summary.add(record, n_turns)
    if spec.tables is not None:
        desc = describe(compile_scenario(scenario))
        result.rows = chunk_rows(spec.tables, result.records, desc, seats, dict(spec.settings))
        result.records = []
    return result


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused for one chunk: a game makes no reference cycles worth
    collecting (reference counting frees it), yet its many small objects would set the
    collector off again and again, each time walking the loaded card's objects too (measured:
    +13% games/s). Turned back on after the chunk, as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


MAX_CHUNK = 250
"""Games per chunk at most: results, progress and rows come in often, and a chunk's records stay small."""
MIN_CHUNK = 4
"""Games per chunk at least, at the end of a batch (a few milliseconds of play per chunk)."""


def chunks(seed: int, n: int, jobs: int) -> list[tuple[int, int]]:
    """The seed ranges of a batch, in order: chunks shrink as the batch goes (each about 1/(4·jobs)
    of the games still to come, at most `MAX_CHUNK`, at least `MIN_CHUNK`), so that early on each
    result costs little next to its games, and at the end no worker is left playing a long chunk
    while the others have nothing to do. How a batch is cut never changes its results."""
    parts = []
    start = 0
    while start < n:
        size = max(MIN_CHUNK, min(MAX_CHUNK, -(-(n - start) // (4 * jobs))))
        parts.append((seed + start, seed + min(n, start + size)))
        start += size
    return parts


def prepare(spec: BatchSpec) -> None:
    """Build everything the games of a batch need from its card (loaded, compiled, the batch form
    and its starting variables) in this process, before workers are forked: they inherit it all and
    start on their first game at once, instead of each building it again."""
    fastplay.prepare(scenario_for(spec))


def _local_results(spec: BatchSpec, parts: list[tuple[int, int]], jobs: int) -> Iterator[ChunkResult]:
    if jobs <= 1 or len(parts) <= 1:
        for bounds in parts:
            yield run_chunk(spec, bounds)
        return
    prepare(spec)
    yield from ordered_map(partial(run_chunk, spec), parts, jobs)


class _StopOnInterrupt:
    """The first Ctrl-C asks the batch to stop after the chunk in hand (so every game counted is
    whole and its rows are written whole); a second one stops at once. Only in the main thread."""

    def __init__(self) -> None:
        self.requested = False
        self._previous: Any = None

    def _handle(self, signum: int, frame: Any) -> None:
        import signal

        self.requested = True
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __enter__(self) -> _StopOnInterrupt:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


class BatchInterrupted(Exception):
    """Ctrl-C stopped a batch, or a worker died (`failure` says how); `report` covers the games
    finished before it."""

    def __init__(self, report: dict[str, Any], summary: Summary | None, failure: str | None = None) -> None:
        super().__init__(failure or f"interrupted after {report['games']} games")
        self.report = report
        self.summary = summary
        self.failure = failure


def simulate(
    path: Path,
    n: int,
    seed: int,
    seats: dict[str, str],
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    settings: tuple[tuple[str, float], ...] = (),
    tables: TableSpec | None = None,
    on_rows: Callable[[str, str], None] | None = None,
    summary: Summary | None = None,
    results: Callable[[BatchSpec, list[tuple[int, int]]], Iterator[ChunkResult]] | None = None,
) -> dict[str, Any]:
    """Play n games (seeds seed … seed+n−1) and return the aggregate report.

    With `tables`, `on_rows` receives each chunk's per-game and per-turn rows (text in those
    tables' formats) in seed order; `summary`, when given, is filled for the simulation report;
    `results` runs the chunks elsewhere (a cluster) and must yield them in order. Ctrl-C, or a
    worker that dies, raises BatchInterrupted with the report of the finished games."""
    started = time.perf_counter()
    total = Tally()
    spec = BatchSpec(
        str(path),
        tuple(sorted(seats.items())),
        tuple(settings),
        records=tables is not None,
        summary=summary is not None,
        tables=tables,
    )
    parts = chunks(seed, n, jobs)
    stream = results(spec, parts) if results is not None else _local_results(spec, parts, jobs)
    failure = None
    try:
        with _StopOnInterrupt() as stop:
            for bounds, part in zip(parts, stream, strict=False):
                total.merge(part.tally)
                if summary is not None and part.summary is not None:
                    summary.merge(part.summary)
                if on_rows is not None:
                    on_rows(*part.rows)
                if progress:
                    progress(bounds[1] - bounds[0])
                if stop.requested:
                    raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    except WorkerDied as exc:
        failure = str(exc)
    else:
        elapsed = time.perf_counter() - started
        return report(total, seed, seats, elapsed, jobs)
    finally:  # however the loop ends, no worker outlives it
        close = getattr(stream, "close", None)
        if close is not None:
            close()
    elapsed = time.perf_counter() - started
    raise BatchInterrupted(report(total, seed, seats, elapsed, jobs), summary, failure)


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
