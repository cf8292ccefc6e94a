"""Whether conditions can hold: every variable an expression reads is given its range's edges,
its default and the numbers the expressions compare it with (just below, at, just above), and
the combinations are tried — all of them when there are few, else a seeded sample. Thresholds
are what designers write, so this finds `alert_level >= 5` on a 0..3 variable, `rung > 13` on a
14-rung ladder, or two guards that can never hold together, without solving anything."""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from typing import Any

from wargame.scenario.conditions import Expression
from wargame.scenario.models import Rulebook, Scenario
from wargame.scenario.references import variable_ranges

MAX_COMBINATIONS = 4000
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def base_domains(rb: Rulebook, card: Scenario | None) -> dict[str, list[Any]]:
    """Candidate values of every name an expression may read."""
    n_turns = len(card.calendar) if card else 30
    top = len(rb.ladder.rungs) - 1
    out: dict[str, list[Any]] = {}
    for name, (lo, hi, _integer) in variable_ranges(rb).items():
        out[name] = sorted({lo, hi, (lo + hi) / 2})
    for v in rb.variables.world:
        out[v.id] = sorted({*out[v.id], v.default})
    for m in rb.mediators:
        for p, value in m.leverage.items():
            out[f"{m.id}.leverage.{p}"] = [value]
        for p, value in m.alignment.items():
            out[f"{m.id}.alignment.{p}"] = [value]
    out |= {
        "rung": list(range(top + 1)),
        "peak_rung": list(range(top + 1)),
        "turn": list(range(1, n_turns + 1)),
        "turns_left": list(range(n_turns)),
        "calm_turns": list(range(n_turns + 1)),
        "kinetic": [0, 1, 2],
        "state": [s.id for s in rb.states],
    }
    for fb in rb.ladder.firebreaks:
        out[f"crossed.{fb.id}"] = [0, 1]
    return out


def _values(name: str, base: dict[str, list[Any]], constants: set[float]) -> list[Any]:
    if name not in base:
        return [False, True]  # fired.x, played.t.m, chose.i.c and other flags
    values = base[name]
    if values and isinstance(values[0], str):
        return values
    lo, hi = min(values), max(values)
    extra = {v for c in constants for v in (c - 1, c - 0.01, c, c + 0.01, c + 1) if lo <= v <= hi}
    if name in ("rung", "peak_rung", "turn", "turns_left", "calm_turns", "kinetic"):
        extra = {v for v in extra if v == int(v)}
        if len(values) > 8:
            values = [lo, hi]
    return sorted(set(values) | extra)


def satisfiable(exprs: Sequence[Expression], base: dict[str, list[Any]], seed: int = 0) -> bool:
    """Whether some state makes every expression true at once (see the module's note)."""
    names = sorted(set().union(*(e.names for e in exprs)))
    constants = {float(m.group()) for e in exprs for m in _NUMBER.finditer(e.source)}
    constants |= {float(i) for i in range(len(base.get("rung", [])))} if "rung" in names else set()
    choices = [_values(n, base, constants) for n in names]
    total = 1
    for c in choices:
        total *= len(c)
    if total <= MAX_COMBINATIONS:
        combos: Any = itertools.product(*choices)
    else:
        rng = random.Random(seed)
        combos = ([rng.choice(c) for c in choices] for _ in range(MAX_COMBINATIONS))
    for combo in combos:
        env = dict(zip(names, combo, strict=True))
        try:
            if all(bool(e(env)) for e in exprs):
                return True
        except (KeyError, TypeError):
            return True  # a name we cannot model: assume it can hold
    return False
