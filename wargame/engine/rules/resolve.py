"""Adjudication of one turn, all orders together, in this order (rules version 3):

0. answers — mediation offers (each acceptance or rejection takes hold on a roll against the
   mediator's leverage) and inject choices from the previous turn are applied;
1. legality — orders were checked on submission (`legality.check_orders`);
2. reveal — each order becomes an event seen by everyone (public), the actor and the other
   principal (private), or the actor alone (secret);
3. outcome rolls — a move's effects apply; a move with an outcome succeeds with probability
   logistic(odds) against one roll of the game's RNG (or a facilitator ruling, which from
   rules version 3 still draws the roll it replaces, so later dice do not move);
   public commitment grows, climbing down pays audience costs, a firebreak crossing costs the
   crosser standing (a `limited` firebreak less under a nuclear ceiling), a use of force adds
   post-crisis tension, an order to mobilise starts the mobilisation clock;
4. the deliberate rung — raised to the highest `rung_to`, then moved by the sum of
   `rung_delta`s (steps up stop below the next firebreak; steps down never undo a `rung_to`
   ordered this turn), and set at once, so that the next two steps see it;
5. misperception — each ambiguous move of a principal may be misread by the other side;
6. accident hazards — each hazard (not disabled by the card) is rolled once for each principal;
7. the rung — the deliberate rung plus misreadings and hazards, clamped to the ladder (an
   accident never reaches the top rung: nuclear use is only ever a deliberate move); every
   firebreak between the rung before and after is recorded (so firebreak events always agree
   with the rung);
8. claims enter the ledger when their trigger holds;
9. the crisis state machine fires its transitions (each state left at most once);
10. mediators activate by rule and offers are made (also from third parties' mediation moves);
11. conditional injects fire, their chance parts rolled in order, and the machine settles again;
12. variables decay toward their defaults; mobilisation clocks run;
13. end check (terminal state or end of calendar) and scoring, else the next turn begins
    with its scripted injects and newly revealed evidence — and a terminal state entered
    then ends the game at once.

Every random draw comes from the game's single `random.Random`; every outcome event carries
its explanation (rule, modifiers, probability, roll, and any override).

Each step is one function below, listed in `STEPS`; they share the turn's `TurnContext`. A
move's flags (rung_to, rung_delta, commitment, climb_down, kinetic, once, ambiguous, style)
are all handled in `apply_move_flags`.

These rules (with those of `mediation`, `injects`, `claims`, `ending` and `mobilisation`) are
mirrored in `wargame/sim/fastplay.py`, the batch engine `simulate` plays with: a change here is
made there too (`tests/sim/test_fastplay.py` compares the two game by game and fails on any
difference; `tests/sim/test_fastplay.py::test_rules_version_is_the_one_mirrored` fails when
`RULES_VERSION` moves on, as a reminder).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from wargame.engine.compiled import Compiled, MoveRule
from wargame.engine.rules import claims, ending, injects, mediation, mobilisation
from wargame.engine.rules.effects import apply, decay
from wargame.engine.rules.legality import crossed_firebreak
from wargame.engine.state import Event, EventKind, Explanation, GameState, Order, TurnInput
from wargame.scenario.conditions import logistic
from wargame.scenario.models import Move

NAMED_VARIABLES = frozenset(
    {"intl_standing", "public_commitment", "domestic_pressure", "nuclear_ceiling", "tension", "backchannel_open"}
    | {"intl_attention"}
)
"""Rulebook variables this module reads or writes by name (`wargame lint` counts them as used)."""


@dataclass(slots=True)
class TurnContext:
    """What the steps of one adjudication share."""

    c: Compiled
    state: GameState
    inp: TurnInput
    rng: random.Random
    rung_before: int
    turn: int
    """The turn being adjudicated (read once: only step 13 moves the calendar on)."""
    env: dict
    """The game's variables (`state.vars`, the same dict)."""
    events: list[Event] = field(default_factory=list)
    target: int = 0
    """The highest `rung_to` ordered (at least the rung before)."""
    steps: int = 0
    """Deliberate steps (moves' `rung_delta`): they stop below the next firebreak."""
    accidental: int = 0
    """Misreadings and hazards: they may cross a firebreak."""
    kinetic: int = 0
    deliberate: int = 0
    """The rung after this turn's deliberate moves (step 4)."""
    ambiguous: list[tuple[str, str]] = field(default_factory=list)
    """(team, move id) of ambiguous moves the other principal may misread."""
    offers_from_moves: list[tuple[str, str]] = field(default_factory=list)
    """(team, mediation style) of mediation moves."""
    left: set[str] = field(default_factory=set)
    """Crisis states already left this turn (the machine's cycle guard)."""


