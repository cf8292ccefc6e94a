"""Injects: scripted (at the start of their turn), conditional (after adjudication, the
first time their condition holds), and facilitator-fired; and the answers to their choices."""

from __future__ import annotations

from wargame.engine.compiled import Compiled
from wargame.engine.rules.effects import apply
from wargame.engine.state import Event, EventKind, GameState, PendingChoice
from wargame.scenario.models import Inject


def fire(c: Compiled, state: GameState, inject: Inject, events: list[Event], how: str) -> None:
    env = state.vars
    changes = apply(env, c.ranges, c.resolve(inject.effects, None))
    if inject.rung_delta:
        env["rung"] = max(0, min(c.top_rung, int(env["rung"]) + inject.rung_delta))
        env["peak_rung"] = max(int(env["peak_rung"]), int(env["rung"]))
        changes["rung"] = inject.rung_delta
    env[f"fired.{inject.id}"] = True
    events.append(
        Event(
            state.turn,
            EventKind.INJECT,
            inject.title,
            visible_to=list(inject.audience) or None,
            changes=changes,
            inject=inject.id,
            body=inject.text,
            cause=how,
            historical=inject.historical,
        )
    )
    if inject.choices and inject.chooser in c.teams:
        state.choices.append(PendingChoice(inject.id, inject.chooser, state.turn, [ch.id for ch in inject.choices]))


def _eligible(state: GameState, inject: Inject) -> bool:
    return inject.id not in state.held and not state.vars.get(f"fired.{inject.id}")


def scripted(c: Compiled, state: GameState, events: list[Event]) -> None:
    turn = state.turn
    for inject in c.injects.values():
        if inject.turn == turn and _eligible(state, inject):
            fire(c, state, inject, events, "scripted")


def conditional(c: Compiled, state: GameState, events: list[Event]) -> None:
    env = state.vars
    for rule in c.conditional_injects:
        if _eligible(state, rule.inject) and rule.when(env):
            fire(c, state, rule.inject, events, "conditional")


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
                f"{pending.team} answers '{inject.title}': {choice.label}{note}",
                team=pending.team,
                changes=changes,
                inject=pending.inject,
                choice=picked,
            )
        )
    state.choices = []
