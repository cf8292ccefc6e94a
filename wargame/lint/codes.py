"""The lint rules: stable codes, names, default severities. Codes are never reused or renumbered;
`docs/lint.md` documents each one (a test keeps the two in step)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str


_RULES = [
    # static
    Rule("WG001", "unused-variable", "warning", "a variable no expression reads and no effect changes"),
    Rule("WG002", "unused-move", "info", "a catalogue move no team on this card can play"),
    Rule("WG003", "unused-source", "warning", "a source nothing cites"),
    Rule("WG004", "unused-evidence", "warning", "evidence of a claim whose trigger can never hold"),
    Rule("WG005", "precondition-never-holds", "warning", "a move whose precondition no state can satisfy"),
    Rule("WG006", "unreachable-state", "warning", "a crisis state no chain of transitions can enter"),
    Rule("WG007", "unreachable-end", "info", "an end kind no reachable state leads to"),
    Rule("WG008", "transition-bounce", "warning", "transitions that can cycle within one turn"),
    Rule("WG009", "track-illegal", "warning", "a historical-track move that is illegal on the historical path"),
    Rule("WG010", "track-over-limit", "error", "a historical-track entry with more moves than the order limit"),
    Rule("WG011", "after-historical-end", "warning", "evidence or an inject scheduled after the historical path ends"),
    Rule("WG012", "shadows-builtin", "warning", "an id that shadows a built-in name of the condition language"),
    # dynamic (bot games)
    Rule("WG101", "inject-never-fired", "warning", "a conditional inject that fired in none of the games"),
    Rule("WG102", "move-never-legal", "info", "a move that was legal in none of the games"),
    Rule("WG103", "move-never-chosen", "info", "a legal move that no bot chose in any game"),
    Rule("WG104", "objective-never-met", "warning", "an objective met in none of the games"),
    Rule("WG105", "objective-always-met", "warning", "an objective met in every game, whatever the teams did"),
    Rule("WG106", "end-kinds", "info", "how games end, and at which turn against the calendar"),
    Rule("WG107", "early-end", "warning", "most games end well before the calendar does"),
    Rule("WG108", "historical-divergence", "info", "the first turn where the historical path leaves the track"),
]
RULES: dict[str, Rule] = {r.code: r for r in _RULES}
