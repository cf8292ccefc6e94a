"""Pydantic models of rulebooks (`rules/*.yaml`) and scenario cards (`scenarios/*.yaml`).

Every model is frozen and forbids unknown fields, so a typo in a card is an error
rather than a silently ignored key. The attribute docstrings below become the
descriptions of the JSON Schema (`wargame schema`) that editors show as hover help.

Cross-references (a move naming a rulebook party, an inject citing a source, …)
and expressions are checked after this structural validation, by
`wargame.scenario.references`, so that each problem can be reported at its line.

The annotations are evaluated as the classes are defined (no `from __future__ import annotations`): pydantic
then has no strings to compile and evaluate, which makes a cold `wargame validate` measurably quicker.
"""

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""A lower-case identifier: letters, digits and underscores, starting with a letter."""

CardId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
"""A file-name-like id: lower-case letters, digits and hyphens."""

Expr = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""An expression of the condition language (see docs/authoring.md#conditions)."""

Text = Annotated[str, StringConstraints(max_length=20000)]

RungRef = Annotated[int, Field(ge=0)] | Ident
"""A rung of the ladder by its `id` (e.g. `cross_border_strike`). A number (the rung's index) is still
accepted for this version, with a deprecation warning: `wargame migrate FILE` rewrites it as the id."""

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
EndKind = Literal["resolution", "frozen", "war", "nuclear", "timeout"]
Style = Literal["facilitation", "formulation", "manipulation"]
Category = Literal["diplomatic", "information", "military", "economic", "mediation"]
Visibility = Literal["public", "private", "secret"]

Effects = dict[str, float]
"""Changes applied to state variables, as `target: delta`. A target is a world variable
(`intl_attention`), a party's variable (`pakistan.econ_stress`), or in a move or hazard
`self.<var>`, `opponent.<var>` or `principals.<var>` (both principal parties).
Results are clamped to the variable's range."""


class Model(BaseModel):
    """Common configuration: frozen and unknown keys refused.

    Attribute docstrings are not read at run time (pydantic would parse this file's source on
    every start); `wargame.scenario.schema` reads them once to write the JSON Schema."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- sources


class Source(Model):
    """A published source for a historical fact."""

    id: Ident
    """How cards and moves cite this source."""
    title: Text
    """Title of the article, statement or report."""
    publisher: Text
    """Outlet or institution (name the wire service when an outlet reprints one)."""
    date: dt.date | None = None
    """Publication date, YYYY-MM-DD, when known."""
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    """Where the source can be read. Leave it out rather than guess when only the outlet and
    date are known (say so in `note`); `wargame validate` warns about it."""
    confidence: Literal["V", "S"]
    """V: the source text shows the fact; S: a secondary or summarised source. Unverified
    ([M]) items cannot be cited as history, so there is no third value."""
    note: Text = ""
    """What the source supports, or caveats."""


class Historical(Model):
    """Where a move or event happened in the record."""

    date: dt.date
    """When it happened."""
    note: Text
    """What happened, in one or two sentences."""
    sources: list[Ident] = Field(min_length=1)
    """Ids of entries in `sources:` that support the note."""


# --------------------------------------------------------------------------- rulebook


class Party(Model):
    """An actor the rulebook knows: a principal of the crisis or a third party."""

    id: Ident
    """Identifier used in moves, expressions (`pakistan.econ_stress`) and cards' teams."""
    name: Text
    """Display name."""
    role: Literal["principal", "third_party"]
    """Principals escalate against each other; third parties pressure and mediate."""
    description: Text = ""


class Firebreak(Model):
    """A qualitative threshold of the ladder (Kahn). Crossing it upwards needs an explicit
    authorisation in the order and costs the crosser standing."""

    id: Ident
    name: Text
    description: Text = ""
    standing_cost: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Subtracted from the crossing party's `intl_standing`."""
    attention_jump: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Added to world `intl_attention` when crossed."""
    hazard_jump: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Added to every accident hazard's probability for the rest of the game."""
    limited: bool = False
    """A threshold of limited (sub-strategic) conflict: under a nuclear ceiling its standing cost
    is discounted by the adjudication parameter `nuclear_ceiling_discount` (the
    stability–instability paradox; docs/rules-reference.md)."""


