"""A readable turn-by-turn transcript of a game, for `wargame play --headless`."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from typing import TextIO

from wargame.engine.compiled import Compiled
from wargame.engine.state import Event, GameState
from wargame.textsafe import line


def explain(event: Event) -> str:
    x = event.explanation
    if x is None:
        return ""
    terms = ", ".join(f"{k} {v:+.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in x.modifiers.items())
    if x.override:
        return f"why: {x.rule}, p={x.probability:.2f}, facilitator ruling ({x.override})"
    result = "hit" if x.roll < x.probability else "miss"
    return f"why: {x.rule}, p={x.probability:.2f}, roll {x.roll:.2f} → {result}" + (f" [{terms}]" if terms else "")


def changes(event: Event) -> str:
    if not event.changes:
        return ""
    return "changes: " + ", ".join(f"{k} {_signed(v)}" for k, v in event.changes.items())


def _signed(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):+d}"
    text = f"{v:+.3f}".rstrip("0")
    return text if text not in ("+0.", "-0.") else f"{v:+.4f}"


def header(c: Compiled, turn: int) -> str:
    cal = c.scenario.card.calendar[min(turn, c.n_turns) - 1]
    return f"== Turn {turn}/{c.n_turns} — {cal.date.isoformat()} — {cal.label} =="


def status(c: Compiled, state: GameState) -> str:
    rung = int(state.vars["rung"])
    names = {s.id: s.name for s in c.rules.states}
    return f"   state: {names[state.crisis_state]} · rung {rung} ({c.rules.ladder.rungs[rung].name})"


def lines(events: Iterable[Event]) -> list[str]:
    out = []
    for e in events:
        if e.kind == "end":
            continue
        who = "" if e.visible_to is None else f" (seen by {', '.join(e.visible_to) or 'facilitator'})"
        out.append(f"   [{e.kind}] {e.text}{who}")
        body = e.data.get("text") if e.kind == "inject" else None
        if body:
            out.extend("        " + line for line in textwrap.wrap(str(body), 88))
        for extra in (explain(e), changes(e)):
            if extra:
                out.append("        " + extra)
    return out


def ending(c: Compiled, state: GameState) -> list[str]:
    names = {s.id: s.name for s in c.rules.states}
    out = [
        f"== End: {names[state.crisis_state]} ({state.end}) after {len(state.inputs)} turn(s), "
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
