"""The saved games a front end offers to continue: the latest autosave of each game id.

Reads only the JSON header fields through the file gate (`wargame.persistence.listing`: no
models, no engine), so the home screen stays quick and a bad file never stops the scan."""

from __future__ import annotations

from pathlib import Path

from wargame.persistence.listing import saved_games


def recent_saves(folder: Path | None) -> list[tuple[Path, str]]:
    """(path, one-line label) of the latest autosave of each game, newest first."""
    return saved_games(folder)
