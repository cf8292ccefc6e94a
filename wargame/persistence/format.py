"""The save format (version 3) and reading untrusted save files.

A save is JSON: the card's identity (id, version, path, content hash), the seed, the seats,
the inputs — every turn's orders, mediation answers, inject choices and facilitator rulings
(`turns`), and the facilitator's other decisions (`decisions`) — stored once, and a snapshot
of the game's state after them (its typed event log included; the inputs are not repeated
in it). Older versions are migrated on reading; a file is never modified by reading it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from wargame.files.read import FileRefused, read_bytes
from wargame.persistence.errors import SaveError
from wargame.persistence.limits import MAX_SAVE_BYTES
from wargame.persistence.migrations import CURRENT, migrate
from wargame.scenario.vocabulary import POLICY_NAMES

FORMAT = "wargame-save"


__all__ = ["CardRef", "SaveFile", "parse_save", "played_seats"]


class CardRef(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: str
    path: str
    """Where the card was loaded from (as given, relative to the working directory)."""
    content_hash: str
    """sha256 over the card's and its rulebook's bytes when the game was saved."""


MAX_TURNS = 10_000
"""Recorded turns a save may hold (a 72-turn card is long)."""
MAX_DECISIONS = 10_000
"""Facilitator decisions a save may hold."""
MAX_EVENTS = 200_000
"""Events a snapshot's log may hold."""
MAX_TEXT = 10_000
"""Characters in one recorded text (a facilitator's reason, an id)."""

Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]
Turn = Annotated[int, Field(ge=0, le=MAX_TURNS)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
SEATS = ("human", *(f"bot:{p}" for p in POLICY_NAMES))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrderRecord(_Strict):
    move: Name
    authorise: bool = False


class OverrideRecord(_Strict):
    success: bool
    reason: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    """A ruling always carries the facilitator's written reason."""


class TurnRecord(_Strict):
    """One adjudicated turn's inputs, as the engine records them."""

    orders: dict[Name, Annotated[list[OrderRecord], Field(max_length=100)]] = Field(default_factory=dict)
    answers: dict[Name, dict[Name, Literal["accept", "reject", "counter"]]] = Field(default_factory=dict)
    choices: dict[Name, dict[Name, Name]] = Field(default_factory=dict)
    overrides: dict[Name, OverrideRecord] = Field(default_factory=dict)
    reasons: dict[Name, Annotated[str, Field(max_length=200)]] = Field(default_factory=dict)
    """Each team's optional one-line why for its orders this turn (left out when none gave one)."""


def _checked_fallback(got: str) -> str:
    if got != "nothing" and got not in SEATS[1:]:
        raise ValueError(f"unknown fallback {got!r}; expected 'nothing' or one of: {', '.join(SEATS[1:])}")
    return got


class FireRecord(_Strict):
    verb: Literal["fire"]
    before_turn: Turn
    inject: Name


class HoldRecord(_Strict):
    verb: Literal["hold"]
    before_turn: Turn
    inject: Name


class AdjustRecord(_Strict):
    verb: Literal["adjust"]
    before_turn: Turn
    name: Name
    value: Finite
    reason: Text = ""


class UndoRecord(_Strict):
    verb: Literal["undo"]
    before_turn: Turn
    undone_turn: Turn


class ClockExpiredRecord(_Strict):
    verb: Literal["clock_expired"]
    before_turn: Turn
    teams: Annotated[dict[Name, Annotated[str, AfterValidator(_checked_fallback)]], Field(min_length=1, max_length=100)]
    """team → what it got when its time ran out: `nothing` or the fallback `bot:POLICY`."""
    reason: Text = ""


DecisionRecord = Annotated[
    FireRecord | HoldRecord | AdjustRecord | UndoRecord | ClockExpiredRecord, Field(discriminator="verb")
]


class SnapshotShape(BaseModel):
    """What resuming reads from a snapshot, checked before anything is rebuilt (other fields pass)."""

    model_config = ConfigDict(extra="allow")
    vars: dict[Name, Finite | bool | Text] = Field(default_factory=dict)
    log: Annotated[list[dict[str, Any]], Field(max_length=MAX_EVENTS)] = Field(default_factory=list)
    rng_state: list[Any] = Field(default_factory=list)


_TURNS = TypeAdapter(list[TurnRecord])
_DECISIONS = TypeAdapter(list[DecisionRecord])


def _checked_turns(turns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t.model_dump() for t in _TURNS.validate_python(turns)]


def _checked_decisions(decisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [d.model_dump() for d in _DECISIONS.validate_python(decisions)]


def _checked_snapshot(snapshot: dict[str, Any]) -> dict[str, Any]:
    if snapshot:
        SnapshotShape.model_validate(snapshot)
    return snapshot


def _checked_seat(seat: str) -> str:
    if seat not in SEATS:
        raise ValueError(f"unknown seat {seat!r}; expected one of: {', '.join(SEATS)}")
    return seat


class SaveFile(BaseModel):
    """A saved game (format version 3)."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["wargame-save"]
    version: Literal[3]
    wargame: str
    saved_at: str
    game_id: str
    card: CardRef
    seed: Annotated[int, Field(ge=-(2**63), lt=2**63)]
    seats: dict[Name, Annotated[str, AfterValidator(_checked_seat)]]
    facilitator: bool = False
    turns: Annotated[list[dict[str, Any]], Field(max_length=MAX_TURNS), AfterValidator(_checked_turns)] = Field(
        default_factory=list
    )
    """Per adjudicated turn: orders, answers, choices, overrides (as recorded by the engine)."""
    decisions: Annotated[list[dict[str, Any]], Field(max_length=MAX_DECISIONS), AfterValidator(_checked_decisions)] = (
        Field(default_factory=list)
    )
    """Facilitator decisions between adjudications, each with its `verb` (see `engine.state`)."""
    snapshot: Annotated[dict[str, Any], AfterValidator(_checked_snapshot)]
    """The game state after the last action, including its event log and the RNG's state,
    without the inputs (`turns`, `decisions`) it was reached by."""
    rules_version: int = 1
    """The adjudication rules version the game was played under (`wargame.engine.version`);
    saves written before it was recorded were played under version 1."""
    turn_clock: Annotated[float, Field(gt=0, le=24 * 60)] | None = None
    """A served game's turn clock in minutes (`wargame serve --resume` restores it)."""
    bot_clients: dict[Name, Annotated[str, AfterValidator(_checked_seat)]] = Field(default_factory=dict)
    """Human seats whose orders a `wargame join --bot` client gave (team → `bot:POLICY`): the
    server waits for them as for people; the report counts them as bot seats."""
    upgraded_from: int | None = None
    """The format version the file was written in, when it was migrated on reading: its event
    log then records only what that version did (text, changes, explanation), not the
    structured facts of format 3."""


def played_seats(save: SaveFile) -> dict[str, str]:
    """Who played each team, as the report says it: the seats, with a human seat whose orders a
    `wargame join --bot` client gave shown as that bot."""
    return {t: save.bot_clients.get(t, seat) if seat == "human" else seat for t, seat in save.seats.items()}


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
    except RecursionError:
        raise SaveError(f"{shown}: damaged save: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts
        raise SaveError(f"{shown}: damaged save: {exc}") from None
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
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise SaveError(f"{shown}: cannot upgrade this version-{version} save: {exc}") from None
    try:
        return SaveFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in exc.errors(include_url=False)[:5]
        )
        raise SaveError(f"{shown}: damaged save: {problems}") from None