def adjudicate(c: Compiled, state: GameState, inp: TurnInput, rng: random.Random) -> list[Event]:
    """Resolve one turn: every step of the documented order, in order."""
    rung = int(state.vars["rung"])
    ctx = TurnContext(c, state, inp, rng, rung_before=rung, turn=state.turn, env=state.vars, target=rung)
    for step in STEPS:
        step(ctx)
    return ctx.events


# 0. answers -------------------------------------------------------------------------------
def apply_answers(ctx: TurnContext) -> None:
    mediation.answer(ctx.c, ctx.state, ctx.inp.answers, ctx.rng, ctx.events)
    injects.answer_choices(ctx.c, ctx.state, ctx.inp.choices, ctx.events)
    ctx.rung_before = ctx.target = int(ctx.env["rung"])


# 2–3. reveal, effects, outcome rolls ------------------------------------------------------
def resolve_orders(ctx: TurnContext) -> None:
    for team in ctx.c.teams:
        for order in ctx.inp.orders.get(team, []):
            resolve_order(ctx, team, order)


def resolve_order(ctx: TurnContext, team: str, order: Order) -> None:
    c, env = ctx.c, ctx.env
    rule = c.by_actor[team][order.move]
    move = rule.move
    changes = apply(env, c.ranges, rule.effects)
    explanation, success, outcome_text = roll_outcome(ctx, team, rule, changes)
    if rule.flagged:
        firebreak, flags_text = apply_move_flags(ctx, team, move, changes)
    else:  # nothing but the note that it was played
        env[rule.played] = True
        firebreak, flags_text = None, ""
    ctx.events.append(
        Event(
            ctx.turn,
            EventKind.ORDER,
            f"{c.names[team]}: {move.name}{outcome_text}{flags_text}" if c.narrate else "",
            team=team,
            visible_to=_visible(c, move.visibility, team),
            explanation=explanation,
            changes=changes,
            move=move.id,
            success=success,
            firebreak=firebreak,
        )
    )


def roll_outcome(
    ctx: TurnContext, team: str, rule: MoveRule, changes: dict[str, float]
) -> tuple[Explanation | None, bool | None, str]:
    """A chance outcome: one roll against logistic(odds), or the facilitator's ruling.

    Under a ruling the roll is still drawn (from rules version 3) and recorded, unused, so the
    turn's later dice are those of the same turn without the ruling; version 2 drew none (-1)."""
    if rule.odds is None:
        return None, None, ""
    move = rule.move
    logit = float(rule.odds(ctx.env))
    p = logistic(logit)
    ruling = ctx.inp.overrides.get(f"{team}/{move.id}") if ctx.inp.overrides else None
    roll = ctx.rng.random() if ruling is None or ctx.state.rules_version >= 3 else -1.0
    success = bool(ruling["success"]) if ruling is not None else roll < p
    apply(ctx.env, ctx.c.ranges, rule.success if success else rule.failure, 1.0, changes)
    if success:
        ctx.env[f"succeeded.{team}.{move.id}"] = True
    if not ctx.c.narrate:
        return None, success, ""
    reason = ruling["reason"] if ruling is not None else None
    explanation = Explanation("outcome roll", round(p, 6), round(roll, 6), {"log-odds": round(logit, 6)}, reason)
    o = move.outcome
    assert o is not None
    text = f" — {(o.success_text if success else o.failure_text) or ('succeeds' if success else 'fails')}"
    if ruling is not None:
        text += f" [facilitator ruling: {ruling['reason']}]"
    return explanation, success, text


def apply_move_flags(ctx: TurnContext, team: str, move: Move, changes: dict[str, float]) -> tuple[str | None, str]:
    """Every flag a move may carry, in one place: returns the firebreak crossed and the text to add."""
    c, env, state = ctx.c, ctx.env, ctx.state
    text = ""
    fb = crossed_firebreak(c, ctx.rung_before, move.rung_to)
    if fb:
        firebreak = c.firebreaks[fb]
        cost = firebreak.standing_cost
        if firebreak.limited and env.get("nuclear_ceiling"):
            cost *= 1.0 - c.params.nuclear_ceiling_discount
        apply(env, c.ranges, [(f"{team}.intl_standing", -cost)], 1.0, changes)
        if c.narrate:
            text += f" — crosses the '{firebreak.name}' firebreak"
    if move.commitment:
        apply(env, c.ranges, [(f"{team}.public_commitment", move.commitment)], 1.0, changes)
    if move.climb_down:
        held = float(env.get(f"{team}.public_commitment", 0))
        cost = c.params.audience_cost_rate * held * mediation.factor(c, state, team, "audience_cost_factor")
        if held:
            deltas = [(f"{team}.domestic_pressure", cost), (f"{team}.public_commitment", -held)]
            apply(env, c.ranges, deltas, 1.0, changes)
            if c.narrate:
                text += f" — audience cost {cost:.2f} for {int(held)} turn(s) of public commitment"
    if move.rung_to is not None:
        ctx.target = max(ctx.target, move.rung_to)
    ctx.steps += move.rung_delta
    if move.kinetic:
        ctx.kinetic += 1
        if "tension" in c.ranges and c.params.tension_per_kinetic:
            apply(env, c.ranges, [("tension", c.params.tension_per_kinetic)], 1.0, changes)
    if move.mobilises:
        text += mobilisation.order(c, env, team, changes)
    if move.once:
        state.played_once.append(f"{team}/{move.id}")
    if move.ambiguous and team in c.opponent:
        ctx.ambiguous.append((team, move.id))
    if move.style:
        ctx.offers_from_moves.append((team, move.style))
    env[f"played.{team}.{move.id}"] = True
    return fb, text


