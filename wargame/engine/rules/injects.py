"""Injects: scripted (at the start of their turn), conditional (after adjudication, the
first time their condition holds), and facilitator-fired; their chance parts, rolled in
order when they fire; and the answers to their choices."""

from __future__ import annotations

import random

from wargame.engine.compiled import Compiled
from wargame.engine.rules.effects import apply
from wargame.engine.state import Event, EventKind, Explanation, GameState, PendingChoice
from wargame.scenario.models import Inject


def fire(c: Compiled, state: GameState, inject: Inject, rng: random.Random, events: list[Event], how: str) -> None:
    env = state.vars
    changes = apply(env, c.ranges, c.resolve(inject.effects, None))
    if inject.rung_delta:
        move_rung(c, state, inject.rung_delta, changes)
    env[f"fired.{inject.id}"] = True
    events.append(
        Event(
            state.turn,
            EventKind.INJECT,
            inject.title if c.narrate else "",
            visible_to=list(inject.audience) or None,
            changes=changes,
            inject=inject.id,
            body=inject.text,
            cause=how,
            historical=inject.historical,
        )
    )
    roll_chances(c, state, inject, rng, events)
    if inject.choices and inject.chooser in c.teams:
        state.choices.append(PendingChoice(inject.id, inject.chooser, state.turn, [ch.id for ch in inject.choices]))


def roll_chances(c: Compiled, state: GameState, inject: Inject, rng: random.Random, events: list[Event]) -> None:
    """Each chance part in order: one roll against its probability, logged with its explanation."""
    env = state.vars
    for rule in c.chance_rules[inject.id]:
        part = rule.part
        if rule.requires is not None and not env.get(rule.requires):
            continue
        raw = float(rule.probability(env))
        p = 0.0 if raw < 0 else 1.0 if raw > 1 else raw
        roll = rng.random()
        hit = roll < p
        changes = apply(env, c.ranges, c.resolve(part.effects, None)) if hit else {}
        if hit:
            env[rule.happened] = True
            if part.rung_delta:
                move_rung(c, state, part.rung_delta, changes)
        narrate = c.narrate
        events.append(
            Event(
                state.turn,
                EventKind.CHANCE,
                (f"{part.name}: {part.text}" if hit else f"{part.name}: did not happen") if narrate else "",
                visible_to=list(inject.audience) or None,
                explanation=Explanation("chance part", round(p, 6), round(roll, 6), {"rule": round(raw, 6)})
                if narrate
                else None,
                changes=changes,
                inject=inject.id,
                chance=part.id,
                success=hit,
                historical=part.historical,
            )
        )


def move_rung(c: Compiled, state: GameState, delta: int, changes: dict[str, float]) -> None:
    """An inject's (or chance part's) rung change: a rise stops below the top rung — the last
    step (nuclear use) is only ever a deliberate move."""
    env = state.vars
    before = int(env["rung"])
    top = c.top_rung if delta <= 0 or before >= c.top_rung else c.top_rung - 1
    env["rung"] = max(0, min(top, before + delta))
    env["peak_rung"] = max(int(env["peak_rung"]), int(env["rung"]))
    changes["rung"] = int(env["rung"]) - before


def _eligible(state: GameState, inject: Inject) -> bool:
    return inject.id not in state.held and not state.vars.get(f"fired.{inject.id}")


def scripted(c: Compiled, state: GameState, rng: random.Random, events: list[Event]) -> None:
    for inject in c.scripted_at.get(state.turn, ()):
        if _eligible(state, inject):
            fire(c, state, inject, rng, events, "scripted")


def conditional(c: Compiled, state: GameState, rng: random.Random, events: list[Event]) -> None:
    env, held = state.vars, state.held
    for rule in c.conditional_injects:
        if not env.get(rule.fired) and rule.inject.id not in held and rule.when(env):
            fire(c, state, rule.inject, rng, events, "conditional")


def answer_choices(c: Compiled, state: GameState, choices: dict[str, dict[str, str]], events: list[Event]) -> None:
    """Apply answers to pending choices; an unanswered choice takes its first option, logged."""
    for pending in state.choices:
        inject = c.injects[pending.inject]
        picked = choices.get(pending.team, {}).get(pending.inject)
        note = ""
        if picked is None:
            picked, note = pending.choices[0], " (no answer: first option taken)"
        choice = next(ch for ch in inject.choices if ch.id == picked)
        changes = apply(state.vars, c.ranges, c.resolve(choice.effects, pending.team))
        if choice.rung_delta:
            env = state.vars
            env["rung"] = max(0, min(c.top_rung, int(env["rung"]) + choice.rung_delta))
            env["peak_rung"] = max(int(env["peak_rung"]), int(env["rung"]))
            changes["rung"] = choice.rung_delta
        state.vars[f"chose.{pending.inject}.{picked}"] = True
        events.append(
            Event(
                state.turn,
                EventKind.CHOICE,
                f"{pending.team} answers '{inject.title}': {choice.label}{note}" if c.narrate else "",
                team=pending.team,
                changes=changes,
                inject=pending.inject,
                choice=picked,
            )
        )
    state.choices = []
