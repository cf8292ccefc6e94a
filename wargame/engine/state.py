"""Game state, the typed event log and facilitator decisions, as plain data that round-trips through JSON."""

from __future__ import annotations

import copy
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any, Literal

from wargame.engine.version import RULES_VERSION

Value = float | int | str | bool


class EventKind(StrEnum):
    """What an event records; its structured fields depend on the kind."""

    ORDER = "order"
    MISPERCEPTION = "misperception"
    HAZARD = "hazard"
    CHANCE = "chance"
    MOBILISATION = "mobilisation"
    FIREBREAK = "firebreak"
    RUNG = "rung"
    TRANSITION = "transition"
    MEDIATION_OFFER = "mediation_offer"
    MEDIATION_ANSWER = "mediation_answer"
    INJECT = "inject"
    CHOICE = "choice"
    CLAIM = "claim"
    EVIDENCE = "evidence"
    FACILITATOR = "facilitator"
    END = "end"


@dataclass(slots=True)
class Explanation:
    """Why a random outcome came out as it did."""

    rule: str
    """The rule that was applied (e.g. `outcome roll`, `hazard`, `mediation activation`)."""
    probability: float
    roll: float
    modifiers: dict[str, float] = field(default_factory=dict)
    """The terms that made up the probability (names and values)."""
    override: str | None = None
    """The facilitator's reason, when a ruling replaced the roll."""


@dataclass(slots=True)
class Event:
    """One entry of the append-only event log: its text for people, and structured facts
    (None where they do not apply to its kind) for reports, the UI and saves."""

    turn: int
    kind: EventKind
    text: str
    team: str | None = None
    visible_to: list[str] | None = None
    """Teams that see it; None means everyone."""
    explanation: Explanation | None = None
    changes: dict[str, float] = field(default_factory=dict)
    """Variables changed by the event, with their deltas."""
    move: str | None = None
    """order, misperception: the move ordered (or misread)."""
    success: bool | None = None
    """order: whether a move with a chance outcome succeeded; chance: whether the part came up;
    mediation_answer: whether the offer took hold."""
    firebreak: str | None = None
    """order: the firebreak the move crosses; firebreak: the firebreak crossed."""
    rung_before: int | None = None
    """rung: the rung before the turn's change."""
    rung_after: int | None = None
    hazard: str | None = None
    inject: str | None = None
    """inject, choice, chance, facilitator (hold): the inject."""
    chance: str | None = None
    """chance: the inject's chance part that was rolled (`success` says whether it came up)."""
    body: str | None = None
    """inject: its full text."""
    cause: str | None = None
    """inject: scripted | conditional | facilitator; mediation_offer: rule | move."""
    historical: bool | None = None
    """inject: whether it happened in history."""
    offer: str | None = None
    answer: str | None = None
    """mediation_answer: accept | reject | counter."""
    leverage: float | None = None
    acceptance: float | None = None
    choice: str | None = None
    claim: str | None = None
    """claim, evidence: the claim."""
    trigger: str | None = None
    """transition: the rulebook's trigger name."""
    state_before: str | None = None
    state_after: str | None = None
    variable: str | None = None
    """facilitator (adjust): the variable set."""
    end: str | None = None
    """end: how the game ended."""

    def visible(self, team: str | None) -> bool:
        return team is None or self.visible_to is None or team in self.visible_to

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form; structured facts that do not apply are left out."""
        out: dict[str, Any] = {}
        for name in _EVENT_FIELDS:
            value = getattr(self, name)
            if value is None and name not in EVENT_BASE_FIELDS:
                continue
            out[name] = asdict(value) if isinstance(value, Explanation) else value
        out["kind"] = str(self.kind)
        out["changes"] = dict(self.changes)
        if self.visible_to is not None:
            out["visible_to"] = list(self.visible_to)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        d = dict(data)
        d["kind"] = EventKind(d["kind"])
        if d.get("explanation") is not None:
            d["explanation"] = Explanation(**d["explanation"])
        return cls(**d)


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
EVENT_BASE_FIELDS = ("turn", "kind", "text", "team", "visible_to", "explanation", "changes")
"""The fields every saved event carries (all that format-2 saves recorded, `data` aside)."""


@dataclass(slots=True)
class Order:
    """One move a team orders; `authorise` confirms crossing a firebreak."""

    move: str
    authorise: bool = False


@dataclass
class Offer:
    """A mediation offer awaiting the principals' answers."""

    id: str
    mediator: str
    style: str
    turn: int
    to: list[str]
    text: str
    answers: dict[str, str] = field(default_factory=dict)