class Rung(Model):
    """One rung of the escalation ladder. A rung's index is its position in the list."""

    id: Ident
    name: Text
    kahn: list[Annotated[int, Field(ge=0, le=44)]] = Field(min_length=1)
    """Rung(s) of Kahn's 44-rung ladder this rung corresponds to (0 = below the ladder)."""
    description: Text = ""
    firebreak: Ident | None = None
    """Firebreak crossed when the crisis climbs onto this rung from below."""
    anchor: Text = ""
    """A historical anchor for the rung, for designers (not shown as history)."""


class Ladder(Model):
    """The escalation ladder: rungs from the lowest (index 0) up, and its firebreaks."""

    rungs: list[Rung] = Field(min_length=2)
    firebreaks: list[Firebreak] = []


class CrisisState(Model):
    """A finite state of the crisis. A state with `end` set is terminal."""

    id: Ident
    name: Text
    description: Text = ""
    end: EndKind | None = None
    """How the game ends in this state; terminal states have no outgoing transitions."""


class Transition(Model):
    """A transition of the crisis state machine, fired after adjudication when `when` holds."""

    trigger: Ident
    """Name of the transition (shown in the log and the state graph)."""
    source: list[Ident] = Field(min_length=1)
    """States it may leave."""
    dest: Ident
    """State it enters."""
    when: Expr
    """Condition over the state (e.g. `rung >= 7`)."""
    label: Text = ""
    """What the condition means, in words a player reads (e.g. "three calm turns, relations
    restored and no punitive measures"); shown instead of `when`, which stays available to
    designers."""
    description: Text = ""


