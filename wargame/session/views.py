"""What front ends receive from a play session: plain, typed, JSON-serialisable data.

Every model refuses unknown fields and round-trips through `model_dump(mode="json")`, so a
network server can send it over a socket as it is. Fog of war is applied when a view is
built (`wargame.session.adapt`); a team's view never holds another team's private
variables, private events or drafted orders.

Audiences: a team id (that team's view), `PUBLIC` (the projector: public information only)
or `FACILITATOR` (everything)."""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

PUBLIC: Final = "@public"
FACILITATOR: Final = "@facilitator"
"""Audiences besides the teams (team ids are lower-case identifiers, so they never clash)."""

Value = bool | int | float | str


class View(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Situation(View):
    """The public situation: where the crisis stands."""

    turn: int
    n_turns: int
    date: str
    label: str
    """The calendar's label of the turn (the last turn's once the game is over)."""
    state: str
    state_name: str
    rung: int
    rung_name: str
    n_rungs: int
    over: bool
    end: str | None
    """How the game ended (resolution, frozen, war, nuclear, timeout), when it is over."""
    paused: bool = False


class EventView(View):
    """One entry of the event log as an audience may see it."""

    index: int
    """Position in the game's event log (stable until an undo, override or rewind)."""
    turn: int
    kind: str
    text: str
    team: str | None
    seen_by: list[str] | None
    """Teams that see it; None: public."""
    explained: bool
    """Whether chance (or a facilitator ruling) was involved: `detail` then says how."""
    detail: str
    """The full explanation card: the text, the why (or that no chance was involved) and the
    changes."""
    why: str
    """Why it came out as it did, in sentences (odds as percentages with the roll, a rung change
    itemised by move, a state change by its rule's label) and what it changed; may be empty."""
    changes: dict[str, float]
    rule: str = ""
    """For designers: the ids and expressions behind the event (never shown unasked)."""
    inject: str | None = None
    """The inject this event delivered (inject events)."""
    inject_text: str | None = None


class Firebreak(View):
    id: str
    name: str
    description: str
    standing_cost: float


class MoveOption(View):
    """A move as a team sees it this turn, legal or not (with the reason)."""

    id: str
    name: str
    category: str
    description: str
    legal: bool
    reason: str
    odds: float | None
    visibility: Literal["public", "private", "secret"]
    firebreak: Firebreak | None
    """The firebreak it would cross: the order must be authorised."""
    effects: list[tuple[str, float]]
    effects_named: list[tuple[str, float]] = []
    """The same effects with labels instead of ids ("your domestic pressure")."""
    ladder: str = ""
    """What it does to the rung, in words ("takes the crisis to at least rung 5 of 13 (…)")."""


class OrderDraft(View):
    """One order: a move id, and the explicit authorisation a firebreak needs."""

    move: str
    authorise: bool = False


class Draft(View):
    """A team's submission for a turn: orders, answers to mediation offers, inject choices."""

    orders: list[OrderDraft] = []
    answers: dict[str, Literal["accept", "reject", "counter"]] = {}
    """offer id → answer."""
    choices: dict[str, str] = {}
    """inject id → choice id."""
    why: str = ""
    """The team's optional one-line reason for its orders, recorded in the save for the debrief."""


class Offer(View):
    """A mediation offer awaiting the team's answer."""

    id: str
    mediator: str
    mediator_name: str
    style: str
    style_description: str
    text: str
    turn: int


class ChoiceOption(View):
    id: str
    label: str


class Choice(View):
    """An inject's choice awaiting the team."""

    inject: str
    title: str
    text: str
    options: list[ChoiceOption]


class Objective(View):
    description: str
    points: int


class StatusRow(View):
    """One line of a team's Status tab: a variable by its label, with its meaning."""

    group: Literal["yours", "others", "world"]
    """Your own variables (private ones included), the other parties' public ones, the world's."""
    key: str
    label: str
    value: Value
    description: str


class GlossaryEntry(View):
    """A variable, rung, crisis state or mediation style with a one-line description."""

    key: str
    label: str
    description: str
    group: str


class TeachingNote(View):
    """What one mechanic represents, and its sources (F1 and the report's appendix)."""

    title: str
    text: str
    sources: list[str]
    """Sources as `publisher, title (date)`."""


class TeamView(View):
    """Everything one team may see now (fog of war applied)."""

    team: str
    name: str
    situation: Situation
    briefing: str
    objectives: list[Objective]
    variables: dict[str, Value]
    """World variables, the team's own (private ones included), the others' public ones."""
    options: list[MoveOption]
    max_orders: int
    offers: list[Offer]
    choices: list[Choice]
    events: list[EventView]
    draft: Draft | None
    """What the team has submitted this turn (None: nothing yet)."""
    submitted: bool
    status: list[StatusRow] = []
    """The Status tab: variables by label, grouped (yours, the others' public, the world)."""


class Reference(View):
    """What every audience may look up at any time (F1): the glossary and the teaching notes."""

    glossary: list[GlossaryEntry]
    teaching: list[TeachingNote]


class InjectStatus(View):
    id: str
    title: str
    status: str
    """delivered, held, `scripted, turn N`, conditional, or for the facilitator."""


class Outcome(View):
    """A chance outcome of the last adjudicated turn that the facilitator may overrule."""

    team: str
    move: str
    label: str


class Decision(View):
    """A facilitator decision recorded between adjudications."""

    before_turn: int
    verb: str
    summary: str


class Seat(View):
    team: str
    name: str
    seat: str
    """`human` or `bot:<policy>`."""
    submitted: bool


class FacilitatorView(View):
    """The whole game: every team's variables, injects, last orders, decisions, drafts."""

    situation: Situation
    seats: list[Seat]
    team_variables: list[str]
    """Per-team variable ids (the value of `india.resolve` is under that qualified name)."""
    world_variables: list[str]
    variables: dict[str, Value]
    injects: list[InjectStatus]
    last_orders: dict[str, list[OrderDraft]]
    overridable: list[Outcome]
    decisions: list[Decision]
    drafts: dict[str, Draft]
    events: list[EventView]
    can_undo: bool
    rewind_turns: list[int]
    variable_labels: dict[str, str] = {}
    """Each id of `team_variables` and `world_variables` → its label (the console's main column)."""


class PublicView(View):
    """The projector: public information only."""

    title: str
    situation: Situation
    teams: list[str]
    """Team names."""
    ladder: list[str]
    rung_path: list[int]
    events: list[EventView]


class Observation(View):
    """A strength or an area for improvement, with its evidence (HSEEP)."""

    strength: bool
    text: str
    evidence: str
    root_cause: str
    """A prompt for the discussion of why."""
    recommendation: str


class ObjectiveReview(View):
    description: str
    points: int
    met: bool
    rating: str
    """P, S, M or U: performed without challenges, with some, with major challenges, unable."""
    observations: list[Observation]


class TeamScore(View):
    name: str
    score: int
    objectives: list[tuple[str, int, bool]]
    """(description, points, met)."""
    seat: str = ""
    reviews: list[ObjectiveReview] = []


class DecisionPoint(View):
    """A decision of a human team worth discussing, with what it knew, the odds and its why."""

    turn: int
    date: str
    team: str
    orders: list[str]
    knew: str
    odds: str
    outcome: str
    why: str


class Question(View):
    """A hot-wash question from the card, with the objectives and sources it draws on."""

    text: str
    objectives: list[str]
    sources: list[str]


class ClaimReview(View):
    subject: str
    claims: dict[str, str]
    truth: str
    """The historical record."""
    game_truth: str | None = None
    """What was true in this game, when the card says (shown beside the record)."""


class PathCell(View):
    played: str
    """What the team did in this game."""
    history: str
    """What it did in history."""
    note: str = ""


class PathRow(View):
    turn: int
    label: str
    teams: dict[str, PathCell]


class DebriefView(View):
    """The end of the game: escalation, objectives and scores, claims, the historical track."""

    title: str
    end: str
    end_state: str
    peak_rung: int
    rung_path: list[int]
    ladder: list[str]
    teams: list[TeamScore]
    claims: list[ClaimReview]
    path_vs_history: list[PathRow]
    decision_points: list[DecisionPoint] = []
    decision_source: str = ""
    comparison: str = ""
    """Where this game sits among simulated games from the same start, in one sentence."""
    dangers: list[str] = []
    questions: list[Question] = []
    firebreaks: list[tuple[int, str]] = []
    """(rung, firebreak name): climbing onto the rung crosses the firebreak."""


class Receipt(View):
    """The answer to a submission."""

    team: str
    turn: int
    request_id: str | None
    adjudicated: bool
    """Whether this submission completed the turn (every human seat had submitted)."""
    duplicate: bool = False
    """A resend of a request already accepted: nothing was changed."""


Change = Literal[
    "started",
    "submitted",
    "adjudicated",
    "fired",
    "held",
    "overridden",
    "adjusted",
    "undone",
    "rewound",
    "paused",
    "resumed",
    "seats",
]


class Updates(View):
    """What changed since a version, for one audience.

    `resync` is true when the client's version is unknown or older than an undo, override or
    rewind: then `events` is the audience's whole visible log and the client should replace
    what it holds. Otherwise `events` are the events added since the version."""

    version: int
    since: int
    resync: bool
    changes: list[Change]
    situation: Situation
    events: list[EventView]
    submitted: list[str]
    """Teams whose submission for this turn is in."""
    options: list[MoveOption] | None = None
    """A team's options, when anything that can change them happened."""
    draft: Draft | None = None
    """A team's own draft (never another team's)."""
