"""Third-party mediation: activation by rule, offers, and the principals' answers.

Activation (per mediator, per turn): certain while its hard trigger holds, else with
probability clip(activation.probability, 0, 1). A mediator whose party is seated at the
table never fires by rule: its team decides. An active mediator picks a style by its
weights and offers it to the principals; each answers next turn:

- accept: the offer takes hold on one roll against the mediator's leverage over the party;
  then the style's `on_accept` effects apply in full and the style stays in force for
  `duration` turns (misperception and audience-cost factors; formulation unlocks face-saving
  moves); otherwise nothing changes;
- counter: the same, rolled against leverage × `counter_scale`, in force for one turn;
- reject (or no answer): the style's `on_reject` effects apply in full on a roll against the
  leverage (the carrots withdrawn, the sticks used).

Every answer's roll is logged with its explanation; nothing is scaled or rounded, so an
integer effect such as a ceasefire happens or does not. How ready a principal is to accept
(`readiness`) is its acceptance of the style plus `alignment_weight` × the mediator's
alignment with it; the bots answer by it.
"""

from __future__ import annotations

import random

from wargame.engine.compiled import Compiled
from wargame.engine.rules.effects import apply
from wargame.engine.state import ActiveMediation, Event, EventKind, Explanation, GameState, Offer

ANSWERS = ("accept", "reject", "counter")

NAMED_VARIABLES = frozenset({f"accept_{style}" for style in ("facilitation", "formulation", "manipulation")})
"""Rulebook variables this module reads or writes by name (`wargame lint` counts them as used)."""


def make_offer(c: Compiled, state: GameState, mediator_id: str, style: str, events: list[Event], why: str) -> Offer:
    med = c.mediators[mediator_id]
    turn = state.turn
    offer = Offer(
        id=f"t{turn}-{mediator_id}-{style}",
        mediator=mediator_id,
        style=style,
        turn=turn,
        to=list(c.offer_to),
        text=med.offer,
    )
    if offer.to and all(o.id != offer.id for o in state.offers):
        state.offers.append(offer)
        apply(state.vars, c.ranges, c.offered[mediator_id])
        events.append(
            Event(
                turn,
                EventKind.MEDIATION_OFFER,
                f"{med.name} offers {style}: {med.offer}" if c.narrate else "",
                offer=offer.id,
                cause=why,
            )
        )
    return offer


def activate(c: Compiled, state: GameState, rng: random.Random, events: list[Event]) -> None:
    env = state.vars
    turn = state.turn
    narrate = c.narrate
    for rule in c.mediator_rules:
        med, hard = rule.mediator, rule.hard_trigger
        if state.mediator_cooldown.get(med.id, 0) > turn:
            continue
        p = float(rule.probability(env))
        p = 0.0 if p < 0 else 1.0 if p > 1 else p
        if hard is not None and hard(env):
            explanation = Explanation("mediation hard trigger", 1.0, 0.0, {"hard_trigger": 1.0}) if narrate else None
        elif p > 0:
            roll = rng.random()
            if roll >= p:
                continue
            explanation = Explanation("mediation activation", round(p, 6), round(roll, 6), {}) if narrate else None
        else:
            continue
        weights = list(med.styles.items())
        style = pick_style(weights, rng.random() * sum(w for _, w in weights))
        before = len(events)
        make_offer(c, state, med.id, style, events, "rule")
        if len(events) > before and explanation is not None:
            events[-1].explanation = explanation
        state.mediator_cooldown[med.id] = turn + 1 + med.activation.cooldown


def pick_style(weights: list[tuple[str, float]] | tuple[tuple[str, float], ...], pick: float) -> str:
    """The style a roll of `pick` (uniform in [0, total weight)) lands on."""
    style = weights[-1][0]
    for name, w in weights:
        if pick < w:
            return name
        pick -= w
    return style


def readiness(c: Compiled, env: dict, mediator_id: str, party: str, style: str) -> float:
    """A principal's readiness to accept this mediator's offer of this style (0..1)."""
    acceptance = float(env.get(f"{party}.accept_{style}", 0.0))
    alignment = float(env.get(f"{mediator_id}.alignment.{party}", 0.0))
    value = acceptance + c.params.alignment_weight * alignment
    return 0.0 if value < 0 else 1.0 if value > 1 else value


def answer(
    c: Compiled, state: GameState, answers: dict[str, dict[str, str]], rng: random.Random, events: list[Event]
) -> None:
    """Apply the principals' answers to the offers made last turn, then clear them."""
    if not state.offers:
        return
    env = state.vars
    turn = state.turn
    narrate = c.narrate
    for offer in state.offers:
        style = c.styles.get(offer.style)
        med_name = c.mediator_names[offer.mediator]
        for party in offer.to:
            ans = answers.get(party, {}).get(offer.id, "reject")
            offer.answers[party] = ans
            leverage = float(env.get(f"{offer.mediator}.leverage.{party}", 0.0))
            acceptance = readiness(c, env, offer.mediator, party, offer.style)
            changes: dict[str, float] = {}
            explanation = None
            took: bool | None = None
            text = f"{party} answers {med_name}'s {offer.style} offer: {ans}" if narrate else ""
            if style is not None:
                p = leverage * (c.params.counter_scale if ans == "counter" else 1.0)
                roll = rng.random()
                took = roll < p
                if narrate:
                    terms = {"leverage": leverage} | (
                        {"counter scale": c.params.counter_scale} if ans == "counter" else {}
                    )
                    explanation = Explanation(f"mediation {ans}", round(p, 6), round(roll, 6), terms)
                if ans in ("accept", "counter"):
                    if took:
                        apply(env, c.ranges, c.resolve(style.on_accept, party), 1.0, changes)
                        until = turn + (style.duration if ans == "accept" else 1)
                        state.active.append(ActiveMediation(offer.mediator, offer.style, party, until, 1.0))
                        text += " — it takes hold" if narrate else ""
                    else:
                        text += " — but it does not take hold" if narrate else ""
                elif took:
                    apply(env, c.ranges, c.resolve(style.on_reject, party), 1.0, changes)
                    text += " — the mediator's displeasure is felt" if changes and narrate else ""
            events.append(
                Event(
                    turn,
                    EventKind.MEDIATION_ANSWER,
                    text,
                    team=party,
                    explanation=explanation,
                    changes=changes,
                    offer=offer.id,
                    answer=ans,
                    success=took,
                    leverage=leverage,
                    acceptance=round(acceptance, 6),
                )
            )
    state.offers = []


def expire(c: Compiled, state: GameState) -> None:
    turn = state.turn
    if state.active:
        state.active = [a for a in state.active if a.until_turn > turn]
    live = {a.mediator for a in state.active} | {o.mediator for o in state.offers}
    env = state.vars
    for med, engaged in c.engaged:
        if med not in live and env.get(engaged):
            env[engaged] = 0


def factor(c: Compiled, state: GameState, party: str, which: str) -> float:
    """Product of the active styles' misperception or audience-cost factors for a party."""
    f = 1.0
    for a in state.active:
        if a.party == party and a.style in c.styles:
            f *= getattr(c.styles[a.style], which)
    return f
