"""The saved games a front end offers to continue: the latest autosave of each game id.

Reads only the JSON header fields (no models, no engine), so the home screen stays quick."""

from __future__ import annotations

import json
from pathlib import Path


def recent_saves(folder: Path | None, limit: int = 8) -> list[tuple[Path, str]]:
    """(path, one-line label) of the latest autosave of each game, newest first."""
    if folder is None or not folder.is_dir():
        return []
    latest: dict[str, Path] = {}
    for path in sorted(folder.glob("*.autosave-*.json")):
        latest[path.name.rsplit(".autosave-", 1)[0]] = path
    out = []
    for game_id, path in sorted(latest.items(), key=lambda kv: kv[1].stat().st_mtime, reverse=True)[:limit]:
        try:
            data = json.loads(path.read_bytes())
            turns = len(data.get("turns", []))
            saved = data.get("saved_at", "?")
            label = f"{data['card']['id']} · seed {data['seed']} · {turns} turn(s) played · saved {saved}"
        except (OSError, ValueError, KeyError, TypeError):
            label = f"{game_id} (unreadable: choose it to see why)"
        out.append((path, label))
    return out
