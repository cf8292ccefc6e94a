"""The crisis state machine, built with `transitions` once per scenario from the rulebook and
reused by every game. The machine's model is a small proxy; the state itself lives in the
game's variables (`vars["state"]`), copied in before and out after each advance.

Each rulebook transition becomes one `transitions` trigger of its own (`<trigger>#<row>`),
whose compiled `when` is the trigger's condition: asking the machine to fire it evaluates the
condition exactly once, and the rulebook's order decides which transition fires first. The
same `Machine` can draw the state graph.

`advance` is the fast path the turn loop uses: a table read off the built `Machine` (its
events, transitions and condition callables, in the order they were added), evaluated
without the library's per-trigger bookkeeping. `advance_by_triggers` asks the `Machine`
itself; `tests/engine/test_machine.py` proves the two fire the same transitions."""

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


@dataclass(frozen=True)
class _Row:
    name: str
    """The machine's trigger for this one rulebook transition."""
    trigger: str
    dest: str
    when: str


@dataclass(frozen=True)
class _Step:
    """One transition of the built Machine out of one state, as the fast path evaluates it."""

    row: _Row
    conditions: tuple[tuple[Callable[..., Any], bool], ...]
    only: Callable[..., Any] | None = None
    """The single condition, when the step has exactly one and wants it true."""


class CrisisMachine:
    """Fires the rulebook's transitions in order until none applies, a terminal state is
    entered, or the crisis would leave a state it already left this turn (the cycle guard: at
    most one transition out of each state per turn, so a cycle whose conditions all hold cannot
    bounce; `wargame validate` warns about such cycles)."""

    def __init__(self, rules: Rulebook, expressions: dict[str, Expression]) -> None:
        self._proxy = _Proxy()
        self._terminal = {s.id for s in rules.states if s.end}
        self.machine = Machine(
            model=self._proxy,
            states=[s.id for s in rules.states],
            initial=rules.initial_state,
            auto_transitions=False,
            send_event=False,
        )
        self._rows: dict[str, list[_Row]] = {s.id: [] for s in rules.states}
        by_name: dict[str, _Row] = {}
        for i, tr in enumerate(rules.transitions):
            name = f"{tr.trigger}#{i}"
            self.machine.add_transition(
                name, tr.source, tr.dest, conditions=[_condition(expressions[f"transitions.{i}.when"])]
            )
            by_name[name] = _Row(name, tr.trigger, tr.dest, tr.when)
            for source in tr.source:
                self._rows[source].append(by_name[name])
        self._limit = len(rules.states)
        self._steps = _steps_of(self.machine, by_name)

    def advance(self, env: dict[str, Any], left: set[str] | None = None) -> list[Fired]:
        """Move `env["state"]` along every transition whose condition holds; return what fired.
        `left` holds the states already left this turn (updated): none is left twice.

        Reads the table derived from the Machine: each condition is evaluated once (a step with
        the one condition the rulebook gives it, wanted true, is read without the inner loop)."""
        current = str(env["state"])
        fired: list[Fired] = []
        left = set() if left is None else left
        steps = self._steps
        for _ in range(self._limit):
            if current in left:  # the cycle guard: each state is left at most once per settling
                break
            left.add(current)
            for step in steps[current]:  # the first step all of whose conditions come out as wanted
                only = step.only
                if only is not None:
                    if only(env):
                        break
                    continue
                for holds, want in step.conditions:
                    if bool(holds(env)) is not want:
                        break
                else:
                    break
            else:
                break
            fired.append(Fired(step.row.trigger, current, step.row.dest, step.row.when))
            current = step.row.dest
            env["state"] = current
            if current in self._terminal:
                break
        return fired

    def advance_by_triggers(self, env: dict[str, Any], left: set[str] | None = None) -> list[Fired]:
        """`advance`, with the `Machine` firing each trigger itself (the reference behaviour)."""
        current = str(env["state"])
        self.machine.set_state(current, model=self._proxy)
        fired: list[Fired] = []
        left = set() if left is None else left
        for _ in range(self._limit):
            if current in left:
                break
            left.add(current)
            row = next((r for r in self._rows[current] if self._proxy.trigger(r.name, env)), None)
            if row is None:
                break
            fired.append(Fired(row.trigger, current, row.dest, row.when))
            current = self._proxy.state
            env["state"] = current
            if current in self._terminal:
                break
        return fired


def _steps_of(machine: Machine, rows: dict[str, _Row]) -> dict[str, list[_Step]]:
    """Per state, the Machine's transitions out of it in the order they were added; each
    condition as the compiled expression it wraps (the same truth, one call fewer)."""
    steps: dict[str, list[_Step]] = {name: [] for name in machine.states}
    for name, event in machine.events.items():
        for source, transitions in event.transitions.items():
            for tr in transitions:
                conditions = tuple((getattr(c.func, "evaluator", c.func), bool(c.target)) for c in tr.conditions)
                only = conditions[0][0] if len(conditions) == 1 and conditions[0][1] else None
                steps[source].append(_Step(rows[name], conditions, only))
    return steps


def _condition(expr: Expression) -> Callable[[dict[str, Any]], bool]:
    """The Machine's condition for a compiled expression; it carries the expression's
    evaluator, which the fast path calls directly."""

    def condition(env: dict[str, Any]) -> bool:
        return bool(expr(env))

    condition.evaluator = expr.fn  # type: ignore[attr-defined]
    return condition
