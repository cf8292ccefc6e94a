"""The save format (version 3) and reading untrusted save files.

A save is JSON: the card's identity (id, version, path, content hash), the seed, the seats,
the inputs — every turn's orders, mediation answers, inject choices and facilitator rulings
(`turns`), and the facilitator's other decisions (`decisions`) — stored once, and a snapshot
of the game's state after them (its typed event log included; the inputs are not repeated
in it). Older versions are migrated on reading; a file is never modified by reading it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wargame.files.read import FileRefused, read_bytes
from wargame.persistence.errors import SaveError
from wargame.persistence.limits import MAX_SAVE_BYTES
from wargame.persistence.migrations import CURRENT, migrate

FORMAT = "wargame-save"


__all__ = ["CardRef", "SaveFile", "parse_save"]


class CardRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: str
    path: str
    """Where the card was loaded from (as given, relative to the working directory)."""
    content_hash: str
    """sha256 over the card's and its rulebook's bytes when the game was saved."""


class SaveFile(BaseModel):
    """A saved game (format version 3)."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["wargame-save"]
    version: Literal[3]
    wargame: str
    saved_at: str
    game_id: str
    card: CardRef
    seed: int
    seats: dict[str, str]
    facilitator: bool = False
    turns: list[dict[str, Any]] = Field(default_factory=list)
    """Per adjudicated turn: orders, answers, choices, overrides (as recorded by the engine)."""
    decisions: list[dict[str, Any]] = Field(default_factory=list)
    """Facilitator decisions between adjudications, each with its `verb` (see `engine.state`)."""
    snapshot: dict[str, Any]
    """The game state after the last action, including its event log and the RNG's state,
    without the inputs (`turns`, `decisions`) it was reached by."""
    rules_version: int = 1
    """The adjudication rules version the game was played under (`wargame.engine.version`);
    saves written before it was recorded were played under version 1."""
    upgraded_from: int | None = None
    """The format version the file was written in, when it was migrated on reading: its event
    log then records only what that version did (text, changes, explanation), not the
    structured facts of format 3."""


def parse_save(path: Path) -> SaveFile:
    """Read and validate a save; raise SaveError naming the file and what is wrong."""
    shown = str(path)
    try:
        raw = read_bytes(path, MAX_SAVE_BYTES)
    except FileRefused as exc:
        raise SaveError(f"{shown}: {exc.reason}") from None
    if not raw.strip():
        raise SaveError(f"{shown}: the file is empty (an interrupted write?)")
    if raw.lstrip()[:1] != b"{":
        raise SaveError(f"{shown}: not a wargame save (saves are JSON objects; is this a card or another file?)")
    try:
        text = raw.decode("utf-8")
        data = json.loads(text)
    except UnicodeDecodeError:
        raise SaveError(f"{shown}: corrupted save: bytes that are not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        what = "truncated" if exc.pos >= len(text.rstrip()) - 64 else "corrupted"
        raise SaveError(
            f"{shown}: {what} save: invalid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg})"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SaveError(f'{shown}: not a wargame save (no "format": "{FORMAT}" field); is it a card or another file?')
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(f"{shown}: save has no valid version number")
    if version > CURRENT:
        raise SaveError(
            f"{shown}: save format version {version} was written by a newer wargame; "
            f"this one reads versions 1 to {CURRENT}"
        )
    try:
        data = migrate(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{shown}: cannot upgrade this version-{version} save: {exc}") from None
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors(include_url=False)[:5]
        )
        raise SaveError(f"{shown}: damaged save: {problems}") from None
