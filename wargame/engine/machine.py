"""The crisis state machine, built with `transitions` once per scenario and reused by every
game. The machine's model is a small proxy; the state itself lives in the game's variables
(`vars["state"]`), copied in before and out after each advance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from transitions import Machine

from wargame.scenario.conditions import Expression
from wargame.scenario.models import Rulebook


class _Proxy:
    """The transitions model. Only `state` matters; it is overwritten before every use."""

    state: str
    trigger: Callable[..., bool]


@dataclass(frozen=True)
class Fired:
    trigger: str
    source: str
    dest: str
    condition: str


class CrisisMachine:
    """Fires the rulebook's transitions in order until none applies (or a terminal state)."""

    def __init__(self, rules: Rulebook, expressions: dict[str, Expression]) -> None:
        self._proxy = _Proxy()
        self._terminal = {s.id for s in rules.states if s.end}
        self._machine = Machine(
            model=self._proxy,
            states=[s.id for s in rules.states],
            initial=rules.initial_state,
            auto_transitions=False,
            send_event=False,
        )
        self._rows: list[tuple[str, frozenset[str], str, str, Callable[[Any], Any]]] = []
        for i, tr in enumerate(rules.transitions):
            expr = expressions[f"transitions.{i}.when"]
            self._machine.add_transition(tr.trigger, tr.source, tr.dest, conditions=[_guard(expr)])
            self._rows.append((tr.trigger, frozenset(tr.source), tr.dest, tr.when, expr.fn))
        self._limit = len(rules.states)

    def advance(self, env: dict[str, Any]) -> list[Fired]:
        """Move `env["state"]` along every transition whose guard holds; return what fired."""
        current = str(env["state"])
        self._machine.set_state(current, model=self._proxy)
        fired: list[Fired] = []
        for _ in range(self._limit):
            moved = False
            for trigger, sources, dest, when, guard in self._rows:
                # the guard is checked here first (cheap) so that the machine is only asked
                # to fire transitions that will pass; it checks the guard again itself
                if current in sources and guard(env) and self._proxy.trigger(trigger, env):
                    fired.append(Fired(trigger, current, dest, when))
                    current = self._proxy.state
                    env["state"] = current
                    moved = True
                    break
            if not moved or current in self._terminal:
                break
        return fired


def _guard(expr: Expression) -> Callable[[dict[str, Any]], bool]:
    return lambda env: bool(expr(env))
