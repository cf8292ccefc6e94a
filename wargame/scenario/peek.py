"""A quick look at a card — title, summary, teams and their names — without validating it,
so that the UI can draw its first screen before the models are loaded.

Only the few top-level keys needed are read, from the YAML parser's event stream (no node tree,
no construction), and reading stops once they are all seen: for a card after `teams:`, for its
rulebook after `parties:`. Scalars are taken as written (text), aliases are not followed, and
nesting deeper than `yamlsafe.MAX_DEPTH` is refused, so an untrusted file costs at most one pass of
the C parser. The card is fully checked when it is opened."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario import yamlsafe
from wargame.scenario.card_info import CardInfo
from wargame.scenario.diagnostics import Diagnostic, ScenarioError, display_path
from wargame.scenario.locate import find_rulebook

CARD_KEYS = frozenset({"id", "title", "summary", "framing", "rulebook", "teams"})
RULEBOOK_KEYS = frozenset({"parties", "extends"})


_PARTIES: dict[tuple[str, int], tuple[dict[str, str], tuple[tuple[str, Path | None], ...]]] = {}


def _text(path: Path) -> tuple[str, str]:
    shown = display_path(path)
    try:
        raw = read_bytes(path, yamlsafe.MAX_BYTES)
    except FileRefused as exc:
        raise ScenarioError([Diagnostic(shown, exc.line, exc.col, "", exc.reason)]) from None
    return shown, yamlsafe.read_text(shown, raw)


def _value(loader: Any, first: Any, depth: int) -> Any:
    """The value starting at event `first`: text, lists and dicts of text (None for an alias)."""
    if depth > yamlsafe.MAX_DEPTH:
        raise ScenarioError([Diagnostic("", first.start_mark.line + 1, first.start_mark.column + 1, "", "too deep")])
    if isinstance(first, yaml.ScalarEvent):
        return first.value
    if isinstance(first, yaml.SequenceStartEvent):
        items = []
        while not isinstance(ev := loader.get_event(), yaml.SequenceEndEvent):
            items.append(_value(loader, ev, depth + 1))
        return items
    if isinstance(first, yaml.MappingStartEvent):
        out: dict[Any, Any] = {}
        while not isinstance(ev := loader.get_event(), yaml.MappingEndEvent):
            key = _value(loader, ev, depth + 1)
            value = _value(loader, loader.get_event(), depth + 1)
            if isinstance(key, str):
                out.setdefault(key, value)
        return out
    return None  # an alias: not followed


def _skip(loader: Any, first: Any) -> None:
    if not isinstance(first, yaml.SequenceStartEvent | yaml.MappingStartEvent):
        return
    level = 1
    while level:
        ev = loader.get_event()
        if isinstance(ev, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            level += 1
        elif isinstance(ev, yaml.SequenceEndEvent | yaml.MappingEndEvent):
            level -= 1


def top_level(shown: str, text: str, wanted: frozenset[str], enough: frozenset[str] | None = None) -> dict[str, Any]:
    """The `wanted` top-level keys of a YAML mapping document, read until all are seen (or, with
    `enough`, until those are: an optional key that comes later is then not looked for)."""
    stop = wanted if enough is None else enough
    loader = yamlsafe.Loader(text)
    found: dict[str, Any] = {}
    try:
        for expected in (yaml.StreamStartEvent, yaml.DocumentStartEvent, yaml.MappingStartEvent):
            ev = loader.get_event()
            if not isinstance(ev, expected):
                raise ScenarioError([Diagnostic(shown, 1, 1, "", "expected a YAML mapping (key: value lines)")])
        while not stop <= found.keys() and not isinstance(ev := loader.get_event(), yaml.MappingEndEvent):
            key = ev.value if isinstance(ev, yaml.ScalarEvent) else None
            first = loader.get_event()
            if key in wanted and key not in found:
                found[key] = _value(loader, first, 1)
            else:
                _skip(loader, first)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ScenarioError([Diagnostic(shown, line, col, "", f"not valid YAML: {exc.problem}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Diagnostic(shown, 1, 1, "", f"not valid YAML: {exc}")]) from None
    except ScenarioError as exc:
        raise ScenarioError([Diagnostic(shown, d.line, d.col, d.path, d.message) for d in exc.diagnostics]) from None
    finally:
        loader.dispose()
    return found


def _party_names(rb_path: Path, depth: int = 0) -> tuple[dict[str, str], tuple[tuple[str, Path | None], ...]]:
    """Party id → name, following `extends` (the extending rulebook's names win); and the chain of
    `extends` followed, as (name, file found or None)."""
    key = (str(rb_path.resolve()), rb_path.stat().st_mtime_ns)
    if key not in _PARTIES:
        found = top_level(*_text(rb_path), RULEBOOK_KEYS, enough=frozenset({"parties"}))  # `extends` comes first
        parties, extends = found.get("parties"), found.get("extends")
        inherited: dict[str, str] = {}
        chain: tuple[tuple[str, Path | None], ...] = ()
        parent = find_rulebook(rb_path, str(extends)) if isinstance(extends, str) and extends else None
        if isinstance(extends, str) and extends:
            chain = ((extends, parent),)
        if parent is not None and depth < 8 and parent.resolve() != rb_path.resolve():
            inherited, above = _party_names(parent, depth + 1)
            chain += above
        names = inherited | {
            str(p["id"]): str(p.get("name", p["id"]))
            for p in (parties if isinstance(parties, list) else [])
            if isinstance(p, dict) and isinstance(p.get("id"), str)
        }
        _PARTIES[key] = names, chain
    return _PARTIES[key]


def peek(path: Path) -> CardInfo:
    """Raise ScenarioError, OSError, KeyError, TypeError or AttributeError on an unreadable card."""
    data = top_level(*_text(path), CARD_KEYS)
    names: dict[str, str] = {}
    rb_name = str(data.get("rulebook", ""))
    rb_path = find_rulebook(path, rb_name)
    rulebooks: tuple[tuple[str, Path | None], ...] | None = ((rb_name, rb_path),)
    if rb_path is not None:
        try:
            names, chain = _party_names(rb_path)
            rulebooks = ((rb_name, rb_path), *chain)
        except ScenarioError:
            names, rulebooks = {}, None  # the rulebook's problems are reported when the card is opened
    teams = data.get("teams", [])
    return CardInfo(
        path,
        str(data["id"]),
        str(data["title"]),
        str(data.get("summary", "")),
        str(data.get("framing", "historical")),
        [
            (str(t["id"]), names.get(str(t["id"]), str(t["id"])), str(t.get("default_seat", "human")))
            for t in (teams if isinstance(teams, list) else [])
            if isinstance(t, dict) and "id" in t
        ],
        rulebooks,
    )
