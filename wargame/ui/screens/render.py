"""Rendering helpers shared by the play screens: the crisis header and event lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from wargame.ui.text import clean

if TYPE_CHECKING:
    from wargame.session.views import EventView, Situation

VISIBILITY = {
    "public": "public — everyone sees it",
    "private": "private — you and the other side",
    "secret": "secret — only your team",
}

MARKERS = {
    "order": "▸",
    "inject": "✉",
    "hazard": "⚠",
    "chance": "⚄",
    "mobilisation": "⚑",
    "misperception": "?",
    "firebreak": "‼",
    "transition": "→",
    "mediation_offer": "☏",
    "mediation_answer": "☏",
    "claim": "≠",
    "evidence": "✓",
    "end": "■",
}


def crisis_header(s: Situation, after_turn: int | None = None) -> Text:
    """Turn, date, crisis state and the rung on a ladder gauge (symbols, not colour alone).
    `after_turn`: the header of a turn's results ("After turn 2 of 9"), not of the next turn."""
    top = s.n_rungs - 1
    gauge = "".join("◆" if i == s.rung else ("■" if i < s.rung else "□") for i in range(top + 1))
    text = Text()
    if after_turn is not None:
        text.append(f"After turn {after_turn} of {s.n_turns}", style="bold")
        if not s.over:
            text.append(f" · next: {s.date} · ")
            text.append(clean(s.label))
    else:
        text.append(f"Turn {s.turn} of {s.n_turns} · {s.date} · ", style="bold")
        text.append(clean(s.label), style="bold")
    text.append(f"\n{clean(s.state_name)} · rung {s.rung} of {top}: ")
    text.append(clean(s.rung_name), style="italic")
    text.append(f" {gauge}")  # last: a narrow terminal cuts the gauge, not the words
    return text


def event_line(e: EventView, why: bool = False) -> Text:
    line = Text(f"{MARKERS.get(e.kind, '•')} T{e.turn} ")
    line.append(clean(e.text))
    if why and (e.explained or e.kind in ("rung", "transition")):
        line.append("  (why: Enter)", style="dim")
    return line


def signed(v: float) -> str:
    return f"{int(v):+d}" if float(v).is_integer() else f"{v:+.2f}"


def number(value: object) -> str:
    """A variable's value: whole numbers without decimals, others with two."""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.2f}"
    return str(int(value)) if isinstance(value, int | float) else clean(value)
