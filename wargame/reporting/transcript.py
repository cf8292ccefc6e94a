"""A readable turn-by-turn transcript of a game, for `wargame play --headless`."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from typing import TextIO

from wargame.engine.compiled import Compiled
from wargame.engine.state import Event, EventKind, GameState
from wargame.reporting.explain import describe, explain
from wargame.reporting.glossary import Glossary
from wargame.textsafe import line


def header(c: Compiled, turn: int) -> str:
    cal = c.scenario.card.calendar[min(turn, c.n_turns) - 1]
    return f"== Turn {turn} of {c.n_turns} — {cal.date.isoformat()} — {cal.label} =="


def status(c: Compiled, state: GameState) -> str:
    rung = int(state.vars["rung"])
    name = c.rules.ladder.rungs[rung].name
    return f"   state: {c.state_names[state.crisis_state]} · rung {rung} of {c.top_rung} ({name})"


def lines(events: Iterable[Event], g: Glossary | None = None) -> list[str]:
    """Each event in words, with its explanation (names, not ids, when a glossary is given)."""
    events = list(events)
    out = []
    for e in events:
        if e.kind == EventKind.END:
            continue
        seen = ", ".join(g.party(t) if g else t for t in e.visible_to or []) or "facilitator"
        who = "" if e.visible_to is None else f" (seen by {seen})"
        out.append(f"   [{e.kind}] {describe(e, g)}{who}")
        if e.body:
            out.extend("        " + line for line in textwrap.wrap(e.body, 88))
        turn = [x for x in events if x.turn == e.turn] if e.kind == EventKind.RUNG else []
        for text in explain(e, g, turn).splitlines():
            out.extend("        " + line for line in textwrap.wrap(text, 88, subsequent_indent="  "))
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