def _visible(c: Compiled, visibility: str, team: str) -> list[str] | None:
    if visibility == "public":
        return None
    if visibility == "secret":
        return [team]
    return [team, *(p for p in c.principals if p != team)]


# 4. the deliberate rung ------------------------------------------------------------------
def deliberate_rung(ctx: TurnContext) -> None:
    c, env = ctx.c, ctx.env
    rung_before, top = ctx.rung_before, c.top_rung
    base = max(ctx.target, rung_before)
    stepped = base + ctx.steps
    if ctx.steps > 0:
        barrier = next((r for r in range(base + 1, top + 1) if r in c.firebreak_at), top + 1)
        stepped = min(stepped, barrier - 1)
    if ctx.target > rung_before:  # a strike ordered this turn stands: climb-downs do not undo it
        stepped = max(stepped, ctx.target)
    ctx.deliberate = max(0, min(top, stepped))
    env["rung"] = ctx.deliberate
    env["kinetic"] = ctx.kinetic


# 5. misperception ------------------------------------------------------------------------
def misperceive(ctx: TurnContext) -> None:
    c, env, names = ctx.c, ctx.env, ctx.c.names
    for team, move_id in ctx.ambiguous:
        other = c.opponent[team]
        base = c.params.misperception_base
        f = mediation.factor(c, ctx.state, other, "misperception_factor")
        channel = 1.0 - 0.5 * float(env.get("backchannel_open", 0))
        p = base * f * channel
        if p <= 0:
            continue
        roll = ctx.rng.random()
        if roll >= p:
            continue
        move = c.moves[move_id]
        changes = apply(env, c.ranges, c.resolve(c.params.misperception_effects, other))
        if move.kinetic:
            ctx.accidental += c.params.misperception_rung
        narrate = c.narrate
        ctx.events.append(
            Event(
                ctx.turn,
                EventKind.MISPERCEPTION,
                f"{names[other]} misreads {names[team]}'s '{move.name}' as a step up the ladder" if narrate else "",
                team=other,
                visible_to=[team, other],
                explanation=Explanation(
                    "misperception",
                    round(p, 6),
                    round(roll, 6),
                    {"base": base, "mediation factor": f, "back-channel": channel},
                )
                if narrate
                else None,
                changes=changes,
                move=move_id,
            )
        )


# 6. accident hazards ---------------------------------------------------------------------
def roll_hazards(ctx: TurnContext) -> None:
    c, env, state = ctx.c, ctx.env, ctx.state
    cap = c.params.hazard_cap
    for rule in c.hazards:
        hazard, party = rule.hazard, rule.party
        raw = float(rule.probability(env))
        if raw <= 0:
            continue
        p = min(cap, max(0.0, raw + state.hazard_bonus))
        roll = ctx.rng.random()
        if roll >= p:
            continue
        changes = apply(env, c.ranges, c.resolve(hazard.effects, party))
        ctx.accidental += hazard.rung_delta
        narrate = c.narrate
        ctx.events.append(
            Event(
                ctx.turn,
                EventKind.HAZARD,
                f"{hazard.name} ({c.names[party]}): {hazard.text}" if narrate else "",
                team=party,
                explanation=Explanation(
                    "hazard",
                    round(p, 6),
                    round(roll, 6),
                    {"rule": round(raw, 6), "firebreak bonus": state.hazard_bonus},
                )
                if narrate
                else None,
                changes=changes,
                hazard=hazard.id,
            )
        )