@dataclass
class PendingChoice:
    """An inject's choice awaiting its chooser."""

    inject: str
    team: str
    turn: int
    choices: list[str]


@dataclass
class ClaimEntry:
    """A contested claim recorded in the ledger."""

    claim: str
    turn: int
    evidence_revealed: list[int] = field(default_factory=list)
    game_truth: str | None = None
    """What is true in this game (the claim's first outcome that held when last read); None:
    the historical truth applies."""


@dataclass
class TurnInput:
    """Everything the players and the facilitator decided for one turn."""

    orders: dict[str, list[Order]] = field(default_factory=dict)
    answers: dict[str, dict[str, str]] = field(default_factory=dict)
    """team → offer id → accept | reject | counter."""
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    """team → inject id → choice id."""
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    """`team/move` → {success: bool, reason: str}."""
    reasons: dict[str, str] = field(default_factory=dict)
    """team → the team's optional one-line "why" for its orders (for the debrief; no effect on play)."""


@dataclass
class ActiveMediation:
    """An accepted offer still in force for one party."""

    mediator: str
    style: str
    party: str
    until_turn: int
    scale: float


@dataclass(frozen=True)
class FireInject:
    """The facilitator delivered an inject now."""

    before_turn: int
    inject: str
    verb: Literal["fire"] = "fire"


@dataclass(frozen=True)
class HoldInject:
    """The facilitator held an inject back."""

    before_turn: int
    inject: str
    verb: Literal["hold"] = "hold"


@dataclass(frozen=True)
class AdjustVariable:
    """The facilitator set a variable (or the rung), with a reason."""

    before_turn: int
    name: str
    value: float
    reason: str = ""
    verb: Literal["adjust"] = "adjust"


@dataclass(frozen=True)
class UndoNote:
    """The facilitator undid a turn (a note: the undone turn is simply not replayed)."""

    before_turn: int
    undone_turn: int
    verb: Literal["undo"] = "undo"


@dataclass(frozen=True)
class ClockExpired:
    """The turn ended before some teams submitted (the turn clock ran out, or the facilitator
    ended the turn): `teams` says what each of them got — `nothing` (it ordered nothing) or
    the `bot:POLICY` that played its seat for this turn."""

    before_turn: int
    teams: dict[str, str]
    reason: str = "the turn clock ran out"
    verb: Literal["clock_expired"] = "clock_expired"


FacilitatorDecision = FireInject | HoldInject | AdjustVariable | UndoNote | ClockExpired
_DECISIONS: dict[str, type[FacilitatorDecision]] = {
    "fire": FireInject,
    "hold": HoldInject,
    "adjust": AdjustVariable,
    "undo": UndoNote,
    "clock_expired": ClockExpired,
}


def decision_to_dict(decision: FacilitatorDecision) -> dict[str, Any]:
    return asdict(decision)


def decision_from_dict(data: dict[str, Any]) -> FacilitatorDecision:
    """A decision from its JSON form (`verb` says which); ValueError if it is not one."""
    kind = _DECISIONS.get(str(data.get("verb")))
    if kind is None:
        raise ValueError(f"unknown facilitator decision {data.get('verb')!r}")
    names = {f.name for f in fields(kind)}
    return kind(**{k: v for k, v in data.items() if k in names})


