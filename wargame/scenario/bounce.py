"""Cycles of the crisis machine that can bounce within one turn.

A cycle of transitions (A → B → … → A) bounces when every condition along it can hold in
the same turn: the variables do not change while the machine settles, so the crisis would
go round the cycle again and again. The engine guards against it (each state is left at
most once per turn, `wargame.engine.machine`), but a designer should know, so `wargame
validate` warns.

Whether the conditions can hold together is decided by trying seeded sample values of the
names they read (ranges, defaults and small whole numbers): a cycle found satisfiable is
certainly one that can bounce; one never satisfied in the samples is treated as safe.

Most cycles cannot bounce, and proving that by sampling costs every sample. So a bounded search
through all the combinations of those same candidate values, each condition tried as soon as it
can answer (`kinetic == 0 and …` is false once `kinetic` is 1, whatever the rest), comes first:
when no combination satisfies every condition, no sample can, and the answer is no at once.
Otherwise (or when the search would be too long) the samples decide, exactly as before: the
search never changes an answer, only its cost."""

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


def can_bounce(
    rb: Rulebook, conditions: list[Expression], seed: int = 0, cand: dict[str, list[Any]] | None = None
) -> bool:
    """Whether some sampled environment makes every condition hold at once (`cand`: the rulebook's
    candidate values, when the caller has them already)."""
    cand = _values(rb) if cand is None else cand
    names = sorted(set().union(*(c.names for c in conditions)))
    if names and _never_all_true(conditions, names, cand):
        return False
    return _sampled(conditions, names, cand, seed)


def sampled(rb: Rulebook, conditions: list[Expression], seed: int = 0) -> bool:
    """Whether one of SAMPLES seeded environments makes every condition hold at once."""
    return _sampled(conditions, sorted(set().union(*(c.names for c in conditions))), _values(rb), seed)


def _sampled(conditions: list[Expression], names: list[str], cand: dict[str, list[Any]], seed: int) -> bool:
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


SEARCH_STEPS = 50_000
"""Most values `_never_all_true` tries before it leaves the answer to the samples."""


class _TooLong(Exception):
    pass


class _Unknown(Exception):
    """A condition read a name that has no value yet."""


class _Partial(dict):  # type: ignore[type-arg]
    """An environment being filled in: reading one of `names` before it has a value raises _Unknown (so a
    condition that answers anyway answers for every value it may get); other names read as in a sample."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = frozenset(names)

    def __missing__(self, key: str) -> Any:
        raise _Unknown(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:
            return self[key]
        if key in self.names:
            raise _Unknown(key)
        return default


def _never_all_true(conditions: list[Expression], names: list[str], cand: dict[str, list[Any]]) -> bool:
    """True when no combination of the names' candidate values (with `peak_rung` raised to `rung`, as
    the samples have it) satisfies every condition, so that no sample can; False when one does, when
    the search takes more than SEARCH_STEPS values, or when a condition fails to evaluate.

    Names get values one at a time; after each, every condition is tried on the values so far, and a
    condition that is already false (`kinetic == 0 and …` once `kinetic` is 1) closes that branch."""
    order = sorted(names, key=lambda n: (n == "peak_rung", n))  # peak_rung after rung: it is raised to it
    raise_peak = "peak_rung" in order and "rung" in order
    env = _Partial(order)
    steps = 0

    def false_already() -> bool:
        for c in conditions:
            try:
                if not c(env):
                    return True
            except _Unknown:
                continue
        return False

    def satisfiable(depth: int) -> bool:
        nonlocal steps
        if depth == len(order):
            return all(bool(c(env)) for c in conditions)
        name = order[depth]
        try:
            for value in cand.get(name, [0, 1]):
                steps += 1
                if steps > SEARCH_STEPS:
                    raise _TooLong
                env[name] = max(value, env["rung"]) if raise_peak and name == "peak_rung" else value
                if not false_already() and satisfiable(depth + 1):
                    return True
            return False
        finally:
            env.pop(name, None)  # deeper names never keep a value from another branch

    try:
        return not satisfiable(0)
    except Exception:  # too long, or a condition that fails on a combination: the samples decide
        return False


def bouncing(rb: Rulebook, expressions: dict[str, Expression]) -> list[list[int]]:
    """The cycles whose conditions can all hold at once."""
    out = []
    cand: dict[str, list[Any]] | None = None  # the same for every cycle: built once, when a cycle needs it
    for cyc in cycles(rb):
        conds = [expressions.get(f"transitions.{i}.when") for i in cyc]
        if all(c is not None for c in conds):
            cand = _values(rb) if cand is None else cand
            if can_bounce(rb, conds, cand=cand):  # type: ignore[arg-type]
                out.append(cyc)
    return out