class Variable(Model):
    """A numeric state variable with its range and default."""

    id: Ident
    name: Text
    description: Text = ""
    min: float
    max: float
    default: float
    integer: bool = False
    """Whole numbers only (counters, levels, 0/1 flags)."""
    private: bool = False
    """Team variables only: hidden from other teams (fog of war)."""
    decay: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Fraction of the distance to the default recovered at the end of each turn."""


class Variables(Model):
    """State variables by scope."""

    world: list[Variable] = []
    """Global variables, named bare in expressions (`intl_attention`)."""
    team: list[Variable] = []
    """Variables every party has, named `<party>.<var>`."""
    mediator: list[Variable] = []
    """Variables every mediator has, named `<mediator>.<var>`."""


class Outcome(Model):
    """A chance outcome: success with probability logistic(odds)."""

    odds: Expr
    """Log-odds of success, e.g. `0.5 + 2*(self.mil_air - opponent.mil_air_defence)`."""
    success: Effects = {}
    """Effects when the roll succeeds."""
    failure: Effects = {}
    """Effects when it fails."""
    success_text: Text = ""
    failure_text: Text = ""


class Move(Model):
    """An entry of the move catalogue."""

    id: Ident
    name: Text
    category: Category
    """DIME category, or mediation for third-party good offices."""
    actors: list[Ident] = Field(min_length=1)
    """Parties that may play it."""
    description: Text
    precondition: Expr = "true"
    """When it is legal (e.g. `rung >= 6 and self.alert_level >= 1`)."""
    precondition_label: Text = ""
    """When it is legal, in words a player reads (e.g. "once forces are on alert and the crisis
    has reached a show of force"); shown instead of `precondition` when the move is unavailable."""
    effects: Effects = {}
    """Effects applied whenever it is played."""
    outcome: Outcome | None = None
    """A chance outcome rolled when it is played."""
    rung_delta: Annotated[int, Field(ge=-5, le=5)] = 0
    """Steps up (+) or down (−) the ladder."""
    rung_to: RungRef | None = None
    """Raise the crisis to at least this rung (its id; kinetic moves)."""
    visibility: Visibility = "public"
    """public: everyone sees it; private: actor and the other principal; secret: actor only."""
    ambiguous: bool = False
    """May be misread by the other side as one rung higher (misperception roll)."""
    kinetic: bool = False
    """A use of force: it breaks a lull and feeds accident hazards."""
    climb_down: bool = False
    """A step back that costs audience costs in proportion to public commitment."""
    commitment: Annotated[int, Field(ge=0, le=3)] = 0
    """Turns added to the actor's public-commitment clock (audience costs)."""
    style: Style | None = None
    """For mediation moves: the style of the offer it makes to the principals."""
    offramp: bool = False
    """A face-saving move, legal only once a formulation offer has been accepted."""
    once: bool = False
    """Can be played once per game."""
    mobilises: bool = False
    """Orders forces to mobilise: the actor's `forces_ready` variable (when the rulebook defines
    it) becomes 1 only `mobilisation_lag` turns later (adjudication parameter)."""
    historical: Historical | None = None
    """The historical instance of the move, with its sources."""


class ActivationRule(Model):
    """When a mediator steps in."""

    probability: Expr
    """Chance per turn (clipped to 0..1), e.g. `0.05 + 0.6*intl_attention + 0.3*(rung >= 7)`."""
    hard_trigger: Expr | None = None
    """Activation is certain while this holds (e.g. a firebreak crossed)."""
    cooldown: Annotated[int, Field(ge=0, le=20)] = 1
    """Turns after an activation before the next one."""


class Mediator(Model):
    """A third party that may offer mediation by rule."""

    id: Ident
    name: Text
    description: Text = ""
    party: Ident | None = None
    """The rulebook party it is, when it can also be a playable team. While that party is
    seated at the table its team decides, so the rule does not fire."""
    styles: dict[Style, Probability] = Field(min_length=1)
    """Preferred styles with their weights."""
    leverage: dict[Ident, Probability]
    """Leverage over each principal (0..1): scales the effect of its offers."""
    alignment: dict[Ident, Annotated[float, Field(ge=-1, le=1)]] = {}
    """Alignment toward each principal (−1 hostile .. +1 aligned). A principal's readiness to
    accept an offer is its acceptance of the style plus `alignment_weight` × this alignment."""
    activation: ActivationRule
    offer: Text
    """Text of its offer to the principals."""
    historical: list[Historical] = []


class MediationStyle(Model):
    """How a style acts when a principal accepts an offer (ICB findings)."""

    id: Style
    name: Text = ""
    """Label shown to players (e.g. "Formulation — proposing terms"); default: the id capitalised."""
    description: Text
    on_accept: Effects = {}
    """Effects on the accepting side (`self.*`) and the world, applied in full when the offer
    takes hold: one roll against the mediator's leverage over that side (a counter-proposal
    rolls against leverage × `counter_scale`). Nothing is scaled or rounded."""
    on_reject: Effects = {}
    """Effects on a side that rejects, applied in full when a roll against the mediator's
    leverage over it comes up (the carrots withdrawn, the sticks used)."""
    misperception_factor: Annotated[float, Field(ge=0, le=2)] = 1.0
    """Multiplies misperception chances while the mediation is active."""
    audience_cost_factor: Annotated[float, Field(ge=0, le=2)] = 1.0
    """Multiplies the audience cost of climbing down while active."""
    duration: Annotated[int, Field(ge=1, le=10)] = 2
    """Turns the accepted mediation stays active."""


class Hazard(Model):
    """An accident or inadvertent event rolled once per turn for each principal."""

    id: Ident
    name: Text
    description: Text = ""
    probability: Expr
    """Chance per turn (clipped to 0..1); `self` and `opponent` refer to the exposed party."""
    effects: Effects = {}
    rung_delta: Annotated[int, Field(ge=0, le=3)] = 0
    text: Text
    """What the event log says happened."""
    historical: Historical | None = None


class Adjudication(Model):
    """Adjudication parameters. A card may override any of them."""

    max_orders_per_turn: Annotated[int, Field(ge=1, le=6)] = 2
    """Moves a team may order in one turn."""
    misperception_base: Probability = 0.15
    """Chance that an ambiguous move is misread as one rung higher."""
    quantal_temperature: Annotated[float, Field(gt=0, le=10)] = 0.5
    """Temperature of the quantal-response bot (lower = closer to the best reply)."""
    audience_cost_rate: Annotated[float, Field(ge=0, le=1)] = 0.05
    """Domestic pressure added per turn of public commitment when climbing down."""
    hazard_cap: Probability = 0.5
    """Upper bound of any single accident probability per turn."""
    misperception_effects: Effects = {"self.domestic_pressure": 0.08, "nuclear_alarm": 0.1}
    """Effects when a principal misreads the other's ambiguous move (`self` is the one who
    misreads, `opponent` the mover)."""
    misperception_rung: Annotated[int, Field(ge=0, le=2)] = 1
    """Rungs added when the misread move was a use of force."""
    counter_scale: Probability = 0.5
    """A counter-proposal takes hold with this share of an acceptance's chance (for one turn)."""
    alignment_weight: Annotated[float, Field(ge=0, le=1)] = 0.0
    """How much a mediator's alignment with a principal adds to (or, if hostile, takes from)
    that principal's acceptance of its offers."""
    mobilisation_lag: Annotated[int, Field(ge=0, le=20)] = 0
    """Turns between an order to mobilise (a move with `mobilises`) and forces being ready."""
    nuclear_ceiling_discount: Probability = 0.0
    """Share of a `limited` firebreak's standing cost waived while the world variable
    `nuclear_ceiling` is 1 (stability–instability paradox)."""
    tension_per_kinetic: Annotated[float, Field(ge=0, le=1)] = 0.0
    """Added to the world variable `tension` (post-crisis tension) for each use of force, when
    the rulebook defines it."""


class Removals(Model):
    """Entries of the extended rulebook that this one drops, by id."""

    parties: list[Ident] = []
    moves: list[Ident] = []
    hazards: list[Ident] = []
    transitions: list[Ident] = []
    """By `trigger`."""
    mediators: list[Ident] = []
    states: list[Ident] = []
    sources: list[Ident] = []


class TeachingNote(Model):
    """What one mechanic of the rules represents, and where the idea comes from: shown in F1 and
    printed in the after-action report's appendix."""

    id: Ident
    title: Text
    """The mechanic, named as players meet it (e.g. "Firebreaks")."""
    text: Text
    """What it represents and how it works, in two to four sentences for a student."""
    sources: list[Ident] = []
    """Ids of the rulebook's `sources:` the idea comes from."""


class Rulebook(Model):
    """Generic rules of a family of crises, shared by many scenario cards."""

    kind: Literal["rulebook"]
    """Always `rulebook`."""
    schema_version: Literal[1]
    """Version of this format."""
    id: CardId
    """Name cards use to refer to it; the file is `rules/<id>.yaml` (the id must match the file name)."""
    extends: CardId | None = None
    """Id of a rulebook this one builds on: its entries are inherited, an entry here with the
    same id replaces the inherited one, new entries are added, and `remove:` drops entries."""
    remove: Removals | None = None
    """Inherited entries to drop, by id (only with `extends`)."""
    title: Text
    version: Annotated[str, StringConstraints(max_length=32)]
    """Version of this rulebook's content (quote it: "1.10")."""
    description: Text = ""
    parties: list[Party] = Field(min_length=2)
    ladder: Ladder
    states: list[CrisisState] = Field(min_length=2)
    initial_state: Ident
    """State a game starts in."""
    timeout_state: Ident
    """Terminal state (end kind `timeout`) entered when the calendar runs out."""
    transitions: list[Transition] = []
    variables: Variables
    moves: list[Move] = Field(min_length=1)
    mediators: list[Mediator] = []
    mediation_styles: list[MediationStyle] = []
    hazards: list[Hazard] = []
    adjudication: Adjudication = Adjudication()
    teaching: list[TeachingNote] = []
    """What each mechanic represents, with its source (see `TeachingNote`)."""
    sources: list[Source] = []


# --------------------------------------------------------------------------- scenario card


class Objective(Model):
    """Something a team wants, scored when the game ends."""

    id: Ident
    description: Text
    condition: Expr
    """Holds at the end if the objective is met (e.g. `rung <= 8 and india.narrative >= 0.5`)."""
    points: Annotated[int, Field(ge=-100, le=100)] = 1


class Team(Model):
    """A seat at the table: one rulebook party played by a human, a bot or the facilitator."""

    id: Ident
    """The rulebook party this team plays."""
    briefing: Text
    """The team's private briefing, written from its own government's point of view."""
    objectives: list[Objective] = []
    default_seat: Annotated[str, StringConstraints(pattern=r"^(human|bot:[a-z_-]+)$")] = "human"
    """`human` or `bot:<policy>` (historical, hawk, dove, tit-for-tat, quantal, random)."""


class CalendarTurn(Model):
    """One turn of the crisis calendar."""

    date: dt.date
    """First day the turn covers."""
    label: Text
    """Short title shown in the crisis header."""
    days: Annotated[int, Field(ge=1, le=60)] = 1
    """How many days the turn covers."""


class Chance(Model):
    """A chance part of an inject: rolled when the inject fires, with its explanation."""

    id: Ident
    name: Text
    """Short name shown in the log and in simulation rates."""
    probability: Expr
    """Chance that it happens (clipped to 0..1), read after the parts before it."""
    requires: Ident | None = None
    """An earlier part of the same inject that must have happened for this one to be rolled."""
    effects: Effects = {}
    rung_delta: Annotated[int, Field(ge=-5, le=5)] = 0
    """Rungs the crisis moves when it happens (accidental: it may cross firebreaks)."""
    text: Text
    """What the event log says happened."""
    historical: bool = False
    """Whether it happened in the record (the inject must then cite sources)."""


class Choice(Model):
    """An answer a team can give to an inject."""

    id: Ident
    label: Text
    effects: Effects = {}
    """Effects of choosing it (`self` is the choosing team)."""
    rung_delta: Annotated[int, Field(ge=-5, le=5)] = 0
    """Steps up (+) or down (−) the ladder when this choice is made."""
    historical: bool = False
    """What the chooser actually did in the record. At most one choice of an inject may say so,
    and the inject must then cite `sources` that support it; leave every choice unmarked when
    the record is unverified. The historical bot follows the marked choice."""


class Inject(Model):
    """An event delivered to teams: scripted (`turn`), conditional (`when`) or, with
    neither, held for the facilitator to fire."""

    id: Ident
    title: Text
    text: Text
    turn: Annotated[int, Field(ge=1)] | None = None
    """Calendar turn (1-based) at whose start it is delivered."""
    when: Expr | None = None
    """Delivered at the first turn this condition holds."""
    audience: list[Ident] = []
    """Teams that see it; empty means everyone."""
    effects: Effects = {}
    rung_delta: Annotated[int, Field(ge=-5, le=5)] = 0
    chooser: Ident | None = None
    """Team that answers the choices."""
    choices: list[Choice] = []
    chances: list[Chance] = []
    """Chance parts rolled in order when the inject fires (e.g. an aircraft lost, a pilot
    captured); `happened("inject", "part")` reads them in expressions."""
    attributed_to: Ident | None = None
    """For an attack by a group based in a principal's territory: that principal. Tit-for-tat
    bots treat it as that principal's defection."""
    historical: bool = False
    """Presented as history: then `sources` must cite at least one source."""
    sources: list[Ident] = []


class Evidence(Model):
    """Evidence about a claim, revealed at a later turn."""

    turn: Annotated[int, Field(ge=1)]
    """Calendar turn at which it becomes public."""
    text: Text
    sources: list[Ident] = []


class ClaimOutcome(Model):
    """What is true about a claim in one game, when its condition holds at the end."""

    when: Expr
    """Condition over the game's state (e.g. `happened("air_battle", "mig21_downed")`)."""
    text: Text
    """The truth in this game."""


class Claim(Model):
    """A contested claim: what each side says, kept apart from the truth."""

    id: Ident
    subject: Text
    trigger: Expr
    """The claim enters the ledger at the first turn this holds (e.g. `played("india", "precision_strike_camp")`)."""
    truth: Text
    """What independent evidence supports in the historical record (shown beside this game's
    truth in the debrief)."""
    outcomes: list[ClaimOutcome] = []
    """The truth in this game: the first outcome whose condition holds when the game ends (or,
    before that, when the ledger is read); none holding means the historical truth applies."""
    claims: dict[Ident, Text] = Field(min_length=1)
    """Each party's claim."""
    evidence: list[Evidence] = []
    sources: list[Ident] = []


class TrackEntry(Model):
    """What a team actually did in one turn of the real crisis."""

    turn: Annotated[int, Field(ge=1)]
    team: Ident
    moves: list[Ident] = []
    """Catalogue moves that best match what it did (empty: it held)."""
    note: Text
    sources: list[Ident] = Field(min_length=1)


class DebriefQuestion(Model):
    """A hot-wash question the card asks after play, tied to what it teaches."""

    text: Text
    """The question, as the seminar leader reads it out."""
    objectives: list[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")]] = []
    """Objectives it discusses, as `<team>.<objective id>` (e.g. `india.punish_credibly`)."""
    sources: list[Ident] = []
    """Sources (the card's or the rulebook's) the discussion can draw on."""
    when: Expr | None = None
    """Ask it only when this held at the end of the game (e.g. `peak_rung >= 7`)."""


class Debrief(Model):
    """The card's debrief: the questions the hot wash should discuss."""

    questions: list[DebriefQuestion] = Field(default=[], max_length=20)
    """Asked in order; the report prints at most five, those whose `when` held."""


class HazardChange(Model):
    """How this card changes one of the rulebook's hazards."""

    id: Ident
    """The rulebook hazard."""
    probability: Expr | None = None
    """Replaces the hazard's probability on this card (e.g. a narrower condition)."""
    disabled: bool = False
    """The hazard is never rolled on this card."""


class Scenario(Model):
    """A playable crisis: teams, calendar, injects, objectives, claims and the historical track."""

    kind: Literal["scenario"]
    """Always `scenario`."""
    schema_version: Literal[1]
    id: CardId
    title: Text
    version: Annotated[str, StringConstraints(max_length=32)]
    """Version of this card's content (quote it: "1.10")."""
    summary: Annotated[str, StringConstraints(min_length=1, max_length=160)]
    """One line shown in `wargame list` and on the home screen."""
    description: Text = ""
    framing: Literal["historical", "counterfactual", "future", "tutorial"] = "historical"
    """Whether the card follows the record, departs from it, imagines a future crisis or teaches the interface."""
    rulebook: CardId
    """Id of the rulebook, found as `rules/<id>.yaml`."""
    teams: list[Team] = Field(min_length=2)
    calendar: list[CalendarTurn] = Field(min_length=1)
    initial: dict[str, float] = {}
    """Starting values overriding the rulebook's defaults (`pakistan.econ_stress: 0.6`)."""
    start_rung: RungRef = 0
    """Rung the game starts on, by id (a card that opens mid-crisis); default the lowest."""
    start_state: Ident | None = None
    """Crisis state the game starts in; default: the rulebook's `initial_state`."""
    parameters: dict[str, float] = {}
    """Overrides of the rulebook's `adjudication` parameters."""
    moves: list[Ident] = []
    """Restrict play to these catalogue moves; empty means all."""
    disabled_mediators: list[Ident] = []
    """Mediators that never step in on this card."""
    hazards: list[HazardChange] = []
    """Narrow (a new `probability`) or disable rulebook hazards on this card."""
    outcomes: list[Annotated[str, StringConstraints(max_length=128)]] = Field(default=[], max_length=32)
    """Variables (qualified names, e.g. `pakistan.domestic_pressure`) whose final values
    `wargame simulate --rows` reports for every game."""
    injects: list[Inject] = []
    claims: list[Claim] = []
    historical_track: list[TrackEntry] = []
    debrief: Debrief = Debrief()
    """Hot-wash questions tied to the card's objectives and sources."""
    sources: list[Source] = []
