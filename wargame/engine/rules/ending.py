"""End conditions and objective scoring."""

from __future__ import annotations

from wargame.engine.compiled import Compiled
from wargame.engine.state import Event, EventKind, GameState


def check(c: Compiled, state: GameState, events: list[Event]) -> bool:
    """End the game in a terminal state, or at the end of the calendar (timeout)."""
    current = state.crisis_state
    end = c.terminal.get(current)
    if end is None and state.turn >= c.n_turns:
        state.vars["state"] = c.rules.timeout_state
        end = c.terminal[c.rules.timeout_state]
    if end is None:
        return False
    state.end = end
    score(c, state)
    summary = ", ".join(f"{t} {state.scores[t]}" for t in c.teams)
    events.append(
        Event(
            state.turn,
            EventKind.END,
            f"The game ends: {c.state_names[state.crisis_state]} ({end}). Scores: {summary}",
            end=end,
        )
    )
    return True


def score(c: Compiled, state: GameState) -> None:
    for team in c.scenario.card.teams:
        met = [o.id for o in team.objectives if c.expressions[f"objectives.{team.id}.{o.id}"](state.vars)]
        state.met[team.id] = met
        state.scores[team.id] = sum(o.points for o in team.objectives if o.id in met)
