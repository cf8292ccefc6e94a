"""A `simulate` batch with its outputs: one run per setting of the sweep (a single run without
one), per-game and per-turn rows (made by the workers) streamed to their files as chunks finish,
and the summaries the report needs. Ctrl-C keeps the rows written so far (the files are committed) and raises
`BatchStopped` with the runs finished or begun (so does a worker that dies)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.engine.compiled import compile_scenario
from wargame.files.write import Output, OutputStream
from wargame.scenario.loader import LoadedScenario
from wargame.sim.records import describe
from wargame.sim.runner import BatchInterrupted, BatchSpec, ChunkResult, scenario_for, simulate
from wargame.sim.summary import Summary
from wargame.sim.tables import TableSpec, TableWriter, game_columns, turn_columns

Settings = tuple[tuple[str, float], ...]
Executor = Callable[[BatchSpec, list[tuple[int, int]]], Iterator[ChunkResult]]


@dataclass
class Run:
    """One batch of the sweep: its settings, its `--json` report and (for `--report`) its summary."""

    settings: Settings
    report: dict[str, Any]
    summary: Summary | None


@dataclass(frozen=True)
class TableTarget:
    output: Output
    fmt: str


class BatchStopped(Exception):
    """Ctrl-C stopped the batch, or a worker died (`failure` says how); `runs` holds the finished
    runs and the partial one."""

    def __init__(self, runs: list[Run], failure: str | None = None) -> None:
        super().__init__(failure or "interrupted")
        self.runs = runs
        self.failure = failure


def run_batch(
    scenario: LoadedScenario,
    games: int,
    seed: int,
    seats: dict[str, str],
    jobs: int,
    runs: list[Settings],
    *,
    rows: TableTarget | None = None,
    turns: TableTarget | None = None,
    summary: bool = False,
    progress: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> list[Run]:
    """Play `games` games for each settings of `runs` (same seeds each time)."""
    names = list(dict.fromkeys(name for settings in runs for name, _ in settings))
    desc = describe(compile_scenario(scenario_for(BatchSpec(str(scenario.path), (), runs[0]))))
    done: list[Run] = []
    with ExitStack() as stack:
        row_out = _open(stack, rows, game_columns(desc, names))
        turn_out = _open(stack, turns, turn_columns(desc, names))
        tables = TableSpec(rows.fmt if rows else None, turns.fmt if turns else None, tuple(names))

        def write(games: str, per_turn: str) -> None:
            if row_out is not None:
                row_out.write(games)
            if turn_out is not None:
                turn_out.write(per_turn)

        for settings in runs:
            values = dict(settings)
            acc = Summary() if summary else None
            try:
                report = simulate(
                    Path(scenario.path),
                    games,
                    seed,
                    seats,
                    jobs,
                    progress,
                    settings=settings,
                    tables=tables if (row_out or turn_out) else None,
                    on_rows=write if (row_out or turn_out) else None,
                    summary=acc,
                    results=executor,
                )
            except BatchInterrupted as exc:
                for out in (row_out, turn_out):
                    if out is not None:
                        out.commit()
                raise BatchStopped([*done, Run(settings, exc.report, exc.summary)], exc.failure) from None
            if settings:
                report["settings"] = values
            done.append(Run(settings, report, acc))
        for out in (row_out, turn_out):
            if out is not None:
                out.commit()
    return done


def _open(stack: ExitStack, target: TableTarget | None, columns: list[str]) -> OutputStream | None:
    """The table's file with its header written (the rows come from the workers, already made)."""
    if target is None:
        return None
    stream = OutputStream(target.output)
    stack.callback(stream.discard)  # a no-op once committed
    stream.write(TableWriter(target.fmt, columns).header())
    return stream
