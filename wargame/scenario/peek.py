"""A quick look at a card — title, summary, teams and their names — without validating it,
so that the UI can draw its first screen before the models are loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wargame.scenario import yamlsafe
from wargame.scenario.diagnostics import display_path
from wargame.scenario.locate import find_rulebook


@dataclass(frozen=True)
class CardInfo:
    path: Path
    id: str
    title: str
    summary: str
    framing: str
    teams: list[tuple[str, str, str]]
    """(team id, display name, default seat)."""


_PARTIES: dict[tuple[str, int], dict[str, str]] = {}


def _party_names(rb_path: Path, depth: int = 0) -> dict[str, str]:
    """Party id → name, following `extends` (the extending rulebook's names win)."""
    key = (str(rb_path.resolve()), rb_path.stat().st_mtime_ns)
    if key not in _PARTIES:
        shown = display_path(rb_path)
        rules = yamlsafe.parse(shown, yamlsafe.read_text(shown, rb_path.read_bytes())).data
        inherited: dict[str, str] = {}
        parent = find_rulebook(rb_path, str(rules.get("extends", ""))) if rules.get("extends") else None
        if parent is not None and depth < 8 and parent.resolve() != rb_path.resolve():
            inherited = _party_names(parent, depth + 1)
        _PARTIES[key] = inherited | {
            str(p["id"]): str(p.get("name", p["id"])) for p in rules.get("parties", []) if isinstance(p, dict)
        }
    return _PARTIES[key]


def peek(path: Path) -> CardInfo:
    """Raise ScenarioError, OSError, KeyError, TypeError or AttributeError on an unreadable card."""
    shown = display_path(path)
    data = yamlsafe.parse(shown, yamlsafe.read_text(shown, path.read_bytes())).data
    names: dict[str, str] = {}
    rb_path = find_rulebook(path, str(data.get("rulebook", "")))
    if rb_path is not None:
        names = _party_names(rb_path)
    teams = [
        (str(t["id"]), names.get(str(t["id"]), str(t["id"])), str(t.get("default_seat", "human")))
        for t in data.get("teams", [])
        if isinstance(t, dict) and "id" in t
    ]
    return CardInfo(
        path,
        str(data["id"]),
        str(data["title"]),
        str(data.get("summary", "")),
        str(data.get("framing", "historical")),
        teams,
    )
