"""End conditions, objective scoring and the claims' truth in this game."""

from __future__ import annotations

from wargame.engine.compiled import Compiled
from wargame.engine.rules import claims
from wargame.engine.state import Event, EventKind, GameState


def check(c: Compiled, state: GameState, events: list[Event]) -> bool:
    """End the game in a terminal state, or at the end of the calendar (timeout)."""
    if check_terminal(c, state, events):
        return True
    if state.turn < c.n_turns:
        return False
    state.vars["state"] = c.rules.timeout_state
    finish(c, state, c.terminal[c.rules.timeout_state], events)
    return True


def check_terminal(c: Compiled, state: GameState, events: list[Event]) -> bool:
    """End the game the moment a terminal state has been entered (by adjudication, an inject
    at the start of a turn, or a facilitator's verb): no further turn is played."""
    if state.end is not None:
        return True
    end = c.terminal.get(state.crisis_state)
    if end is None:
        return False
    finish(c, state, end, events)
    return True


def finish(c: Compiled, state: GameState, end: str, events: list[Event]) -> None:
    state.end = end
    score(c, state)
    claims.settle_truths(c, state)
    text = ""
    if c.narrate:
        summary = ", ".join(f"{t} {state.scores[t]}" for t in c.teams)
        text = f"The game ends: {c.state_names[state.crisis_state]} ({end}). Scores: {summary}"
    events.append(Event(state.turn, EventKind.END, text, end=end))


def score(c: Compiled, state: GameState) -> None:
    env = state.vars
    for team, objectives in c.objective_rules.items():
        met = [oid for oid, _, holds in objectives if holds(env)]
        state.met[team] = met
        state.scores[team] = sum(points for oid, points, _ in objectives if oid in met)
