"""The game: set orders → adjudicate → state, with views per team and facilitator verbs.

game = Game.new(load_scenario("scenarios/balakot-2019.yaml"), seed=7)
game.submit("india", [Order("revoke_mfn")])
events = game.adjudicate()          # teams that did not submit order nothing
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.engine.compiled import Compiled, batch_form, compile_scenario, initial_vars
from wargame.engine.errors import IllegalOrder
from wargame.engine.rules import ending, injects, legality, resolve
from wargame.engine.rules.effects import set_value
from wargame.engine.rules.legality import MoveOption
from wargame.engine.state import (
    STATE_FIELDS,
    AdjustVariable,
    ClockExpired,
    Event,
    EventKind,
    FacilitatorDecision,
    FireInject,
    GameState,
    HoldInject,
    Order,
    TurnInput,
    UndoNote,
    decision_from_dict,
    rng_from_json,
    rng_to_json,
    turn_input_to_dict,
)
from wargame.engine.version import REPLAYABLE, RULES_VERSION
from wargame.scenario.loader import LoadedScenario


@dataclass(frozen=True)
class TeamView:
    """What one team may see: fog of war applied."""

    team: str
    turn: int
    date: str
    label: str
    state: str
    rung: int
    variables: dict[str, Any]
    """World variables, the team's own variables (private ones included) and the other
    parties' public variables."""
    events: list[Event]
    offers: list[Any]
    choices: list[Any]


_APPEND_ONLY = ("log", "inputs", "decisions")


@dataclass(frozen=True)
class _UndoPoint:
    log: int
    inputs: int
    decisions: int
    rest: dict[str, Any]
    """The state's other fields as data (`GameState.to_dict` without the append-only lists)."""


