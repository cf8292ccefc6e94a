"""The quick look at cards (`peek.CardInfo`: id, title, summary, framing, teams with their names and
seats), kept in a small JSON index in the user's cache folder so that the home screen and the setup
screen draw their first frame without the YAML parser.

An entry is used only while its card file and every rulebook its team names came from have the same
size and modification time (ns) as when they were read, and each rulebook name still leads to the
same file; any other card is peeked at (`peek.peek`, which imports the YAML parser) and the index is
rewritten. The index is untrusted input like any file: read through the file gate with a size cap,
parsed as JSON, every field type-checked; a stale, damaged or foreign index is ignored (and replaced),
never an error. Cards that cannot be read are not indexed, so their problem is reported every time.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from platformdirs import user_cache_path

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario.card_info import CardInfo
from wargame.scenario.locate import find_rulebook

INDEX_VERSION = 3
MAX_INDEX_BYTES = 1 << 20
MAX_FIELD = 4000
"""Longest text kept from an index entry (a longer one means the entry is not ours)."""
MAX_ITEMS = 64
CACHE_ENV = "WARGAME_CACHE"

Stamp = tuple[int, int, int, int]
"""A file's (size, modification time in ns, inode, status-change time in ns): a copy that keeps the
size and modification time (`cp -p`, `rsync -t`) still changes the last two."""
Entry = tuple[Stamp, tuple[tuple[str, str | None, Stamp | None], ...], CardInfo]
"""(the card's stamp, its rulebooks as (name, file, stamp), what it shows)."""


def index_path() -> Path:
    """$WARGAME_CACHE/cards.json, else `cards.json` in the user's cache folder (e.g. ~/.cache/wargame)."""
    folder = os.environ.get(CACHE_ENV)
    return (Path(folder) if folder else user_cache_path("wargame", appauthor=False)) / "cards.json"


def _stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def _text(value: Any) -> str | None:
    """A text from the index: a str of sane length that is valid Unicode (JSON can carry lone
    surrogates, which no screen or file can take)."""
    if not isinstance(value, str) or len(value) > MAX_FIELD:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value


def _texts(value: Any, n: int) -> tuple[str, ...] | None:
    """A list of `n` texts, else None."""
    if not isinstance(value, list) or len(value) != n or any(_text(v) is None for v in value):
        return None
    return tuple(value)


def _stamp_of(value: Any) -> Stamp | None:
    if isinstance(value, list) and len(value) == 4 and all(type(v) is int for v in value):
        return value[0], value[1], value[2], value[3]
    return None


def _entry(path: Path, data: Any) -> Entry | None:
    """An index entry, type-checked; None if anything about it is off."""
    if not isinstance(data, dict):
        return None
    card_stamp = _stamp_of(data.get("stamp"))
    texts = [_text(data.get(k)) for k in ("id", "title", "summary", "framing")]
    teams, rulebooks = data.get("teams"), data.get("rulebooks")
    if card_stamp is None or any(t is None for t in texts) or not isinstance(teams, list):
        return None
    if not isinstance(rulebooks, list) or len(teams) > MAX_ITEMS or len(rulebooks) > MAX_ITEMS:
        return None
    parsed_teams = [_texts(t, 3) for t in teams]
    chain = []
    for item in rulebooks:
        if not (isinstance(item, list) and len(item) == 3 and _text(item[0]) is not None):
            return None
        found, stamp = item[1], _stamp_of(item[2])
        if not ((found is None and item[2] is None) or (_text(found) is not None and stamp is not None)):
            return None
        chain.append((item[0], found, stamp))
    if any(t is None for t in parsed_teams):
        return None
    card_id, title, summary, framing = (str(t) for t in texts)
    info = CardInfo(path, card_id, title, summary, framing, [t for t in parsed_teams if t is not None])
    return card_stamp, tuple(chain), info


def read_index(where: Path) -> dict[str, Entry]:
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


def write_index(where: Path, entries: dict[str, Entry]) -> None:
    """Replace the index atomically (a temporary file, then rename); a folder that cannot be written
    only means the next start peeks again."""
    cards = {
        key: {
            "stamp": list(stamp),
            "id": info.id,
            "title": info.title,
            "summary": info.summary,
            "framing": info.framing,
            "teams": [list(t) for t in info.teams],
            "rulebooks": [[name, found, list(st) if st else None] for name, found, st in chain],
        }
        for key, (stamp, chain, info) in entries.items()
    }
    try:
        payload = json.dumps({"version": INDEX_VERSION, "cards": cards}, ensure_ascii=False).encode("utf-8")
    except ValueError:  # UnicodeEncodeError: cannot happen for texts `_text` let in, but never crash a start
        return
    from wargame.files.write import atomic_write  # only when the index changes: a start with a fresh one skips it

    with contextlib.suppress(OSError):
        where.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(where, payload)


def _fresh(path: Path, entry: Entry) -> bool:
    """Whether the card and its rulebooks are as they were when the entry was made."""
    stamp, chain, _info = entry
    if _stamp(path) != stamp:
        return False
    before = path
    for name, found, rb_stamp in chain:
        now = find_rulebook(before, name)
        if (str(now) if now is not None else None) != found:
            return False
        if now is None:
            return True  # names came from no rulebook, and there is still none
        if _stamp(now) != rb_stamp:
            return False
        before = now
    return True


def _still_fresh(path: Path, entry: Entry) -> bool:
    """`_fresh`, where anything odd in a damaged index entry (a rulebook name too long to be a file
    name, …) only means the entry is not used."""
    try:
        return _fresh(path, entry)
    except (OSError, ValueError):
        return False


def _indexed(path: Path, info: CardInfo) -> Entry | None:
    """The entry for a card just peeked at (None when its rulebooks could not all be read)."""
    stamp = _stamp(path)
    if stamp is None or info.rulebooks is None:
        return None
    chain = []
    for name, found in info.rulebooks:
        rb_stamp = _stamp(found) if found is not None else None
        if found is not None and rb_stamp is None:
            return None
        chain.append((name, str(found) if found is not None else None, rb_stamp))
    return stamp, tuple(chain), replace(info, rulebooks=None)


class CardIndex:
    """The index as read once; `look` answers from it or peeks, `save` writes it back when it changed."""

    def __init__(self, where: Path | None = None) -> None:
        self.where = index_path() if where is None else where
        self.known = read_index(self.where)
        self.seen: dict[str, Entry] = {}
        self.changed = False

    def look(self, path: Path) -> CardInfo:
        """The card's quick look; raises as `peek.peek` does for a card that cannot be read."""
        key = str(path.resolve())
        hit = self.known.get(key)
        if hit is not None and _still_fresh(path, hit):
            self.seen[key] = hit
            return replace(hit[2], path=path)  # as the caller named it
        from wargame.scenario.peek import peek  # imports the YAML parser: only for a card not in the index

        info = peek(path)
        entry = _indexed(path, info)
        if entry is not None:
            self.seen[key], self.changed = entry, True
        return info

    def save(self, keep_others: bool = True) -> None:
        """Write the index if anything changed (with `keep_others=False`, only the cards seen now)."""
        entries = {**self.known, **self.seen} if keep_others else dict(self.seen)
        if self.changed or entries.keys() != self.known.keys():
            write_index(self.where, entries)


def summaries(paths: list[Path], where: Path | None = None) -> tuple[list[CardInfo], list[Path]]:
    """(the cards that could be read, the paths that could not), from the index where it is fresh;
    the index is then rewritten to hold exactly these cards."""
    from wargame.scenario.diagnostics import ScenarioError

    index = CardIndex(where)
    cards: list[CardInfo] = []
    unreadable: list[Path] = []
    for path in paths:
        try:
            cards.append(index.look(path))
        except (ScenarioError, OSError, KeyError, TypeError, AttributeError):
            unreadable.append(path)
    index.save(keep_others=False)
    return cards, unreadable


def quick_look(path: Path, where: Path | None = None) -> CardInfo:
    """One card's quick look (the setup screen), from the index where it is fresh; raises as `peek.peek`."""
    index = CardIndex(where)
    info = index.look(path)
    index.save()
    return info
