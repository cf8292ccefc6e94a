"""What the home screen lists about each card (id, title, summary, framing, team ids), kept in a small
JSON index in the user's cache folder so that the first frame needs no YAML parser.

An entry is used only while its card file has the same size and modification time (ns) as when it
was read; any other card is peeked at (`peek.peek`, which imports the YAML parser) and the index is
rewritten. The index is untrusted input like any file: read through the file gate with a size cap,
parsed as JSON, every field type-checked; a stale, damaged or foreign index is ignored (and replaced),
never an error. Cards that cannot be read are not indexed, so their problem is reported every time.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from wargame.files.read import FileRefused, read_bytes

INDEX_VERSION = 1
MAX_INDEX_BYTES = 1 << 20
MAX_FIELD = 4000
"""Longest text kept from an index entry (a longer one means the entry is not ours)."""
CACHE_ENV = "WARGAME_CACHE"


@dataclass(frozen=True)
class CardSummary:
    """One card as the home screen lists it."""

    path: Path
    id: str
    title: str
    summary: str
    framing: str
    teams: tuple[str, ...]
    """Team ids, in the card's order."""


def index_path() -> Path:
    """$WARGAME_CACHE/cards.json, else `cards.json` in the user's cache folder (e.g. ~/.cache/wargame)."""
    folder = os.environ.get(CACHE_ENV)
    return (Path(folder) if folder else user_cache_path("wargame", appauthor=False)) / "cards.json"


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and len(value) <= MAX_FIELD else None


def _entry(path: Path, data: Any) -> tuple[tuple[int, int], CardSummary] | None:
    """An index entry, type-checked; None if anything about it is off."""
    if not isinstance(data, dict):
        return None
    size, mtime = data.get("size"), data.get("mtime_ns")
    teams = data.get("teams")
    texts = [_text(data.get(k)) for k in ("id", "title", "summary", "framing")]
    if not (isinstance(size, int) and isinstance(mtime, int) and isinstance(teams, list)):
        return None
    if any(t is None for t in texts) or not all(_text(t) is not None for t in teams) or len(teams) > 64:
        return None
    card_id, title, summary, framing = (str(t) for t in texts)
    return (size, mtime), CardSummary(path, card_id, title, summary, framing, tuple(teams))


def read_index(where: Path) -> dict[str, tuple[tuple[int, int], CardSummary]]:
    """The index's entries by resolved card path; empty when it is missing, damaged or not ours."""
    try:
        data = json.loads(read_bytes(where, MAX_INDEX_BYTES).decode("utf-8"))
    except (FileRefused, OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict) or data.get("version") != INDEX_VERSION or not isinstance(data.get("cards"), dict):
        return {}
    out = {}
    for key, value in data["cards"].items():
        entry = _entry(Path(key), value)
        if entry is not None:
            out[key] = entry
    return out


def write_index(where: Path, entries: dict[str, tuple[tuple[int, int], CardSummary]]) -> None:
    """Replace the index atomically (a temporary file, then rename); a folder that cannot be written
    only means the next start peeks again."""
    cards = {}
    for key, ((size, mtime), card) in entries.items():
        fields = asdict(card)
        fields.pop("path")
        cards[key] = {"size": size, "mtime_ns": mtime, **fields, "teams": list(card.teams)}
    payload = json.dumps({"version": INDEX_VERSION, "cards": cards}, ensure_ascii=False).encode("utf-8")
    with contextlib.suppress(OSError):
        where.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".cards-", suffix=".tmp", dir=where.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(tmp, where)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def summaries(paths: list[Path], where: Path | None = None) -> tuple[list[CardSummary], list[Path]]:
    """(the cards that could be read, the paths that could not), from the index where it is fresh."""
    where = index_path() if where is None else where
    known = read_index(where)
    fresh: dict[str, tuple[tuple[int, int], CardSummary]] = {}
    cards: list[CardSummary] = []
    unreadable: list[Path] = []
    for path in paths:
        key, stamp = str(path.resolve()), _stamp(path)
        hit = known.get(key)
        if stamp is not None and hit is not None and hit[0] == stamp:
            card = replace(hit[1], path=path)  # as the caller named it
        else:
            card = _peeked(path)
            if card is None or stamp is None:
                unreadable.append(path)
                continue
        fresh[key] = (stamp, card)
        cards.append(card)
    if fresh.keys() != known.keys() or any(known[k][0] != fresh[k][0] for k in fresh):
        write_index(where, fresh)
    return cards, unreadable


def _peeked(path: Path) -> CardSummary | None:
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.peek import peek  # imports the YAML parser: only for a card not in the index

    try:
        info = peek(path)
    except (ScenarioError, OSError, KeyError, TypeError, AttributeError):
        return None
    return CardSummary(path, info.id, info.title, info.summary, info.framing, tuple(t for t, _n, _s in info.teams))