# 7. the rung -----------------------------------------------------------------------------
def move_rung(ctx: TurnContext) -> None:
    c, env, state = ctx.c, ctx.env, ctx.state
    rung_before, top = ctx.rung_before, c.top_rung
    # Accidents (misreadings, hazards) stop below the top rung: nuclear use is only ever deliberate.
    ceiling = top if ctx.deliberate >= top else top - 1
    new_rung = max(0, min(ceiling, ctx.deliberate + ctx.accidental))
    for r in range(rung_before + 1, new_rung + 1):
        fb_id = c.firebreak_at.get(r)
        if fb_id:
            firebreak = c.firebreaks[fb_id]
            env[f"crossed.{fb_id}"] = 1
            state.hazard_bonus += firebreak.hazard_jump
            changes = apply(env, c.ranges, [("intl_attention", firebreak.attention_jump)])
            ctx.events.append(
                Event(
                    ctx.turn,
                    EventKind.FIREBREAK,
                    f"The '{firebreak.name}' firebreak is crossed" if c.narrate else "",
                    changes=changes,
                    firebreak=fb_id,
                )
            )
    if new_rung != rung_before:
        rung_name = c.rules.ladder.rungs[new_rung].name
        ctx.events.append(
            Event(
                ctx.turn,
                EventKind.RUNG,
                f"Escalation ladder: rung {rung_before} → {new_rung} ({rung_name})" if c.narrate else "",
                rung_before=rung_before,
                rung_after=new_rung,
            )
        )
    env["rung"] = new_rung
    env["peak_rung"] = max(int(env["peak_rung"]), new_rung)
    state.rung_path.append(new_rung)
    env["calm_turns"] = 0 if new_rung > rung_before else int(env["calm_turns"]) + 1


# 8. claims -------------------------------------------------------------------------------
def record_claims(ctx: TurnContext) -> None:
    claims.record(ctx.c, ctx.state, ctx.events)


# 9. crisis transitions -------------------------------------------------------------------
def fire_transitions(ctx: TurnContext) -> None:
    settle(ctx.c, ctx.state, ctx.events, ctx.left)


# 10. mediation ----------------------------------------------------------------------------
def mediate(ctx: TurnContext) -> None:
    c, state = ctx.c, ctx.state
    if c.terminal.get(state.crisis_state):
        return
    for team, style in ctx.offers_from_moves:
        med = c.mediator_of_party.get(team)
        if med is not None:
            mediation.make_offer(c, state, med, style, ctx.events, "move")
    mediation.activate(c, state, ctx.rng, ctx.events)


# 11. conditional injects -----------------------------------------------------------------
def fire_conditional_injects(ctx: TurnContext) -> None:
    rung = int(ctx.env["rung"])
    injects.conditional(ctx.c, ctx.state, ctx.rng, ctx.events)
    if int(ctx.env["rung"]) > rung:  # an inject raised the rung: this turn was not calm after all
        ctx.env["calm_turns"] = 0
    settle(ctx.c, ctx.state, ctx.events, ctx.left)


# 12. decay -------------------------------------------------------------------------------
def decay_variables(ctx: TurnContext) -> None:
    decay(ctx.env, ctx.c.decay)
    mediation.expire(ctx.c, ctx.state)
    mobilisation.advance(ctx.c, ctx.state, ctx.events)


# 13. end, or the next turn ---------------------------------------------------------------
def end_or_next_turn(ctx: TurnContext) -> None:
    c, env, state = ctx.c, ctx.env, ctx.state
    if ending.check(c, state, ctx.events):
        return
    turn = ctx.turn
    env["turn"] = turn + 1
    env["turns_left"] = c.n_turns - (turn + 1)
    env["kinetic"] = 0
    begin_turn(c, state, ctx.rng, ctx.events)
    ending.check_terminal(c, state, ctx.events)


STEPS: tuple[Callable[[TurnContext], None], ...] = (
    apply_answers,
    resolve_orders,
    deliberate_rung,
    misperceive,
    roll_hazards,
    move_rung,
    record_claims,
    fire_transitions,
    mediate,
    fire_conditional_injects,
    decay_variables,
    end_or_next_turn,
)
"""The documented order of adjudication (step 1, legality, happens on submission)."""


def settle(c: Compiled, state: GameState, events: list[Event], left: set[str] | None = None) -> None:
    """Fire the crisis machine's transitions, logging each (`left`: states already left this turn)."""
    state_names, narrate = c.state_names, c.narrate
    for fired in c.machine.advance(state.vars, left):
        events.append(
            Event(
                state.turn,
                EventKind.TRANSITION,
                f"Crisis state: {state_names[fired.source]} → {state_names[fired.dest]} "
                f"({fired.trigger}: {fired.condition})"
                if narrate
                else "",
                trigger=fired.trigger,
                state_before=fired.source,
                state_after=fired.dest,
            )
        )


def begin_turn(c: Compiled, state: GameState, rng: random.Random, events: list[Event]) -> None:
    """The start of a turn: scripted injects, evidence due, and any transition they cause."""
    injects.scripted(c, state, rng, events)
    settle(c, state, events)
    claims.record(c, state, events)
    claims.reveal(c, state, events)


def start(c: Compiled, state: GameState, rng: random.Random) -> list[Event]:
    """Events at the start of a game (turn 1)."""
    events: list[Event] = []
    begin_turn(c, state, rng, events)
    ending.check_terminal(c, state, events)
    return events