class Game:
    """One game in progress. Pure: no I/O, no clock; randomness from one seeded RNG."""

    def __init__(self, compiled: Compiled, state: GameState, rng: random.Random, keep_history: bool = True) -> None:
        self.compiled = compiled
        self.state = state
        self.rng = rng
        self.keep_history = keep_history
        self._history: list[_UndoPoint] = []
        self._json_cache: dict[str, tuple[list[Any] | None, list[dict[str, Any]]]] = {}
        self._pending = TurnInput()

    # ------------------------------------------------------------------ creation
    @classmethod
    def new(
        cls,
        scenario: LoadedScenario,
        seed: int,
        keep_history: bool = True,
        rules_version: int = RULES_VERSION,
        narrate: bool = True,
    ) -> Game:
        """A new game at its first turn; `rules_version` (one of `version.REPLAYABLE`) replays a save of an
        earlier version. `narrate=False` is batch mode: the same game, dice and structured event facts,
        without event texts or explanations (nothing to undo or show)."""
        if rules_version not in REPLAYABLE:
            raise ValueError(f"this engine adjudicates rules versions {REPLAYABLE}, not {rules_version}")
        c = compile_scenario(scenario) if narrate else batch_form(scenario)
        rng = random.Random(seed)
        state = GameState(
            scenario_id=scenario.card.id, seed=seed, vars=initial_vars(c), rng_state=[], rules_version=rules_version
        )
        game = cls(c, state, rng, keep_history)
        state.log.extend(resolve.start(c, state, rng))
        return game

    def snapshot(self) -> dict[str, Any]:
        """The whole game as JSON-able data (including the RNG's state). The log and the inputs
        only grow, so their JSON forms are kept from one snapshot to the next (autosave after
        every turn costs the new entries, not the whole game); the dicts returned are shared
        with that cache and must not be modified."""
        s = self.state
        s.rng_state = rng_to_json(self.rng.getstate())
        out = s.to_dict(_APPEND_ONLY[:2])
        out["log"] = self._cached(s.log, "log", Event.to_dict)
        out["inputs"] = self._cached(s.inputs, "inputs", turn_input_to_dict)
        return {name: out[name] for name in STATE_FIELDS}

    def _cached(self, items: list[Any], key: str, convert: Callable[[Any], dict[str, Any]]) -> list[dict[str, Any]]:
        source, done = self._json_cache.get(key, (None, []))
        if source is not items or len(done) > len(items):  # a new list (undo, override): start again
            done = []
        done.extend(convert(x) for x in items[len(done) :])
        self._json_cache[key] = (items, done)
        return list(done)

    @classmethod
    def restore(cls, scenario: LoadedScenario, data: dict[str, Any]) -> Game:
        state = GameState.from_dict(copy.deepcopy(data))
        rng = random.Random()
        rng.setstate(rng_from_json(state.rng_state))
        return cls(compile_scenario(scenario), state, rng)

    # ------------------------------------------------------------------ queries
    @property
    def teams(self) -> list[str]:
        return self.compiled.teams

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def can_undo(self) -> bool:
        """Whether an adjudicated turn can be undone (the game keeps its history)."""
        return bool(self._history)

    @property
    def over(self) -> bool:
        return self.state.end is not None

    def options(self, team: str) -> list[MoveOption]:
        """Every move of the team's party on this card, legal or not (with the reason)."""
        return legality.options(self.compiled, self.state, team)

    def legal_moves(self, team: str) -> list[str]:
        return legality.legal_move_ids(self.compiled, self.state, team)

    def offers_for(self, team: str) -> list[Any]:
        return [o for o in self.state.offers if team in o.to]

    def choices_for(self, team: str) -> list[Any]:
        return [p for p in self.state.choices if p.team == team]

    def view(self, team: str) -> TeamView:
        c, env = self.compiled, self.state.vars
        private = {v.id for v in c.rules.variables.team if v.private}
        parties = {p.id for p in c.rules.parties}
        visible: dict[str, Any] = {}
        for name in c.ranges:
            head, _, rest = name.partition(".")
            if head in parties and rest in private and head != team:
                continue
            visible[name] = env[name]
        turn = min(self.turn, c.n_turns)
        cal = c.scenario.card.calendar[turn - 1]
        return TeamView(
            team=team,
            turn=self.turn,
            date=cal.date.isoformat(),
            label=cal.label,
            state=self.state.crisis_state,
            rung=int(env["rung"]),
            variables=visible,
            events=[e for e in self.state.log if e.visible(team)],
            offers=self.offers_for(team),
            choices=self.choices_for(team),
        )

    # ------------------------------------------------------------------ orders
    def submit(
        self,
        team: str,
        orders: list[Order],
        answers: dict[str, str] | None = None,
        choices: dict[str, str] | None = None,
        reason: str = "",
        *,
        trusted: bool = False,
    ) -> None:
        """Record a team's orders for this turn (with its optional one-line why); raise IllegalOrder
        (with the reason) if any is illegal.

        `trusted` skips the check for orders a bot made from the legal moves (batch simulation);
        tests/sim/test_batch_equivalence.py proves that the games are the same either way."""
        if self.over:
            raise IllegalOrder("the game is over")
        if not trusted:
            if team not in self.compiled.teams:
                raise IllegalOrder(f"'{team}' is not a team on this card; teams: {', '.join(self.compiled.teams)}")
            legality.check_orders(self.compiled, self.state, team, orders)
            legality.check_answers(self.state, team, answers or {}, choices or {})
        self._pending.orders[team] = list(orders)
        self._pending.answers[team] = dict(answers or {})
        self._pending.choices[team] = dict(choices or {})
        if reason.strip():
            self._pending.reasons[team] = " ".join(reason.split())[:200]
        else:
            self._pending.reasons.pop(team, None)

    def submitted(self) -> list[str]:
        return list(self._pending.orders)

    def adjudicate(self) -> list[Event]:
        """Resolve the turn with every submitted order (missing teams order nothing)."""
        if self.over:
            raise IllegalOrder("the game is over")
        inp, self._pending = self._pending, TurnInput()
        return self._run(inp)

    def adjudicate_with_overrides(self, overrides: dict[str, dict[str, Any]]) -> list[Event]:
        """Adjudicate with facilitator rulings fixed in advance (used to replay a save)."""
        if self.over:
            raise IllegalOrder("the game is over")
        inp, self._pending = self._pending, TurnInput()
        inp.overrides = {k: dict(v) for k, v in overrides.items()}
        return self._run(inp)

    def _undo_point(self) -> _UndoPoint:
        """What undo needs to return here: the append-only log, inputs and decisions by length
        (never copied), everything else as data — constant size, so history stays linear."""
        s = self.state
        s.rng_state = rng_to_json(self.rng.getstate())
        return _UndoPoint(len(s.log), len(s.inputs), len(s.decisions), s.to_dict(_APPEND_ONLY))

    def _return_to(self, point: _UndoPoint) -> None:
        s = self.state
        state = GameState.from_dict(point.rest)
        state.log, state.inputs, state.decisions = (
            s.log[: point.log],
            s.inputs[: point.inputs],
            s.decisions[: point.decisions],
        )
        self.state = state
        self.rng.setstate(rng_from_json(state.rng_state))

    def _run(self, inp: TurnInput) -> list[Event]:
        if self.keep_history:
            self._history.append(self._undo_point())
        self.state.inputs.append(inp)
        events = resolve.adjudicate(self.compiled, self.state, inp, self.rng)
        self.state.log.extend(events)
        return events

    # ------------------------------------------------------------------ facilitator
    def last_turn_log_start(self) -> int | None:
        """Where the last adjudicated turn's events start in the log, with the note of a clock
        that ended it (logged just before); None when no history is kept or no turn was played."""
        if not self._history:
            return None
        point = self._history[-1]
        last = self.state.decisions[point.decisions - 1] if point.decisions else None
        return point.log - 1 if isinstance(last, ClockExpired) else point.log

    def undo(self) -> None:
        """Restore the state before the last adjudicated turn (its orders can be resubmitted)."""
        if not self._history:
            raise IllegalOrder("nothing to undo")
        point = self._history.pop()
        undone = self.state.turn - 1
        self._return_to(point)
        self._pending = TurnInput()
        self.state.decisions.append(UndoNote(self.state.turn, undone))

    def override(self, team: str, move: str, success: bool, reason: str) -> list[Event]:
        """Replace the last turn's roll for `team`'s `move` by a ruling, and re-adjudicate that
        turn with the same dice otherwise. The reason is recorded in the log."""
        if not reason.strip():
            raise IllegalOrder("an override needs a written reason")
        if not self.state.inputs or not self._history:
            raise IllegalOrder("no adjudicated turn to override")
        last = self.state.inputs[-1]
        if not any(o.move == move for o in last.orders.get(team, [])):
            raise IllegalOrder(f"{team} did not order '{move}' last turn")
        if self.compiled.moves[move].outcome is None:
            raise IllegalOrder(f"'{move}' has no chance outcome to override")
        inp = copy.deepcopy(last)
        inp.overrides[f"{team}/{move}"] = {"success": success, "reason": reason.strip()}
        self._return_to(self._history.pop())  # back to before that turn (no undo note: the turn is re-run)
        self._pending = TurnInput()
        return self._run(inp)

    def fire_inject(self, inject_id: str) -> list[Event]:
        """Deliver an inject now (any inject of the card, even one held or already scheduled)."""
        inject = self.compiled.injects.get(inject_id)
        if inject is None:
            raise IllegalOrder(f"no inject '{inject_id}' on this card")
        if self.state.vars.get(f"fired.{inject_id}"):
            raise IllegalOrder(f"inject '{inject_id}' has already been delivered")
        if inject_id in self.state.held:
            self.state.held.remove(inject_id)
        events: list[Event] = []
        injects.fire(self.compiled, self.state, inject, self.rng, events, "facilitator")
        resolve.settle(self.compiled, self.state, events)
        ending.check_terminal(self.compiled, self.state, events)
        self.state.log.extend(events)
        self.state.decisions.append(FireInject(self.turn, inject_id))
        return events

    def apply_decision(self, decision: FacilitatorDecision | dict[str, Any]) -> None:
        """Re-apply a recorded facilitator decision (used by resume, replay and fork); a dict
        is read as the decision's JSON form."""
        if isinstance(decision, dict):
            try:
                decision = decision_from_dict(decision)
            except (TypeError, ValueError) as exc:
                raise IllegalOrder(str(exc)) from None
        match decision:
            case FireInject(inject=inject):
                self.fire_inject(str(inject))
            case HoldInject(inject=inject):
                self.hold_inject(str(inject))
            case AdjustVariable(name=name, value=value, reason=reason):
                self.adjust(str(name), float(value), str(reason))
            case UndoNote():
                self.state.decisions.append(decision)
            case ClockExpired(teams=teams, reason=reason):
                self.clock_expired(dict(teams), str(reason))

    def clock_expired(self, teams: dict[str, str], reason: str = "the turn clock ran out") -> Event:
        """Record that the turn ends before `teams` submitted, and what each gets: `nothing`
        (it orders nothing) or the `bot:POLICY` that plays its seat this turn. The bot's orders
        themselves are submitted as any seat's are; this is the log's (and the save's) note."""
        if self.over:
            raise IllegalOrder("the game is over")
        if not teams:
            raise IllegalOrder("a clock expiry names at least one team")
        for team, got in teams.items():
            if team not in self.teams:
                raise IllegalOrder(f"no team '{team}' on this card")
            if got != "nothing" and not (got.startswith("bot:") and len(got) > 4):
                raise IllegalOrder(f"a team whose time ran out gets 'nothing' or 'bot:POLICY', not {got!r}")
        names = self.compiled.names
        late = _and([names[t] for t in teams])
        got = "; ".join(
            f"{names[t]} orders nothing" if g == "nothing" else f"{names[t]}'s fallback bot ({g[4:]}) plays its turn"
            for t, g in teams.items()
        )
        reason = " ".join(reason.split())[:200] or "the turn clock ran out"
        event = Event(self.turn, EventKind.FACILITATOR, f"Turn {self.turn}: {reason} before {late} submitted — {got}")
        self.state.log.append(event)
        self.state.decisions.append(ClockExpired(self.turn, dict(teams), reason))
        return event

    def hold_inject(self, inject_id: str) -> None:
        if inject_id not in self.compiled.injects:
            raise IllegalOrder(f"no inject '{inject_id}' on this card")
        if inject_id not in self.state.held:
            self.state.held.append(inject_id)
            self.state.log.append(
                Event(
                    self.turn,
                    EventKind.FACILITATOR,
                    f"Inject '{inject_id}' held by the facilitator",
                    visible_to=[],
                    inject=inject_id,
                )
            )
            self.state.decisions.append(HoldInject(self.turn, inject_id))

    def adjust(self, name: str, value: float, reason: str) -> Event:
        """Set a variable or the rung (clamped to its range), logged with the reason; the
        crisis state follows if a transition now applies."""
        env = self.state.vars
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise IllegalOrder(f"the value for '{name}' must be a finite number, not {value!r}")
        value = float(value)  # the same number whether given as 1 or 1.0 (a save replays it as written)
        if name == "rung":
            ranges = {"rung": (0, self.compiled.top_rung, True)}
        elif name in self.compiled.ranges:
            ranges = self.compiled.ranges
        else:
            raise IllegalOrder(f"no variable '{name}'")
        old = env[name]
        new = set_value(env, ranges, name, value)
        if name == "rung":
            env["peak_rung"] = max(int(env["peak_rung"]), int(new))
        event = Event(
            self.turn,
            EventKind.FACILITATOR,
            f"Facilitator sets {name} {old:g} → {new:g}: {reason}",
            changes={name: new - old},
            variable=name,
        )
        self.state.log.append(event)
        self.state.decisions.append(AdjustVariable(self.turn, name, value, reason))
        events: list[Event] = []
        resolve.settle(self.compiled, self.state, events)
        ending.check_terminal(self.compiled, self.state, events)
        self.state.log.extend(events)
        return event


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
