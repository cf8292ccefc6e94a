"""Game state and the event log, as plain data that round-trips through JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

Value = float | int | str | bool


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
    """One entry of the append-only event log."""

    turn: int
    kind: str
    text: str
    team: str | None = None
    visible_to: list[str] | None = None
    """Teams that see it; None means everyone."""
    explanation: Explanation | None = None
    changes: dict[str, float] = field(default_factory=dict)
    """Variables changed by the event, with their deltas."""
    data: dict[str, Any] = field(default_factory=dict)

    def visible(self, team: str | None) -> bool:
        return team is None or self.visible_to is None or team in self.visible_to


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


@dataclass
class ActiveMediation:
    """An accepted offer still in force for one party."""

    mediator: str
    style: str
    party: str
    until_turn: int
    scale: float


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
    decisions: list[dict[str, Any]] = field(default_factory=list)
    """Facilitator decisions between adjudications, in order: `{"before_turn": n, "verb":
    "fire" | "hold" | "adjust" | "undo", …}` (undo is a note; the others are replayed)."""
    rung_path: list[int] = field(default_factory=list)
    """The rung at the end of each adjudicated turn (the escalation chart)."""
    hazard_bonus: float = 0.0
    end: str | None = None
    scores: dict[str, int] = field(default_factory=dict)
    met: dict[str, list[str]] = field(default_factory=dict)

    @property
    def turn(self) -> int:
        return int(self.vars["turn"])

    @property
    def crisis_state(self) -> str:
        return str(self.vars["state"])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameState:
        d = dict(data)
        d["log"] = [_event(e) for e in d.get("log", [])]
        d["offers"] = [Offer(**o) for o in d.get("offers", [])]
        d["choices"] = [PendingChoice(**c) for c in d.get("choices", [])]
        d["claims"] = [ClaimEntry(**c) for c in d.get("claims", [])]
        d["active"] = [ActiveMediation(**a) for a in d.get("active", [])]
        d["inputs"] = [_turn_input(t) for t in d.get("inputs", [])]
        return cls(**d)


def _event(d: dict[str, Any]) -> Event:
    d = dict(d)
    if d.get("explanation") is not None:
        d["explanation"] = Explanation(**d["explanation"])
    return Event(**d)


def _turn_input(d: dict[str, Any]) -> TurnInput:
    return TurnInput(
        orders={t: [Order(**o) for o in os] for t, os in d.get("orders", {}).items()},
        answers=d.get("answers", {}),
        choices=d.get("choices", {}),
        overrides=d.get("overrides", {}),
    )


def rng_to_json(state: tuple[Any, ...]) -> list[Any]:
    version, internal, gauss = state
    return [version, list(internal), gauss]


def rng_from_json(data: list[Any]) -> tuple[Any, ...]:
    version, internal, gauss = data
    return (version, tuple(internal), gauss)
