"""A readable turn-by-turn transcript of a game, for `wargame play --headless`."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from typing import TextIO

from wargame.engine.compiled import Compiled
from wargame.engine.state import Event, EventKind, GameState
from wargame.reporting.explain import explain
from wargame.textsafe import line


def header(c: Compiled, turn: int) -> str:
    cal = c.scenario.card.calendar[min(turn, c.n_turns) - 1]
    return f"== Turn {turn}/{c.n_turns} — {cal.date.isoformat()} — {cal.label} =="


def status(c: Compiled, state: GameState) -> str:
    rung = int(state.vars["rung"])
    return f"   state: {c.state_names[state.crisis_state]} · rung {rung} ({c.rules.ladder.rungs[rung].name})"


def lines(events: Iterable[Event]) -> list[str]:
    out = []
    for e in events:
        if e.kind == EventKind.END:
            continue
        who = "" if e.visible_to is None else f" (seen by {', '.join(e.visible_to) or 'facilitator'})"
        out.append(f"   [{e.kind}] {e.text}{who}")
        if e.body:
            out.extend("        " + line for line in textwrap.wrap(e.body, 88))
        out.extend("        " + line for line in explain(e).splitlines())
    return out


def ending(c: Compiled, state: GameState) -> list[str]:
    out = [
        f"== End: {c.state_names[state.crisis_state]} ({state.end}) after {len(state.inputs)} turn(s), "
        f"peak rung {state.vars['peak_rung']} =="
    ]
    for team in c.scenario.card.teams:
        met = state.met.get(team.id, [])
        out.append(f"   {team.id}: {state.scores.get(team.id, 0)} point(s)")
        for obj in team.objectives:
            mark = "met    " if obj.id in met else "not met"
            out.append(f"      [{mark}] {obj.description} ({obj.points:+d})")
    return out


def emit(text: str | Iterable[str], out: TextIO | None = None) -> None:
    """Print transcript lines to the terminal (standard output by default), each made safe: card text
    with escape sequences shows them as codes, and a newline inside a line cannot forge another line."""
    stream = sys.stdout if out is None else out
    for item in [text] if isinstance(text, str) else text:
        stream.write(line(item) + "\n")
    stream.flush()
