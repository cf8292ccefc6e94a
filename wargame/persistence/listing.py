"""The saved games a home screen offers to continue: the latest autosave of each game, with a label.

Read through the file gate; anything unreadable (not a regular file, too big, not JSON, not a save)
is still listed, marked unreadable, so choosing it shows why — a bad file never stops the scan."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from wargame.files.read import FileRefused, read_bytes
from wargame.persistence.limits import MAX_SAVE_BYTES

AUTOSAVE_MARK = ".autosave-"
SHOWN = 8


def _mtime(path: Path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def latest_autosaves(folder: Path, limit: int = SHOWN) -> list[Path]:
    """The newest autosave of each game in `folder` (newest games first), regular files only."""
    if not folder.is_dir():
        return []
    latest: dict[str, Path] = {}
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    for name in names:
        if AUTOSAVE_MARK not in name or not name.endswith(".json") or name.startswith("."):
            continue
        path = folder / name
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue
        except OSError:
            continue
        latest[name.rsplit(AUTOSAVE_MARK, 1)[0]] = path
    return sorted(latest.values(), key=_mtime, reverse=True)[:limit]


def describe(path: Path) -> str:
    """`card · seed · turns played · saved at`, or `<name> (unreadable: …)`."""
    game = path.name.rsplit(AUTOSAVE_MARK, 1)[0]
    try:
        data = json.loads(read_bytes(path, MAX_SAVE_BYTES))
    except FileRefused as exc:
        return f"{game} (unreadable: {exc.reason})"
    except (ValueError, RecursionError):
        return f"{game} (unreadable: not a JSON save; choose it to see why)"
    if not isinstance(data, dict) or not isinstance(data.get("card"), dict):
        return f"{game} (unreadable: not a wargame save; choose it to see why)"
    turns = data.get("turns")
    played = len(turns) if isinstance(turns, list) else "?"
    return (
        f"{data['card'].get('id', '?')} · seed {data.get('seed', '?')} · {played} turn(s) played · "
        f"saved {data.get('saved_at', '?')}"
    )


def saved_games(folder: Path | None) -> list[tuple[Path, str]]:
    """(path, label) of the latest autosave of each game, newest first."""
    if folder is None:
        return []
    return [(path, describe(path)) for path in latest_autosaves(folder)]
