"""Adjudication of one turn, all orders together, in this order:

0. answers — mediation offers and inject choices from the previous turn are applied;
1. legality — orders were checked on submission (`legality.check_orders`);
2. reveal — each order becomes an event seen by everyone (public), the actor and the other
   principal (private), or the actor alone (secret);
3. outcome rolls — a move's effects apply; a move with an outcome succeeds with probability
   logistic(odds) against one roll of the game's RNG (or a facilitator ruling);
   public commitment grows, climbing down pays audience costs, a firebreak crossing costs the
   crosser standing;
4. misperception — each ambiguous move of a principal may be misread by the other side;
5. accident hazards — each hazard is rolled once for each principal;
6. the rung — raised to the highest `rung_to`, then moved by the sum of `rung_delta`s and
   misreadings, clamped to the ladder; firebreaks crossed are recorded;
7. claims enter the ledger when their trigger holds;
8. the crisis state machine fires its transitions;
9. mediators activate by rule and offers are made (also from third parties' mediation moves);
10. conditional injects fire;
11. variables decay toward their defaults;
12. end check (terminal state or end of calendar) and scoring, else the next turn begins
    with its scripted injects and newly revealed evidence.

Every random draw comes from the game's single `random.Random`; every outcome event carries
its explanation (rule, modifiers, probability, roll, and any override).
"""

from __future__ import annotations

import random
from typing import Any

from wargame.engine.compiled import Compiled
from wargame.engine.machine import CrisisMachine
from wargame.engine.rules import claims, ending, injects, mediation
from wargame.engine.rules.effects import apply, decay
from wargame.engine.rules.legality import crossed_firebreak
from wargame.engine.state import Event, Explanation, GameState, TurnInput
from wargame.scenario.conditions import logistic


def machine_for(c: Compiled) -> CrisisMachine:
    m = c.extras.get("machine")
    if m is None:
        m = c.extras["machine"] = CrisisMachine(c.rules, c.expressions)
    return m


def _visible(c: Compiled, visibility: str, team: str) -> list[str] | None:
    if visibility == "public":
        return None
    if visibility == "secret":
        return [team]
    return [team, *(p for p in c.principals if p != team)]


