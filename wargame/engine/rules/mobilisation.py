"""The mobilisation lag: forces ordered to mobilise are ready only `mobilisation_lag` turns later.

Active when the rulebook defines the team variables `mobilising` (turns left on the clock)
and `forces_ready` (0/1); moves that need mobilised forces say so in their precondition
(`self.forces_ready >= 1`), and a move with `mobilises: true` starts the clock."""

from __future__ import annotations

from typing import Any

from wargame.engine.compiled import Compiled
from wargame.engine.rules.effects import apply
from wargame.engine.state import Event, EventKind, GameState

NAMED_VARIABLES = frozenset({"mobilising", "forces_ready"})
"""Rulebook variables this module reads or writes by name (`wargame lint` counts them as used)."""


def order(c: Compiled, env: dict[str, Any], team: str, changes: dict[str, float]) -> str:
    """Start the team's clock (unless its forces are ready or already mobilising); the text to log."""
    if not c.mobilisation or f"{team}.mobilising" not in c.ranges:
        return ""
    if env[f"{team}.forces_ready"] >= 1 or env[f"{team}.mobilising"] >= 1:
        return ""
    lag = c.params.mobilisation_lag
    if lag <= 0:
        apply(env, c.ranges, [(f"{team}.forces_ready", 1)], 1.0, changes)
        return " — forces ready"
    apply(env, c.ranges, [(f"{team}.mobilising", lag)], 1.0, changes)
    return f" — forces ready in {lag} turn(s)"


def advance(c: Compiled, state: GameState, events: list[Event]) -> None:
    """At the end of a turn every running clock ticks; forces whose clock runs out are ready."""
    if not c.mobilisation:
        return
    env = state.vars
    for team in c.principals:
        clock = f"{team}.mobilising"
        if env[clock] < 1:
            continue
        changes = apply(env, c.ranges, [(clock, -1)])
        if env[clock] < 1:
            apply(env, c.ranges, [(f"{team}.forces_ready", 1)], 1.0, changes)
            events.append(
                Event(
                    state.turn,
                    EventKind.MOBILISATION,
                    f"{c.names[team]}: mobilised forces are ready" if c.narrate else "",
                    team=team,
                    visible_to=[team],
                    changes=changes,
                )
            )
