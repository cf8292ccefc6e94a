"""A scenario compiled once for play: every table the turn loop, the rules, the bots and the
reports read, built once in `compile_scenario` (the one home for lookups).

Built lazily per `LoadedScenario` and cached, so the many games of a simulation share it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from wargame.engine.machine import CrisisMachine
from wargame.scenario.conditions import Evaluator, Expression
from wargame.scenario.loader import LoadedScenario
from wargame.scenario.models import (
    Adjudication,
    Chance,
    Claim,
    Effects,
    Firebreak,
    Hazard,
    Inject,
    MediationStyle,
    Mediator,
    Move,
    Rulebook,
    TrackEntry,
)
from wargame.scenario.references import BUILTIN_NUMBERS, actor_bindings, principals

Delta = tuple[str, float]

NAMED_VARIABLES = frozenset({"engaged", "activations", "mobilising", "forces_ready"})
"""Rulebook variables whose names are worked out here once per card (`wargame lint` counts them as used):
a mediator's `engaged` and `activations` (an offer adds one to each), the mobilisation clock's variables."""


@dataclass(frozen=True)
class MoveRule:
    """A catalogue move as one actor plays it: effects resolved to qualified names."""

    move: Move
    actor: str
    precondition: Callable[[Any], Any]
    """Compiled precondition (called with the game's variables)."""
    odds: Callable[[Any], Any] | None
    effects: tuple[Delta, ...]
    success: tuple[Delta, ...]
    failure: tuple[Delta, ...]
    played: str = ""
    """The variable set when the actor orders it (`played.<actor>.<move>`)."""
    flagged: bool = True
    """Whether the move carries any flag the turn must act on (rung_to, rung_delta, commitment,
    climb_down, kinetic, mobilises, once, ambiguous, style); a move without one only sets `played`."""


@dataclass(frozen=True)
class HazardRule:
    """One accident hazard as it threatens one principal."""

    hazard: Hazard
    party: str
    probability: Evaluator


@dataclass(frozen=True)
class ConditionalInject:
    """An inject that fires the first time its condition holds after adjudication."""

    inject: Inject
    when: Evaluator
    fired: str = ""
    """The variable set when it has fired (`fired.<id>`)."""


@dataclass(frozen=True, slots=True)
class ChanceRule:
    """One chance part of an inject, with its compiled probability."""

    part: Chance
    probability: Evaluator
    happened: str
    """The variable set when it comes up (`happened.<inject>.<part>`)."""
    requires: str | None
    """The variable that must be set first (the part it requires), if any."""


@dataclass(frozen=True, slots=True)
class MediatorRule:
    """A mediator that may step in by rule, with its compiled activation."""

    mediator: Mediator
    hard_trigger: Evaluator | None
    probability: Evaluator


@dataclass(frozen=True, slots=True)
class ClaimRule:
    """A claim with its compiled trigger and the compiled conditions of its outcomes."""

    claim: Claim
    trigger: Evaluator
    outcomes: tuple[tuple[str, Evaluator], ...]
    """(the outcome's text, its condition), in order."""


@dataclass
class Compiled:
    """Everything the engine and the rules need about one scenario, precomputed."""

    scenario: LoadedScenario
    rules: Rulebook
    params: Adjudication
    teams: list[str]
    principals: list[str]
    opponent: dict[str, str]
    moves: dict[str, Move]
    allowed: list[str]
    """Move ids playable on this card, in catalogue order."""
    by_actor: dict[str, dict[str, MoveRule]]
    ranges: dict[str, tuple[float, float, bool]]
    defaults: dict[str, float]
    decay: list[tuple[str, float, float]]
    """(variable, the value it relaxes toward — the card's starting value —, rate)."""
    firebreak_at: dict[int, str]
    expressions: dict[str, Expression]
    n_turns: int
    terminal: dict[str, str]
    top_rung: int
    names: dict[str, str]
    """Party id → display name."""
    move_names: dict[str, str]
    state_names: dict[str, str]
    firebreaks: dict[str, Firebreak]
    mediators: dict[str, Mediator]
    mediator_names: dict[str, str]
    mediator_of_party: dict[str, str]
    """Party id → the mediator it speaks for (a third party that mediates)."""
    styles: dict[str, MediationStyle]
    hazards: list[HazardRule]
    """Each hazard once per principal, in rulebook order."""
    injects: dict[str, Inject]
    """Inject id → inject, in card order."""
    conditional_injects: list[ConditionalInject]
    claims: dict[str, Claim]
    claim_rules: dict[str, ClaimRule]
    """Claim id → its compiled trigger and outcomes, in card order."""
    chance_rules: dict[str, tuple[ChanceRule, ...]]
    """Inject id → its chance parts, compiled, in order."""
    mediator_rules: tuple[MediatorRule, ...]
    """Mediators that can step in by rule on this card (not disabled, not seated), compiled."""
    scripted_at: dict[int, tuple[Inject, ...]]
    """Turn → the injects scripted for its start, in card order."""
    objective_rules: dict[str, tuple[tuple[str, int, Evaluator], ...]]
    """Team → (objective id, points, compiled condition) of each objective."""
    track: dict[tuple[int, str], TrackEntry]
    """(turn, team) → what happened historically."""
    machine: CrisisMachine = field(repr=False)
    start_vars: dict[str, Any] = field(default_factory=dict, repr=False)
    """The variables every game starts from (built on first use by `initial_vars`)."""
    mobilisation: bool = False
    """Whether the rulebook defines the mobilisation clock (the team variables `mobilising`
    and `forces_ready`)."""
    engaged: tuple[tuple[str, str], ...] = ()
    """(mediator id, its `<id>.engaged` variable) of every mediator, in rulebook order."""
    offered: dict[str, tuple[Delta, ...]] = field(default_factory=dict)
    """Mediator id → what making an offer adds (`<id>.engaged` and `<id>.activations`, +1 each)."""
    offer_to: tuple[str, ...] = ()
    """The principals seated at the table: those a mediation offer is made to."""
    narrate: bool = True
    """Whether the rules write event texts and explanations. False in batch mode (`batch_form`):
    the same games, dice and structured event facts, without the words."""
    _resolved: dict[tuple[int, str | None], tuple[Effects, tuple[Delta, ...]]] = field(default_factory=dict, repr=False)

    def resolve(self, effects: Effects, actor: str | None) -> tuple[Delta, ...]:
        """`resolve_effects` for this card, built once per (effects, actor) and then reused."""
        key = (id(effects), actor)
        hit = self._resolved.get(key)
        if hit is not None and hit[0] is effects:
            return hit[1]
        deltas = resolve_effects(effects, actor, self.opponent, self.principals)
        self._resolved[key] = (effects, deltas)  # holding `effects` keeps its id from being reused
        return deltas


def resolve_effects(
    effects: Effects, actor: str | None, opponent: dict[str, str], princ: list[str]
) -> tuple[Delta, ...]:
    """`self.x` → `india.x`, `opponent.x` → `pakistan.x`, `principals.x` → both."""
    out: list[Delta] = []
    for target, delta in effects.items():
        head, _, rest = target.partition(".")
        if head == "self" and actor:
            out.append((f"{actor}.{rest}", delta))
        elif head == "opponent" and actor in opponent:
            out.append((f"{opponent[actor]}.{rest}", delta))
        elif head == "principals":
            out.extend((f"{p}.{rest}", delta) for p in princ)
        elif head not in ("self", "opponent"):
            out.append((target, delta))
    return tuple(out)


_CACHE: dict[int, Compiled] = {}


def compile_scenario(scenario: LoadedScenario) -> Compiled:
    """The compiled form of a loaded scenario (cached per object)."""
    hit = _CACHE.get(id(scenario))
    if hit is not None and hit.scenario is scenario:
        return hit
    rb, card = scenario.rules, scenario.card
    princ = principals(rb)
    opponent = {p: actor_bindings(rb, p)["opponent"] for p in princ if "opponent" in actor_bindings(rb, p)}
    params = Adjudication.model_validate(rb.adjudication.model_dump() | dict(card.parameters))
    allowed = [m.id for m in rb.moves if not card.moves or m.id in card.moves]
    exprs = dict(scenario.expressions)
    by_actor: dict[str, dict[str, MoveRule]] = {p.id: {} for p in rb.parties}
    for move in rb.moves:
        if move.id not in allowed:
            continue
        for actor in move.actors:
            o = move.outcome
            by_actor[actor][move.id] = MoveRule(
                move=move,
                actor=actor,
                precondition=exprs[f"moves.{move.id}.precondition@{actor}"].fn,
                odds=exprs[f"moves.{move.id}.odds@{actor}"].fn if o else None,
                effects=resolve_effects(move.effects, actor, opponent, princ),
                success=resolve_effects(o.success, actor, opponent, princ) if o else (),
                failure=resolve_effects(o.failure, actor, opponent, princ) if o else (),
                played=f"played.{actor}.{move.id}",
                flagged=_flagged(move),
            )
    ranges: dict[str, tuple[float, float, bool]] = {}
    defaults: dict[str, float] = {}
    decay: list[tuple[str, float, float]] = []

    rates: dict[str, float] = {}

    def add(name: str, var: Any) -> None:
        ranges[name] = (var.min, var.max, var.integer)
        defaults[name] = var.default
        if var.decay:
            rates[name] = var.decay

    for v in rb.variables.world:
        add(v.id, v)
    for p in rb.parties:
        for v in rb.variables.team:
            add(f"{p.id}.{v.id}", v)
    for m in rb.mediators:
        for v in rb.variables.mediator:
            add(f"{m.id}.{v.id}", v)
    for name, value in card.initial.items():
        defaults[name] = value
    # decaying variables relax toward the card's starting value
    decay.extend((name, defaults[name], rate) for name, rate in rates.items())
    teams = [t.id for t in card.teams]
    disabled = set(card.disabled_mediators)
    mediator_of_party: dict[str, str] = {}
    for m in rb.mediators:
        if m.party is not None:
            mediator_of_party.setdefault(m.party, m.id)
    by_rule = [m for m in rb.mediators if m.id not in disabled and not (m.party is not None and m.party in teams)]
    hard = {m.id: exprs.get(f"mediators.{m.id}.hard_trigger") for m in by_rule}
    scripted_at: dict[int, list[Inject]] = {}
    for i in card.injects:
        if i.turn is not None:
            scripted_at.setdefault(i.turn, []).append(i)
    compiled = Compiled(
        scenario=scenario,
        rules=rb,
        params=params,
        teams=teams,
        principals=princ,
        opponent=opponent,
        moves={m.id: m for m in rb.moves},
        allowed=allowed,
        by_actor=by_actor,
        ranges=ranges,
        defaults=defaults,
        decay=decay,
        firebreak_at={i: r.firebreak for i, r in enumerate(rb.ladder.rungs) if r.firebreak},
        expressions=exprs,
        n_turns=len(card.calendar),
        terminal={s.id: s.end for s in rb.states if s.end},
        top_rung=len(rb.ladder.rungs) - 1,
        names={p.id: p.name for p in rb.parties},
        move_names={m.id: m.name for m in rb.moves},
        state_names={s.id: s.name for s in rb.states},
        firebreaks={f.id: f for f in rb.ladder.firebreaks},
        mediators={m.id: m for m in rb.mediators},
        mediator_names={m.id: m.name for m in rb.mediators},
        mediator_of_party=mediator_of_party,
        styles={s.id: s for s in rb.mediation_styles},
        hazards=[
            HazardRule(h, p, exprs[f"hazards.{h.id}.probability@{p}"].fn)
            for h in rb.hazards
            if h.id not in {d.id for d in card.hazards if d.disabled}
            for p in princ
        ],
        injects={i.id: i for i in card.injects},
        conditional_injects=[
            ConditionalInject(i, exprs[f"injects.{i.id}.when"].fn, f"fired.{i.id}")
            for i in card.injects
            if i.when is not None
        ],
        claims={cl.id: cl for cl in card.claims},
        claim_rules={
            cl.id: ClaimRule(
                cl,
                exprs[f"claims.{cl.id}.trigger"].fn,
                tuple((o.text, exprs[f"claims.{cl.id}.outcomes.{n}"].fn) for n, o in enumerate(cl.outcomes)),
            )
            for cl in card.claims
        },
        chance_rules={
            i.id: tuple(
                ChanceRule(
                    part,
                    exprs[f"injects.{i.id}.chances.{part.id}"].fn,
                    f"happened.{i.id}.{part.id}",
                    f"happened.{i.id}.{part.requires}" if part.requires is not None else None,
                )
                for part in i.chances
            )
            for i in card.injects
        },
        mediator_rules=tuple(
            MediatorRule(m, _fn(hard[m.id]), exprs[f"mediators.{m.id}.probability"].fn) for m in by_rule
        ),
        scripted_at={turn: tuple(found) for turn, found in scripted_at.items()},
        objective_rules={
            t.id: tuple((o.id, o.points, exprs[f"objectives.{t.id}.{o.id}"].fn) for o in t.objectives)
            for t in card.teams
        },
        track={(e.turn, e.team): e for e in card.historical_track},
        machine=CrisisMachine(rb, exprs),
        mobilisation=bool(princ) and f"{princ[0]}.mobilising" in ranges and f"{princ[0]}.forces_ready" in ranges,
        engaged=tuple((m.id, f"{m.id}.engaged") for m in rb.mediators),
        offered={m.id: ((f"{m.id}.engaged", 1), (f"{m.id}.activations", 1)) for m in rb.mediators},
        offer_to=tuple(p for p in princ if p in teams),
    )
    _CACHE[id(scenario)] = compiled
    return compiled


def _flagged(move: Move) -> bool:
    return bool(
        move.rung_to is not None
        or move.rung_delta
        or move.commitment
        or move.climb_down
        or move.kinetic
        or move.mobilises
        or move.once
        or move.ambiguous
        or move.style
    )


def _fn(expression: Expression | None) -> Evaluator | None:
    return expression.fn if expression is not None else None


_BATCH: dict[int, Compiled] = {}


def batch_form(scenario: LoadedScenario) -> Compiled:
    """The compiled scenario for batch play (`narrate` False), sharing every table of the
    logged form (cached per scenario object)."""
    hit = _BATCH.get(id(scenario))
    if hit is not None and hit.scenario is scenario:
        return hit
    quiet = replace(compile_scenario(scenario), narrate=False)
    _BATCH[id(scenario)] = quiet
    return quiet


def initial_vars(c: Compiled) -> dict[str, Any]:
    """Variables at the start of a game: defaults, the card's `initial`, and the built-ins (a
    fresh copy of the compiled scenario's starting variables, built once)."""
    if not c.start_vars:
        c.start_vars.update(_start_vars(c))
    return dict(c.start_vars)


def _start_vars(c: Compiled) -> dict[str, Any]:
    card, rb = c.scenario.card, c.rules
    env: dict[str, Any] = dict(c.defaults)
    for m in rb.mediators:
        for p in c.principals:
            env[f"{m.id}.leverage.{p}"] = m.leverage.get(p, 0.0)
            env[f"{m.id}.alignment.{p}"] = m.alignment.get(p, 0.0)
    for name in BUILTIN_NUMBERS:
        env[name] = 0
    for fb in rb.ladder.firebreaks:
        env[f"crossed.{fb.id}"] = 0
    env["turn"] = 1
    env["rung"] = card.start_rung
    env["peak_rung"] = card.start_rung
    env["turns_left"] = c.n_turns - 1
    env["state"] = card.start_state or rb.initial_state
    return env
