"""One record per simulated game, read from its typed event log (`EventKind` and the events'
structured fields), never from event texts.

A `GameRecord` holds what a researcher tabulates: how the game ended and when, the peak rung,
each team's score, the sets of firebreaks, injects, claims and crisis states seen, how often
each hazard struck, mediation by style (offered / accepted / agreed), the final values of the
variables the card names as `outcomes`, and the path turn by turn (rung, state, orders).

Rates over a batch follow directly: the share of games in which inject X fired is the mean of
`X in record.injects`; the rate of hazard H per game is the mean of `record.hazards.get(H, 0)`;
the share ending in kind K is the mean of `record.end == K`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wargame.engine.state import EventKind

if TYPE_CHECKING:
    from wargame.engine.compiled import Compiled
    from wargame.engine.game import Game
    from wargame.engine.state import GameState

STYLES = ("facilitation", "formulation", "manipulation")
# The kinds as plain module names: reading a member off the enum class costs ~15x a global.
_ORDER, _TRANSITION, _FIREBREAK, _INJECT = EventKind.ORDER, EventKind.TRANSITION, EventKind.FIREBREAK, EventKind.INJECT
_CHANCE, _CHOICE, _CLAIM, _HAZARD = EventKind.CHANCE, EventKind.CHOICE, EventKind.CLAIM, EventKind.HAZARD
_MOBILISATION, _MEDIATION_OFFER, _MEDIATION_ANSWER = (
    EventKind.MOBILISATION,
    EventKind.MEDIATION_OFFER,
    EventKind.MEDIATION_ANSWER,
)
MEDIATION_COUNTS = ("offered", "accepted", "agreed")


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """One adjudicated turn: the rung and crisis state after it, and each team's orders."""

    turn: int
    rung: int
    state: str
    orders: dict[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class OfferFact:
    """One principal's answer to one mediation offer."""

    style: str
    answer: str
    took_hold: bool
    open_question: bool
    """No ceasefire stood before the answer: an agreement could still be reached."""
    agreement: bool
    """Accepted with no ceasefire standing, and a ceasefire came into force within
    `AGREEMENT_WINDOW` turns of the answer."""


AGREEMENT_WINDOW = 1
"""Turns after an accepted offer within which a ceasefire counts as an agreement it reached
("short term": the turn it is answered and the next)."""


@dataclass(frozen=True, slots=True)
class GameRecord:
    """The facts of one finished game (see the module doc for deriving rates)."""

    seed: int
    end: str
    end_turn: int
    """The calendar turn at which the game ended."""
    peak_rung: int
    final_rung: int
    final_state: str
    scores: dict[str, int]
    firebreaks: tuple[str, ...]
    """Firebreaks crossed, in the order they were crossed."""
    injects: frozenset[str]
    claims: frozenset[str]
    states: frozenset[str]
    """Crisis states the game was in at any point, the starting state included."""
    hazards: dict[str, int]
    """Hazard id → how many times it struck (any party)."""
    mediation: dict[str, dict[str, int]]
    """Style → {offered, accepted, agreed}: offers made; offers at least one party accepted;
    offers every party they were made to accepted."""
    outcomes: dict[str, float]
    path: tuple[TurnRecord, ...] = field(default=())
    # What the batch's event rates (`sim.rates.Rates`) count, read in the same pass:
    entered: frozenset[str] = frozenset()
    """The starting state and every state a transition entered (a timeout's final state is
    set without a transition, so it is in `states` but not here)."""
    struck: frozenset[str] = frozenset()
    """`hazard@party` of every hazard that struck."""
    chances: frozenset[str] = frozenset()
    """`inject.part` of every chance part that came up."""
    choices: frozenset[str] = frozenset()
    """`inject.choice` of every inject choice taken."""
    successes: frozenset[str] = frozenset()
    """`team/move` of every chance move that succeeded."""
    first_turn: dict[str, int] = field(default_factory=dict)
    """`team/move` → the first turn it was ordered."""
    first_kinetic: dict[str, int] = field(default_factory=dict)
    """Principal → the first turn it ordered a use of force."""
    forces_ready: dict[str, int] = field(default_factory=dict)
    """Principal → the turn at whose end its mobilised forces became ready."""
    nuclear_turn: int | None = None
    """The turn the crisis entered a state with end kind `nuclear`."""
    offers: tuple[OfferFact, ...] = ()
    """Every principal's answer to every mediation offer, in order."""
    tension: float | None = None
    """Post-crisis tension at the end (when the rulebook defines `tension`)."""
    activations: dict[str, int] = field(default_factory=dict)
    """Mediator → how many times it stepped in."""


def _offer_style(offer_id: str) -> str:
    """The style of an offer, from its id `t<turn>-<mediator>-<style>` (ids never contain '-')."""
    return offer_id.rsplit("-", 1)[-1]


class GameFacts:
    """What a game's record is made of, noted event by event: by `record_game` as it reads a typed
    event log, and by the batch engine (`sim.fastplay`) as the events happen. `record` makes the
    `GameRecord` from them and the finished game's state."""

    __slots__ = (
        "answered",
        "answers",
        "ceasefire",
        "ceasefire_at",
        "chances",
        "choices",
        "claims",
        "entered",
        "firebreaks",
        "first_kinetic",
        "first_turn",
        "hazards",
        "injects",
        "nuclear_turn",
        "offers",
        "ready",
        "start_state",
        "state_after_turn",
        "states",
        "struck",
        "successes",
    )

    def __init__(self, c: Compiled) -> None:
        self.start_state = c.scenario.card.start_state or c.rules.initial_state
        self.first_turn: dict[str, int] = {}
        self.successes: set[str] = set()
        self.first_kinetic: dict[str, int] = {}
        self.answers: dict[str, list[str]] = {}
        """Offer id → the principals' answers to it."""
        self.answered: list[tuple[int, str, str, bool, bool]] = []
        """(turn, style, answer, took hold, no ceasefire before it) of every answer, in order."""
        self.injects: set[str] = set()
        self.offers: dict[str, str] = {}
        """Offer id → its style, in the order the offers were made."""
        self.states = {self.start_state}
        self.entered = {self.start_state}
        self.state_after_turn: dict[int, str] = {}
        self.nuclear_turn: int | None = None
        self.claims: dict[str, list[int]] = {}
        """Claim id → evidence revealed (the claims ledger, in the order claims entered it)."""
        self.chances: set[str] = set()
        self.choices: set[str] = set()
        self.firebreaks: list[str] = []
        self.hazards: dict[str, int] = {}
        self.struck: set[str] = set()
        self.ready: dict[str, int] = {}
        self.ceasefire = float(c.defaults.get("ceasefire", 0.0))
        """The ceasefire as the events' changes add it up (decay is not logged)."""
        self.ceasefire_at: dict[int, float] = {}
        """Turn → that sum after the turn's last event (a turn with no event has no entry)."""

    def record(self, c: Compiled, s: GameState, outcomes: tuple[str, ...], path: bool) -> GameRecord:
        """The record of the finished (or stopped) game whose state is `s`."""
        env = s.vars
        return GameRecord(
            seed=s.seed,
            end=s.end or "unfinished",
            end_turn=len(s.inputs),  # turns played (a terminal state at the start of a turn ends it unplayed)
            peak_rung=int(env["peak_rung"]),
            final_rung=int(env["rung"]),
            final_state=s.crisis_state,
            scores={t: int(s.scores.get(t, 0)) for t in c.teams},
            firebreaks=tuple(self.firebreaks),
            injects=frozenset(self.injects),
            claims=frozenset(self.claims),
            states=frozenset(self.states | {s.crisis_state}),
            hazards=dict(self.hazards),
            mediation=mediation_counts(self.offers, self.answers),
            outcomes={name: float(env[name]) for name in outcomes if name in env},
            path=turn_path(c, s, self.state_after_turn, self.start_state) if path else (),
            entered=frozenset(self.entered),
            struck=frozenset(self.struck),
            chances=frozenset(self.chances),
            choices=frozenset(self.choices),
            successes=frozenset(self.successes),
            first_turn=self.first_turn,
            first_kinetic=self.first_kinetic,
            forces_ready=self.ready,
            nuclear_turn=self.nuclear_turn,
            offers=offer_facts(self.answered, self.ceasefire_at),
            tension=float(env["tension"]) if "tension" in env else None,
            activations={m.id: int(env.get(f"{m.id}.activations", 0)) for m in c.rules.mediators},
        )


def record_game(game: Game, outcomes: tuple[str, ...] = (), path: bool = True) -> GameRecord:
    """The record of a finished (or stopped) game, from its state and typed event log, in one
    pass over the log (`path=False` leaves out the turn-by-turn path)."""
    c, s = game.compiled, game.state
    f = GameFacts(c)
    first_turn, successes, first_kinetic, answers, answered = (
        f.first_turn,
        f.successes,
        f.first_kinetic,
        f.answers,
        f.answered,
    )
    moves, opponent, terminal, ceasefire_at = c.moves, c.opponent, c.terminal, f.ceasefire_at
    ceasefire = f.ceasefire
    for e in s.log:
        before = ceasefire
        changes = e.changes
        if changes and "ceasefire" in changes:
            ceasefire += changes["ceasefire"]
        ceasefire_at[e.turn] = ceasefire
        kind = e.kind  # the branches in order of how often each kind occurs
        if kind is _ORDER:
            if e.team and e.move:
                first_turn.setdefault(f"{e.team}/{e.move}", e.turn)
                if e.success:
                    successes.add(f"{e.team}/{e.move}")
                if moves[e.move].kinetic and e.team in opponent:
                    first_kinetic.setdefault(e.team, e.turn)
        elif kind is _MEDIATION_ANSWER:
            if e.offer and e.answer:
                answers.setdefault(e.offer, []).append(e.answer)
                answered.append((e.turn, _offer_style(e.offer), e.answer, bool(e.success), before < 1))
        elif kind is _INJECT:
            if e.inject:
                f.injects.add(e.inject)
        elif kind is _MEDIATION_OFFER:
            if e.offer:
                f.offers[e.offer] = _offer_style(e.offer)
        elif kind is _TRANSITION:
            if e.state_after:
                f.states.add(e.state_after)
                f.entered.add(e.state_after)
                f.state_after_turn[e.turn] = e.state_after
                if f.nuclear_turn is None and terminal.get(e.state_after) == "nuclear":
                    f.nuclear_turn = e.turn
        elif kind is _CLAIM:
            if e.claim:
                f.claims.setdefault(e.claim, [])
        elif kind is _CHANCE:
            if e.success:
                f.chances.add(f"{e.inject}.{e.chance}")
        elif kind is _CHOICE:
            if e.inject and e.choice:
                f.choices.add(f"{e.inject}.{e.choice}")
        elif kind is _FIREBREAK:
            if e.firebreak:
                f.firebreaks.append(e.firebreak)
        elif kind is _HAZARD:
            if e.hazard:
                f.hazards[e.hazard] = f.hazards.get(e.hazard, 0) + 1
                f.struck.add(f"{e.hazard}@{e.team}")
        elif kind is _MOBILISATION and e.team:
            f.ready.setdefault(e.team, e.turn)
    f.ceasefire = ceasefire
    return f.record(c, s, outcomes, path)


def mediation_counts(offers: dict[str, str], answers: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Style → {offered, accepted, agreed} from the offers made (id → style) and each offer's answers."""
    mediation = {style: dict.fromkeys(MEDIATION_COUNTS, 0) for style in STYLES}
    for offer_id, style in offers.items():
        counts = mediation.setdefault(style, dict.fromkeys(MEDIATION_COUNTS, 0))
        counts["offered"] += 1
        given = answers.get(offer_id, [])
        if "accept" in given:
            counts["accepted"] += 1
        if given and all(a == "accept" for a in given):
            counts["agreed"] += 1
    return mediation


def offer_facts(
    answered: list[tuple[int, str, str, bool, bool]], ceasefire_at: dict[int, float]
) -> tuple[OfferFact, ...]:
    """Each answer, and whether it reached an agreement: a ceasefire within the window."""
    last = max(ceasefire_at) if ceasefire_at else 0
    out = []
    for turn, style, ans, took, open_question in answered:
        agreed = ans == "accept" and open_question and _ceasefire_within(ceasefire_at, turn, last)
        out.append(OfferFact(style, ans, took, open_question, agreed))
    return tuple(out)


def _ceasefire_within(ceasefire_at: dict[int, float], turn: int, last: int) -> bool:
    """Whether a ceasefire stood at the end of some turn of the agreement window from `turn`."""
    for t in range(turn, min(turn + AGREEMENT_WINDOW, last) + 1):
        v = ceasefire_at.get(t)
        if v is not None and v >= 1:
            return True
    return False


def turn_path(c: Compiled, s: GameState, state_after_turn: dict[int, str], start_state: str) -> tuple[TurnRecord, ...]:
    """Each adjudicated turn of the game whose state is `s`: rung, crisis state and orders."""
    first = 1  # a simulated game is played from its first turn; inputs are turns 1, 2, …
    out: list[TurnRecord] = []
    state = start_state
    for i, inp in enumerate(s.inputs):
        turn = first + i
        state = state_after_turn.get(turn, state)
        last = i == len(s.inputs) - 1
        rung = s.rung_path[i] if i < len(s.rung_path) else int(s.vars["rung"])
        out.append(
            TurnRecord(
                turn=turn,
                rung=rung,
                state=s.crisis_state if last and s.end else state,
                orders={t: tuple(o.move for o in inp.orders.get(t, [])) for t in c.teams},
            )
        )
    return tuple(out)


def card_outcomes(c: Compiled) -> tuple[str, ...]:
    """The variables the card names as outcomes (its `outcomes:` list), when it has one."""
    return tuple(getattr(c.scenario.card, "outcomes", ()) or ())


def describe(c: Compiled) -> dict[str, Any]:
    """The ids a batch's columns are made of, in rulebook and card order."""
    return {
        "teams": list(c.teams),
        "firebreaks": [f.id for f in c.rules.ladder.firebreaks],
        "injects": list(c.injects),
        "claims": list(c.claims),
        "states": [st.id for st in c.rules.states],
        "hazards": [h.id for h in c.rules.hazards],
        "styles": list(STYLES),
        "outcomes": list(card_outcomes(c)),
    }