@dataclass
class GameState:
    """Everything about a game in progress. `vars` is also the environment that conditions
    read: variables by qualified name plus the built-ins (turn, rung, state, …)."""

    scenario_id: str
    seed: int
    vars: dict[str, Value]
    rng_state: list[Any]
    log: list[Event] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)
    choices: list[PendingChoice] = field(default_factory=list)
    claims: list[ClaimEntry] = field(default_factory=list)
    active: list[ActiveMediation] = field(default_factory=list)
    inputs: list[TurnInput] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    """Injects the facilitator holds back."""
    played_once: list[str] = field(default_factory=list)
    """`team/move` of once-only moves already played."""
    mediator_cooldown: dict[str, int] = field(default_factory=dict)
    decisions: list[FacilitatorDecision] = field(default_factory=list)
    """Facilitator decisions between adjudications, in order (undo is a note; the others are replayed)."""
    rung_path: list[int] = field(default_factory=list)
    """The rung at the end of each adjudicated turn (the escalation chart)."""
    hazard_bonus: float = 0.0
    rules_version: int = RULES_VERSION
    """The adjudication rules this game is played under, from its start to its end (one of
    `version.REPLAYABLE`: a game resumed from a version-2 save keeps version 2's rules)."""
    played_under: int | None = None
    """When the game continues from a save played under an earlier rules version: that version
    (its recorded turns cannot be re-derived under the current rules, so saves keep saying so)."""
    end: str | None = None
    scores: dict[str, int] = field(default_factory=dict)
    met: dict[str, list[str]] = field(default_factory=dict)

    @property
    def turn(self) -> int:
        return int(self.vars["turn"])

    @property
    def crisis_state(self) -> str:
        return str(self.vars["state"])

    def to_dict(self, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """JSON-able copy (what `dataclasses.asdict` gives, events and decisions in their JSON
        form), without the fields named in `leave_out`. Linear in the size of the state.
        A turn's `reasons` are left out when empty, so saves without them stay as they were."""
        out: dict[str, Any] = {}
        for name in STATE_FIELDS:
            if name in leave_out:
                continue
            value = getattr(self, name)
            if name == "log":
                out[name] = [e.to_dict() for e in value]
            elif name == "decisions":
                out[name] = [decision_to_dict(d) for d in value]
            else:
                out[name] = _plain(value)
        for inp in out.get("inputs", []):
            if not inp.get("reasons"):
                inp.pop("reasons", None)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameState:
        d = dict(data)
        d["log"] = [Event.from_dict(e) for e in d.get("log", [])]
        d["decisions"] = [decision_from_dict(x) for x in d.get("decisions", [])]
        d["offers"] = [Offer(**o) for o in d.get("offers", [])]
        d["choices"] = [PendingChoice(**c) for c in d.get("choices", [])]
        d["claims"] = [ClaimEntry(**c) for c in d.get("claims", [])]
        d["active"] = [ActiveMediation(**a) for a in d.get("active", [])]
        d["inputs"] = [turn_input_from_dict(t) for t in d.get("inputs", [])]
        return cls(**d)


STATE_FIELDS = tuple(f.name for f in fields(GameState))
_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """A deep copy of plain data and dataclasses as `dataclasses.asdict` makes it, without its
    generic machinery (the undo point of every turn and every autosave go through here)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is dict:
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if kind is tuple:
        return tuple(_plain(v) for v in value)
    if hasattr(kind, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in kind.__dataclass_fields__}
    return copy.deepcopy(value)


def turn_input_to_dict(inp: TurnInput) -> dict[str, Any]:
    """The JSON form of one turn's input (as `dataclasses.asdict` gives it; `reasons` only when
    a team gave one, so saves without them stay as they were)."""
    out = _plain(inp)
    if not out.get("reasons"):
        out.pop("reasons", None)
    return out


def turn_input_from_dict(d: dict[str, Any]) -> TurnInput:
    return TurnInput(
        orders={t: [Order(**o) for o in os] for t, os in d.get("orders", {}).items()},
        answers=d.get("answers", {}),
        choices=d.get("choices", {}),
        overrides=d.get("overrides", {}),
        reasons={str(k): str(x) for k, x in (d.get("reasons") or {}).items()},
    )


def rng_to_json(state: tuple[Any, ...]) -> list[Any]:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def rng_from_json(data: list[Any]) -> tuple[Any, ...]:
    version, internal, gauss = data
    return (version, tuple(internal), gauss)
