"""The per-game and per-turn tables of a batch (`simulate --rows`, `--turns`), as CSV or JSONL.

Columns are fixed by the card and rulebook (every inject, hazard, claim, firebreak and state
gets its column whether or not it occurs), so every row of a batch has the same columns and
`pandas.read_csv(FILE)` / `polars.read_csv(FILE)` read it without options. See
`docs/simulation.md` for the meaning of each column.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.sim.records import MEDIATION_COUNTS, GameRecord

FORMATS = ("csv", "jsonl")


def table_format(path: Path | str) -> str | None:
    """`csv` or `jsonl` from the file name, None for anything else."""
    name = str(path)
    if name.lower().endswith(".csv"):
        return "csv"
    if name.lower().endswith((".jsonl", ".ndjson")):
        return "jsonl"
    return None


def game_columns(desc: dict[str, Any], settings: Iterable[str] = ()) -> list[str]:
    """Column names of the per-game table, in order."""
    cols = [*(f"set:{name}" for name in settings), "seed"]
    cols += [f"seat_{t}" for t in desc["teams"]]
    cols += ["end", "end_turn", "peak_rung", "final_rung", "final_state"]
    cols += [f"score_{t}" for t in desc["teams"]]
    cols += [f"firebreak_{f}" for f in desc["firebreaks"]]
    cols += [f"inject_{i}" for i in desc["injects"]]
    cols += [f"hazard_{h}" for h in desc["hazards"]]
    cols += [f"claim_{c}" for c in desc["claims"]]
    cols += [f"state_{s}" for s in desc["states"]]
    cols += [f"mediation_{s}_{n}" for s in desc["styles"] for n in MEDIATION_COUNTS]
    cols += [f"outcome_{o}" for o in desc["outcomes"]]
    return cols


def game_row(
    record: GameRecord, desc: dict[str, Any], seats: dict[str, str], settings: dict[str, float]
) -> dict[str, Any]:
    """One game as a flat row (booleans as 0/1, so every column but a few labels is numeric)."""
    row: dict[str, Any] = {f"set:{k}": v for k, v in settings.items()}
    row["seed"] = record.seed
    for t in desc["teams"]:
        row[f"seat_{t}"] = seats.get(t, "")
    row.update(
        end=record.end,
        end_turn=record.end_turn,
        peak_rung=record.peak_rung,
        final_rung=record.final_rung,
        final_state=record.final_state,
    )
    for t in desc["teams"]:
        row[f"score_{t}"] = record.scores.get(t, 0)
    for f in desc["firebreaks"]:
        row[f"firebreak_{f}"] = int(f in record.firebreaks)
    for i in desc["injects"]:
        row[f"inject_{i}"] = int(i in record.injects)
    for h in desc["hazards"]:
        row[f"hazard_{h}"] = record.hazards.get(h, 0)
    for c in desc["claims"]:
        row[f"claim_{c}"] = int(c in record.claims)
    for s in desc["states"]:
        row[f"state_{s}"] = int(s in record.states)
    for s in desc["styles"]:
        counts = record.mediation.get(s, {})
        for n in MEDIATION_COUNTS:
            row[f"mediation_{s}_{n}"] = counts.get(n, 0)
    for o in desc["outcomes"]:
        row[f"outcome_{o}"] = record.outcomes.get(o, "")
    return row


def turn_columns(desc: dict[str, Any], settings: Iterable[str] = ()) -> list[str]:
    """Column names of the per-turn table, in order."""
    return [*(f"set:{name}" for name in settings), "seed", "turn", "rung", "state"] + [
        f"orders_{t}" for t in desc["teams"]
    ]


def turn_rows(record: GameRecord, desc: dict[str, Any], settings: dict[str, float]) -> list[dict[str, Any]]:
    """One row per adjudicated turn of a game (orders as move ids joined by `;`, empty if none)."""
    out = []
    for tr in record.path:
        row: dict[str, Any] = {f"set:{k}": v for k, v in settings.items()}
        row.update(seed=record.seed, turn=tr.turn, rung=tr.rung, state=tr.state)
        for t in desc["teams"]:
            row[f"orders_{t}"] = ";".join(tr.orders.get(t, ()))
        out.append(row)
    return out


@dataclass(frozen=True)
class TableSpec:
    """The tables a batch writes (`games`/`turns`: "csv", "jsonl", or None for none) and the
    `--set`/`--sweep` names that head their columns: enough for a worker to write its chunk's rows."""

    games: str | None = None
    turns: str | None = None
    settings: tuple[str, ...] = ()


def chunk_rows(
    spec: TableSpec,
    records: Iterable[GameRecord],
    desc: dict[str, Any],
    seats: dict[str, str],
    values: dict[str, float],
) -> tuple[str, str]:
    """The per-game and per-turn rows of a chunk's games, as text (made where the games were
    played, so that a chunk sends back a few strings instead of its game records)."""
    games = turns = ""
    if spec.games is not None:
        writer = TableWriter(spec.games, game_columns(desc, spec.settings))
        games = writer.rows(game_row(r, desc, seats, values) for r in records)
    if spec.turns is not None:
        writer = TableWriter(spec.turns, turn_columns(desc, spec.settings))
        turns = writer.rows(row for r in records for row in turn_rows(r, desc, values))
    return games, turns


class TableWriter:
    """Rows to text in one format, with the CSV header first."""

    def __init__(self, fmt: str, columns: list[str]) -> None:
        self.fmt = fmt
        self.columns = columns

    def header(self) -> str:
        return self._csv([self.columns]) if self.fmt == "csv" else ""

    def rows(self, rows: Iterable[dict[str, Any]]) -> str:
        if self.fmt == "csv":
            return self._csv([[row.get(c, "") for c in self.columns] for row in rows])
        return "".join(json.dumps({c: row.get(c) for c in self.columns}, ensure_ascii=False) + "\n" for row in rows)

    @staticmethod
    def _csv(rows: list[list[Any]]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        return buf.getvalue()
