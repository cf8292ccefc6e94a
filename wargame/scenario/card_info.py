"""What the quick look at a card tells (`peek.peek`, `card_index`): cheap to import, no YAML parser."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class CardInfo:
    """A card as the home and setup screens show it, before it is loaded and checked."""

    path: Path
    id: str
    title: str
    summary: str
    framing: str
    teams: list[tuple[str, str, str]]
    """(team id, display name, default seat)."""
    rulebooks: tuple[tuple[str, Path | None], ...] | None = None
    """The rulebooks the team names came from: (name looked up, file found or None), the card's own
    rulebook first, then each `extends` (looked up from the file before); None when one could not be read."""