def adjudicate(c: Compiled, state: GameState, inp: TurnInput, rng: random.Random) -> list[Event]:
    env = state.vars
    turn = state.turn
    events: list[Event] = []
    names = c.names

    # 0. answers
    mediation.answer(c, state, inp.answers, events)
    injects.answer_choices(c, state, inp.choices, events)

    rung_before = int(env["rung"])
    target = rung_before
    delta_sum = 0  # deliberate steps (rung_delta of moves): they stop below the next firebreak
    accidental = 0  # misreadings and hazards: they may cross
    kinetic = 0
    ambiguous: list[tuple[str, str]] = []
    offers_from_moves: list[tuple[str, str]] = []

    # 2–3. reveal, effects, outcome rolls
    for team in c.teams:
        for order in inp.orders.get(team, []):
            rule = c.by_actor[team][order.move]
            move = rule.move
            changes = apply(env, c.ranges, rule.effects)
            explanation = None
            text = f"{names[team]}: {move.name}"
            if rule.odds is not None:
                logit = float(rule.odds(env))
                p = logistic(logit)
                ruling = inp.overrides.get(f"{team}/{move.id}")
                if ruling is not None:
                    success = bool(ruling["success"])
                    explanation = Explanation(
                        "outcome roll", round(p, 6), -1.0, {"log-odds": round(logit, 6)}, ruling["reason"]
                    )
                else:
                    roll = rng.random()
                    success = roll < p
                    explanation = Explanation(
                        "outcome roll", round(p, 6), round(roll, 6), {"log-odds": round(logit, 6)}
                    )
                o = move.outcome
                assert o is not None
                apply(env, c.ranges, rule.success if success else rule.failure, 1.0, changes)
                outcome_text = (o.success_text if success else o.failure_text) or ("succeeds" if success else "fails")
                text += f" — {outcome_text}"
                if ruling is not None:
                    text += f" [facilitator ruling: {ruling['reason']}]"
            fb = crossed_firebreak(c, rung_before, move.rung_to)
            if fb:
                firebreak = c.firebreaks[fb]
                apply(env, c.ranges, [(f"{team}.intl_standing", -firebreak.standing_cost)], 1.0, changes)
                text += f" — crosses the '{firebreak.name}' firebreak"
            if move.commitment:
                apply(env, c.ranges, [(f"{team}.public_commitment", move.commitment)], 1.0, changes)
            if move.climb_down:
                held = float(env.get(f"{team}.public_commitment", 0))
                cost = c.params.audience_cost_rate * held * mediation.factor(c, state, team, "audience_cost_factor")
                if held:
                    apply(
                        env,
                        c.ranges,
                        [(f"{team}.domestic_pressure", cost), (f"{team}.public_commitment", -held)],
                        1.0,
                        changes,
                    )
                    text += f" — audience cost {cost:.2f} for {int(held)} turn(s) of public commitment"
            if move.rung_to is not None:
                target = max(target, move.rung_to)
            delta_sum += move.rung_delta
            if move.kinetic:
                kinetic += 1
            if move.once:
                state.played_once.append(f"{team}/{move.id}")
            if move.ambiguous and team in c.opponent:
                ambiguous.append((team, move.id))
            if move.style:
                offers_from_moves.append((team, move.style))
            env[f"played.{team}.{move.id}"] = True
            events.append(
                Event(
                    turn,
                    "order",
                    text,
                    team=team,
                    visible_to=_visible(c, move.visibility, team),
                    explanation=explanation,
                    changes=changes,
                    data={"move": move.id},
                )
            )

    # 4. misperception
    for team, move_id in ambiguous:
        other = c.opponent[team]
        base = c.params.misperception_base
        f = mediation.factor(c, state, other, "misperception_factor")
        channel = 1.0 - 0.5 * float(env.get("backchannel_open", 0))
        p = base * f * channel
        if p <= 0:
            continue
        roll = rng.random()
        if roll >= p:
            continue
        move = c.moves[move_id]
        changes = apply(env, c.ranges, c.resolve(c.params.misperception_effects, other))
        if move.kinetic:
            accidental += c.params.misperception_rung
        events.append(
            Event(
                turn,
                "misperception",
                f"{names[other]} misreads {names[team]}'s '{move.name}' as a step up the ladder",
                team=other,
                visible_to=[team, other],
                explanation=Explanation(
                    "misperception",
                    round(p, 6),
                    round(roll, 6),
                    {"base": base, "mediation factor": f, "back-channel": channel},
                ),
                changes=changes,
            )
        )

    # 5. hazards
    env["kinetic"] = kinetic
    cap = c.params.hazard_cap
    for hazard, party, probability in hazard_table(c):
        raw = float(probability(env))
        if raw <= 0:
            continue
        p = min(cap, max(0.0, raw + state.hazard_bonus))
        roll = rng.random()
        if roll >= p:
            continue
        changes = apply(env, c.ranges, c.resolve(hazard.effects, party))
        accidental += hazard.rung_delta
        events.append(
            Event(
                turn,
                "hazard",
                f"{hazard.name} ({names[party]}): {hazard.text}",
                team=party,
                explanation=Explanation(
                    "hazard",
                    round(p, 6),
                    round(roll, 6),
                    {"rule": round(raw, 6), "firebreak bonus": state.hazard_bonus},
                ),
                changes=changes,
                data={"hazard": hazard.id},
            )
        )

    # 6. the rung
    top = len(c.rules.ladder.rungs) - 1
    base = max(target, rung_before)
    stepped = base + delta_sum
    if delta_sum > 0:
        barrier = next((r for r in range(base + 1, top + 1) if r in c.firebreak_at), top + 1)
        stepped = min(stepped, barrier - 1)
    new_rung = max(0, min(top, stepped + accidental))
    for r in range(rung_before + 1, new_rung + 1):
        fb_id = c.firebreak_at.get(r)
        if fb_id:
            firebreak = c.firebreaks[fb_id]
            env[f"crossed.{fb_id}"] = 1
            state.hazard_bonus += firebreak.hazard_jump
            changes = apply(env, c.ranges, [("intl_attention", firebreak.attention_jump)])
            events.append(Event(turn, "firebreak", f"The '{firebreak.name}' firebreak is crossed", changes=changes))
    if new_rung != rung_before:
        rung_name = c.rules.ladder.rungs[new_rung].name
        events.append(
            Event(
                turn,
                "rung",
                f"Escalation ladder: rung {rung_before} → {new_rung} ({rung_name})",
                data={"from": rung_before, "to": new_rung},
            )
        )
    env["rung"] = new_rung
    env["peak_rung"] = max(int(env["peak_rung"]), new_rung)
    state.rung_path.append(new_rung)
    env["calm_turns"] = 0 if new_rung > rung_before else int(env["calm_turns"]) + 1

    # 7. claims
    claims.record(c, state, events)

    # 8. crisis transitions
    settle(c, state, events)

    # 9. mediation
    if not c.terminal.get(state.crisis_state):
        for team, style in offers_from_moves:
            med = mediation.mediator_for_party(c, team)
            if med is not None:
                mediation.make_offer(c, state, med, style, events, "move")
        mediation.activate(c, state, rng, events)

    # 10. conditional injects
    injects.conditional(c, state, events)

    # 11. decay
    decay(env, c.decay)
    mediation.expire(c, state)

    # 12. end, or the next turn
    if not ending.check(c, state, events):
        env["turn"] = turn + 1
        env["turns_left"] = c.n_turns - (turn + 1)
        env["kinetic"] = 0
        begin_turn(c, state, events)
    return events


def hazard_table(c: Compiled) -> list[tuple[Any, str, Any]]:
    """(hazard, exposed party, compiled probability) in rulebook order, built once."""
    table = c.extras.get("hazards")
    if table is None:
        table = c.extras["hazards"] = [
            (h, p, c.expressions[f"hazards.{h.id}.probability@{p}"].fn) for h in c.rules.hazards for p in c.principals
        ]
    return table


def settle(c: Compiled, state: GameState, events: list[Event]) -> None:
    """Fire the crisis machine's transitions, logging each."""
    state_names = c.state_names
    for fired in machine_for(c).advance(state.vars):
        events.append(
            Event(
                state.turn,
                "transition",
                f"Crisis state: {state_names[fired.source]} → {state_names[fired.dest]} "
                f"({fired.trigger}: {fired.condition})",
                data={"trigger": fired.trigger, "from": fired.source, "to": fired.dest},
            )
        )


def begin_turn(c: Compiled, state: GameState, events: list[Event]) -> None:
    """The start of a turn: scripted injects, evidence due, and any transition they cause."""
    injects.scripted(c, state, events)
    settle(c, state, events)
    claims.record(c, state, events)
    claims.reveal(c, state, events)


def start(c: Compiled, state: GameState) -> list[Event]:
    """Events at the start of a game (turn 1)."""
    events: list[Event] = []
    begin_turn(c, state, events)
    return events
