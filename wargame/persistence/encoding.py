"""Saves as bytes: compact JSON, UTF-8 (`encode`), and the same bytes for the saves of one game after
every turn without encoding the whole game again (`SaveEncoder`).

A game's event log and its turn inputs only grow, and `Game.snapshot` hands out the same dict objects
for the entries it already had; `SaveEncoder` keeps the JSON text of those entries and encodes only the
new ones (an entry that is not the very object it encoded before — after an undo or a ruling — starts
that list again). The rest of the save is encoded with `json.dumps` as usual, the two lists' JSON put in
their places: the bytes are those of `json.dumps` of the whole save, which a test checks."""

from __future__ import annotations

import json
import operator
import re
import secrets
from typing import Any

from wargame.persistence.format import SaveFile

__all__ = ["SaveEncoder", "encode"]

_MARK = f"\0wargame-{secrets.token_hex(8)}-"
"""Stands for a cached list in the encoded skeleton: a NUL (escaped in JSON) and a random part."""


def _dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _plain(save: SaveFile) -> dict[str, Any]:
    data = dict(save)
    data["card"] = dict(save.card)
    for served in ("turn_clock", "bot_clients"):  # only a served game has them: other saves keep their bytes
        if not data.get(served):
            data.pop(served, None)
    return data


def encode(save: SaveFile) -> bytes:
    """The save as compact UTF-8 JSON."""
    return _dumps(_plain(save)).encode("utf-8")


class SaveEncoder:
    """`encode` for successive saves of one game, reusing the JSON of log entries and turn inputs."""

    def __init__(self) -> None:
        self._lists: dict[str, tuple[list[Any], list[str]]] = {}

    def encode(self, save: SaveFile) -> bytes:
        data = _plain(save)
        snapshot = dict(data["snapshot"]) if isinstance(data.get("snapshot"), dict) else {}
        lists: dict[str, list[Any]] = {}
        if isinstance(data.get("turns"), list):
            lists["turns"], data["turns"] = data["turns"], _MARK + "turns"
        if isinstance(snapshot.get("log"), list):
            lists["log"], snapshot["log"] = snapshot["log"], _MARK + "log"
            data["snapshot"] = snapshot
        skeleton = _dumps(data)
        markers = {_dumps(_MARK + key): key for key in lists}
        if not markers or any(skeleton.count(marker) != 1 for marker in markers):
            return encode(save)  # nothing to reuse (or a marker seen twice: cannot happen, but never guess)
        texts = {marker: self._list(key, lists[key]) for marker, key in markers.items()}
        pattern = re.compile("|".join(map(re.escape, markers)))
        return pattern.sub(lambda m: texts[m.group()], skeleton).encode("utf-8")

    def _list(self, key: str, items: list[Any]) -> str:
        """The JSON of `items`, reusing the text of the leading entries encoded last time (same objects)."""
        before, texts = self._lists.get(key, ([], []))
        if len(items) < len(before) or not all(map(operator.is_, before, items)):
            texts = []
        texts = texts + [_dumps(item) for item in items[len(texts) :]]
        self._lists[key] = (list(items), texts)
        return "[" + ",".join(texts) + "]"
