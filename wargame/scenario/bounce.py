"""Cycles of the crisis machine that can bounce within one turn.

A cycle of transitions (A → B → … → A) bounces when every condition along it can hold in
the same turn: the variables do not change while the machine settles, so the crisis would
go round the cycle again and again. The engine guards against it (each state is left at
most once per turn, `wargame.engine.machine`), but a designer should know, so `wargame
validate` warns.

Whether the conditions can hold together is decided by trying seeded sample values of the
names they read (ranges, defaults and small whole numbers): a cycle found satisfiable is
certainly one that can bounce; one never satisfied in the samples is treated as safe."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from wargame.scenario.conditions import Expression
from wargame.scenario.models import Rulebook

SAMPLES = 4000
"""Sample environments tried per cycle (seeded: validation is deterministic)."""


def cycles(rb: Rulebook) -> list[list[int]]:
    """Simple cycles of transitions (as transition indices) among non-terminal states, each once."""
    terminal = {s.id for s in rb.states if s.end}
    out: list[list[int]] = []
    seen: set[frozenset[int]] = set()
    edges: dict[str, list[tuple[int, str]]] = {}
    for i, tr in enumerate(rb.transitions):
        if tr.dest in terminal:
            continue
        for src in tr.source:
            edges.setdefault(src, []).append((i, tr.dest))

    def walk(start: str, here: str, path: list[int], visited: list[str]) -> Iterator[list[int]]:
        for i, dest in edges.get(here, []):
            if dest == start:
                yield [*path, i]
            elif dest not in visited and len(path) < 8:
                yield from walk(start, dest, [*path, i], [*visited, dest])

    for start in edges:
        for cyc in walk(start, start, [], [start]):
            key = frozenset(cyc)
            if key not in seen:
                seen.add(key)
                out.append(cyc)
    return out


def _values(rb: Rulebook) -> dict[str, list[Any]]:
    """Candidate values of every numeric name a condition may read."""
    top = len(rb.ladder.rungs) - 1
    small = list(range(0, 5))
    cand: dict[str, list[Any]] = {
        "turn": list(range(1, 12)),
        "rung": list(range(0, top + 1)),
        "peak_rung": list(range(0, top + 1)),
        "turns_left": list(range(0, 10)),
        "calm_turns": small,
        "kinetic": small,
    }

    def of(var: Any) -> list[Any]:
        vals = {var.min, var.max, var.default}
        if var.integer:
            vals |= {v for v in small if var.min <= v <= var.max}
        else:
            vals |= {var.min + (var.max - var.min) * k / 10 for k in range(11)}
        return sorted(vals)

    for v in rb.variables.world:
        cand[v.id] = of(v)
    for p in rb.parties:
        for v in rb.variables.team:
            cand[f"{p.id}.{v.id}"] = of(v)
    for m in rb.mediators:
        for v in rb.variables.mediator:
            cand[f"{m.id}.{v.id}"] = of(v)
    return cand


def can_bounce(rb: Rulebook, conditions: list[Expression], seed: int = 0) -> bool:
    """Whether some sampled environment makes every condition hold at once."""
    cand = _values(rb)
    names = sorted(set().union(*(c.names for c in conditions)))
    rng = random.Random(seed)
    for _ in range(SAMPLES):
        env: dict[str, Any] = {}
        for name in names:
            options = cand.get(name, [0, 1])
            env[name] = options[rng.randrange(len(options))]
        if "peak_rung" in env and "rung" in env:
            env["peak_rung"] = max(env["peak_rung"], env["rung"])
        if all(bool(c(env)) for c in conditions):
            return True
    return False


def bouncing(rb: Rulebook, expressions: dict[str, Expression]) -> list[list[int]]:
    """The cycles whose conditions can all hold at once."""
    out = []
    for cyc in cycles(rb):
        conds = [expressions.get(f"transitions.{i}.when") for i in cyc]
        if all(c is not None for c in conds) and can_bounce(rb, conds):  # type: ignore[arg-type]
            out.append(cyc)
    return out
