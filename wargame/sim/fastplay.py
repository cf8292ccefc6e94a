"""The batch engine: one bot-played game straight to its `GameRecord`, without an event log.

`play_record(scenario, seed, seats, outcomes, path)` returns exactly
`record_game(play_bots(scenario, seed, seats, narrate=False), outcomes, path)`: the same
adjudication as `engine.rules.resolve` (the same steps in the same order, the same dice drawn
in the same order from the game's one `random.Random`), but where the logged path builds an
`Event` for everything that happens and `record_game` then reads the log back, this engine
notes each fact the record needs at the moment it happens. It keeps the `GameState` the bots
read (variables, offers, choices, mediations in force, once-only moves, inputs; the log holds
only the delivered injects, which the tit-for-tat policy reads), so every bot policy plays
here unchanged; the historical policy, which all-historical batches use, is played by
`_Historical` below with the same choices as `bots.policies.Historical`.

A change to the rules must be made here too: `tests/sim/test_fastplay.py` plays every shipped
card under every policy over hundreds of seeds through both engines and compares the records,
the dice and the final variables, and fails on any difference."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from wargame.bots.policies import Historical, make_policy
from wargame.engine.compiled import Compiled, MediatorRule, MoveRule, batch_form, initial_vars
from wargame.engine.game import Game
from wargame.engine.rules import ending, injects, mediation, mobilisation
from wargame.engine.rules.effects import apply, decay
from wargame.engine.rules.legality import crossed_firebreak, refusal
from wargame.engine.state import (
    ActiveMediation,
    Event,
    EventKind,
    GameState,
    Offer,
    Order,
    PendingChoice,
)
from wargame.engine.version import RULES_VERSION
from wargame.scenario.conditions import logistic
from wargame.scenario.loader import LoadedScenario
from wargame.scenario.models import Inject
from wargame.scenario.vocabulary import ACCEPT_THRESHOLD
from wargame.sim.records import GameFacts, GameRecord

_INJECT = EventKind.INJECT


class _Delivered:
    """A delivered inject as the bots read it from `state.log` (`policies.attributed_attacks`)."""

    __slots__ = ("cause", "inject", "turn")
    kind = _INJECT

    def __init__(self, turn: int, inject: str, cause: str) -> None:
        self.turn = turn
        self.inject = inject
        self.cause = cause


class _Input:
    """A turn's orders as the bots and `records.turn_path` read them from `state.inputs` (the answers
    and choices are used at once and not kept)."""

    __slots__ = ("orders",)

    def __init__(self, orders: dict[str, list[Order]]) -> None:
        self.orders = orders


Bound = tuple[tuple[str, float, float, float, bool], ...]
"""Effects bound to their variables' ranges: (name, delta, min, max, integer) each."""


def _bind(deltas: tuple[tuple[str, float], ...], ranges: dict[str, tuple[float, float, bool]]) -> Bound:
    """Each delta with its variable's range read once (`delta * 1.0` as `effects.apply` adds it)."""
    return tuple((name, delta * 1.0, *ranges[name]) for name, delta in deltas)


def _apply(env: dict[str, Any], bound: Bound, changes: dict[str, float]) -> dict[str, float]:
    """`effects.apply` (scale 1) of bound effects: add, round an integer, clamp; note the changes."""
    for name, delta, lo, hi, integer in bound:
        old = env[name]
        new = old + delta
        if integer:
            new = round(new)
        new = lo if new < lo else hi if new > hi else new
        if new != old:
            env[name] = new
            changes[name] = changes.get(name, 0.0) + (new - old)
    return changes


class _Play:
    """One catalogue move as one actor plays it, with the names the turn writes worked out once."""

    __slots__ = (
        "authorised",
        "effects",
        "failure",
        "key",
        "kinetic_principal",
        "move",
        "odds",
        "order",
        "played",
        "rule",
        "succeeded",
        "success",
    )

    def __init__(self, rule: MoveRule, principal: bool, ranges: dict[str, tuple[float, float, bool]]) -> None:
        self.rule = rule
        self.effects = _bind(rule.effects, ranges)
        self.success = _bind(rule.success, ranges)
        self.failure = _bind(rule.failure, ranges)
        self.move = rule.move
        self.odds = rule.odds
        self.succeeded = f"succeeded.{rule.actor}.{rule.move.id}"
        self.played = f"played.{rule.actor}.{rule.move.id}"
        self.key = f"{rule.actor}/{rule.move.id}"
        """The record's `team/move`."""
        self.kinetic_principal = bool(rule.move.kinetic) and principal
        """A use of force by a principal (the record's first kinetic turn)."""
        self.order = Order(rule.move.id)
        self.authorised = Order(rule.move.id, authorise=True)
        """The bot's order as `policies.order` makes it (shared: orders are never changed)."""


class _Mediator:
    """A mediator that steps in by rule, with its style weights read once."""

    __slots__ = ("cooldown", "hard", "id", "probability", "total", "weights")

    def __init__(self, rule: MediatorRule) -> None:
        med = rule.mediator
        self.id = med.id
        self.hard = rule.hard_trigger
        self.probability = rule.probability
        self.weights = tuple(med.styles.items())
        self.total = sum(w for _, w in self.weights)
        self.cooldown = 1 + med.activation.cooldown


class _Card:
    """Per-card tables of the batch engine, built once per compiled card."""

    def __init__(self, c: Compiled) -> None:
        self.c = c
        self.plays = {
            (team, move_id): _Play(rule, team in c.opponent, c.ranges)
            for team, rules in c.by_actor.items()
            for move_id, rule in rules.items()
        }
        self.fired = {i: f"fired.{i}" for i in c.injects}
        self.offered = {m: _bind(deltas, c.ranges) for m, deltas in c.offered.items()}
        self._bound: dict[tuple[int, str | None], tuple[Any, Bound]] = {}
        self.leverage = {(m.id, p): f"{m.id}.leverage.{p}" for m in c.rules.mediators for p in c.principals}
        self.claim_rules = tuple(c.claim_rules.items())
        self.mediators = tuple(_Mediator(rule) for rule in c.mediator_rules)
        self.track: dict[str, tuple[dict[int, tuple[_Play, ...]], frozenset[int]]] = {}
        """Team → (turn → the recorded moves the team's party plays on this card; the turns with
        a recorded move: on the others the team holds)."""
        for team in c.teams:
            entries = {t: e for (t, who), e in c.track.items() if who == team and e.moves}
            self.track[team] = (
                {t: tuple(self.plays[team, m] for m in e.moves if (team, m) in self.plays) for t, e in entries.items()},
                frozenset(entries),
            )
        self.historical_choice = {
            i.id: next((ch.id for ch in i.choices if ch.historical), None) for i in c.injects.values()
        }

    def bound(self, effects: Any, actor: str | None) -> Bound:
        """`Compiled.resolve` of a card's effects, bound (built once per effects and actor)."""
        key = (id(effects), actor)
        hit = self._bound.get(key)
        if hit is None or hit[0] is not effects:
            hit = self._bound[key] = (effects, _bind(self.c.resolve(effects, actor), self.c.ranges))
        return hit[1]


_CARDS: dict[int, _Card] = {}


def _card(c: Compiled) -> _Card:
    hit = _CARDS.get(id(c))
    if hit is None or hit.c is not c:
        hit = _CARDS[id(c)] = _Card(c)
    return hit


def prepare(scenario: LoadedScenario) -> None:
    """Build the batch engine's tables of a card now (before workers are forked: they inherit them)."""
    c = batch_form(scenario)
    initial_vars(c)
    _card(c)


def play_record(
    scenario: LoadedScenario, seed: int, seats: dict[str, str], outcomes: tuple[str, ...] = (), path: bool = True
) -> GameRecord:
    """The record of one game with every seat a bot, as `record_game(play_bots(...))` gives it."""
    return play_game(scenario, seed, seats).record(outcomes, path)


def play_game(scenario: LoadedScenario, seed: int, seats: dict[str, str]) -> BatchGame:
    """One whole game with every seat a bot, in the batch engine."""
    game = BatchGame(_card(batch_form(scenario)), seed)
    game.start()
    state = game.state
    if state.end is None:  # the bots are made for the first turn played (as `bot_turn` makes them)
        players = game.players(seats)
        while state.end is None:
            game.turn(players)
    return game


class BatchGame:
    """One game in the batch engine."""

    def __init__(self, card: _Card, seed: int) -> None:
        c = card.c
        self.card = card
        self.c = c
        self.rng = random.Random(seed)
        self.state = GameState(
            scenario_id=c.scenario.card.id, seed=seed, vars=initial_vars(c), rng_state=[], rules_version=RULES_VERSION
        )
        self.env = self.state.vars
        self.now = self.state.turn
        """The calendar turn (`state.turn`, kept here: read many times a turn)."""
        self.facts = GameFacts(c)
        self.unclaimed = card.claim_rules
        """(claim id, rule) of the claims not yet in the ledger, in card order."""
        self.waiting = c.conditional_injects
        """The conditional injects not yet delivered as such (one delivered otherwise — scripted —
        is skipped by its `fired.` variable, as in `injects.conditional`)."""

    # ------------------------------------------------------------------ noting events
    def note(self, turn: int, changes: dict[str, float] | None = None) -> None:
        """An event of the logged path happened in `turn` with these changes."""
        f = self.facts
        if changes and "ceasefire" in changes:
            f.ceasefire += changes["ceasefire"]
        f.ceasefire_at[turn] = f.ceasefire

    # ------------------------------------------------------------------ players
    def players(self, seats: dict[str, str]) -> list[tuple[str, Callable[[], tuple[list[Order], dict, dict]]]]:
        """Each bot seat in team order with its decision function (as `bots.turn.bot_turn`)."""
        game = Game(self.c, self.state, self.rng, keep_history=False)
        out = []
        for team in self.c.teams:
            seat = seats.get(team, "bot:historical")
            if seat == "human":
                continue
            bot = make_policy(seat.removeprefix("bot:"), self.state.seed, team)
            if type(bot) is Historical:
                out.append((team, _Historical(self, game, team, bot).decide))
            else:
                out.append((team, _generic(game, team, bot)))
        return out

    # ------------------------------------------------------------------ a game
    def start(self) -> None:
        """`resolve.start`: the first turn's scripted injects, evidence and transitions."""
        self.begin_turn()
        self.check_terminal()

    def begin_turn(self) -> None:
        c, state = self.c, self.state
        for inject in c.scripted_at.get(self.now, ()):
            if inject.id not in state.held and not self.env.get(self.card.fired[inject.id]):
                self.fire(inject, "scripted")
        self.settle(set())
        self.record_claims()
        self.reveal()

    def turn(self, players: list[tuple[str, Callable[[], tuple[list[Order], dict, dict]]]]) -> None:
        """Every bot decides, then the turn is adjudicated (`resolve.adjudicate`, step by step)."""
        orders_of: dict[str, list[Order]] = {}
        answers_of: dict[str, dict[str, str]] = {}
        choices_of: dict[str, dict[str, str]] = {}
        for team, decide in players:
            orders_of[team], answers_of[team], choices_of[team] = decide()
        c, env, state, rng, f = self.c, self.env, self.state, self.rng, self.facts
        state.inputs.append(_Input(orders_of))  # type: ignore[arg-type]
        turn = self.now
        note = self.note
        ranges = c.ranges
        # 0. answers
        if state.offers:
            self.answer_offers(answers_of, turn)
        if state.choices:
            self.answer_choices(choices_of, turn)
        rung_before = target = int(env["rung"])
        # 2–3. reveal, effects, outcome rolls
        steps = kinetic = 0
        ambiguous: list[tuple[str, str]] = []
        styles: list[tuple[str, str]] = []
        plays, opponent = self.card.plays, c.opponent
        first_turn, successes, first_kinetic = f.first_turn, f.successes, f.first_kinetic
        for team in c.teams:
            for order in orders_of.get(team, ()):
                play = plays[team, order.move]
                rule, move = play.rule, play.move
                changes = _apply(env, play.effects, {})
                success = None
                if play.odds is not None:
                    p = logistic(float(play.odds(env)))
                    success = rng.random() < p
                    _apply(env, play.success if success else play.failure, changes)
                    if success:
                        env[play.succeeded] = True
                if rule.flagged:
                    fb = None if move.rung_to is None else crossed_firebreak(c, rung_before, move.rung_to)
                    if fb:
                        firebreak = c.firebreaks[fb]
                        cost = firebreak.standing_cost
                        if firebreak.limited and env.get("nuclear_ceiling"):
                            cost *= 1.0 - c.params.nuclear_ceiling_discount
                        apply(env, ranges, [(f"{team}.intl_standing", -cost)], 1.0, changes)
                    if move.commitment:
                        apply(env, ranges, [(f"{team}.public_commitment", move.commitment)], 1.0, changes)
                    if move.climb_down:
                        held = float(env.get(f"{team}.public_commitment", 0))
                        cost = (
                            c.params.audience_cost_rate
                            * held
                            * mediation.factor(c, state, team, "audience_cost_factor")
                        )
                        if held:
                            deltas = [(f"{team}.domestic_pressure", cost), (f"{team}.public_commitment", -held)]
                            apply(env, ranges, deltas, 1.0, changes)
                    if move.rung_to is not None:
                        target = max(target, move.rung_to)
                    steps += move.rung_delta
                    if move.kinetic:
                        kinetic += 1
                        if "tension" in ranges and c.params.tension_per_kinetic:
                            apply(env, ranges, [("tension", c.params.tension_per_kinetic)], 1.0, changes)
                    if move.mobilises:
                        mobilisation.order(c, env, team, changes)
                    if move.once:
                        state.played_once.append(f"{team}/{move.id}")
                    if move.ambiguous and team in opponent:
                        ambiguous.append((team, move.id))
                    if move.style:
                        styles.append((team, move.style))
                env[play.played] = True
                key = play.key
                if key not in first_turn:
                    first_turn[key] = turn
                if success:
                    successes.add(key)
                if play.kinetic_principal and team not in first_kinetic:
                    first_kinetic[team] = turn
                note(turn, changes)
        # 4. the deliberate rung
        top = c.top_rung
        base = max(target, rung_before)
        stepped = base + steps
        if steps > 0:
            barrier = next((r for r in range(base + 1, top + 1) if r in c.firebreak_at), top + 1)
            stepped = min(stepped, barrier - 1)
        if target > rung_before:
            stepped = max(stepped, target)
        deliberate = max(0, min(top, stepped))
        env["rung"] = deliberate
        env["kinetic"] = kinetic
        accidental = 0
        # 5. misperception
        for team, move_id in ambiguous:
            accidental += self.misperceive(team, move_id, turn)
        # 6. accident hazards
        if c.hazards:
            accidental += self.hazards(turn)
        # 7. the rung
        ceiling = top if deliberate >= top else top - 1
        new_rung = max(0, min(ceiling, deliberate + accidental))
        firebreak_at = c.firebreak_at
        for r in range(rung_before + 1, new_rung + 1):
            fb_id = firebreak_at.get(r)
            if fb_id:
                firebreak = c.firebreaks[fb_id]
                env[f"crossed.{fb_id}"] = 1
                state.hazard_bonus += firebreak.hazard_jump
                changes = apply(env, ranges, [("intl_attention", firebreak.attention_jump)])
                f.firebreaks.append(fb_id)
                note(turn, changes)
        if new_rung != rung_before:
            note(turn)
        env["rung"] = new_rung
        env["peak_rung"] = max(int(env["peak_rung"]), new_rung)
        state.rung_path.append(new_rung)
        env["calm_turns"] = 0 if new_rung > rung_before else int(env["calm_turns"]) + 1
        # 8. claims
        self.record_claims()
        # 9. crisis transitions
        left: set[str] = set()
        self.settle(left)
        # 10. mediation
        if not c.terminal.get(env["state"]):
            for team, style in styles:
                med = c.mediator_of_party.get(team)
                if med is not None:
                    self.make_offer(med, style, turn)
            if self.card.mediators:
                self.activate(turn)
        # 11. conditional injects
        rung = int(env["rung"])
        held = state.held
        waiting = self.waiting
        delivered = False
        for cond in waiting:
            if not env.get(cond.fired) and cond.inject.id not in held and cond.when(env):
                self.fire(cond.inject, "conditional")
                delivered = True
        if delivered:  # those delivered are not looked at again
            self.waiting = tuple(cond for cond in waiting if not env.get(cond.fired))
        if int(env["rung"]) > rung:
            env["calm_turns"] = 0
        self.settle(left)
        # 12. decay
        decay(env, c.decay)
        self.expire(turn)
        if c.mobilisation:
            self.mobilise(turn)
        # 13. end, or the next turn
        if self.check_terminal():
            return
        if turn >= c.n_turns:
            env["state"] = c.rules.timeout_state
            self.finish(c.terminal[c.rules.timeout_state])
            return
        env["turn"] = self.now = turn + 1
        env["turns_left"] = c.n_turns - (turn + 1)
        env["kinetic"] = 0
        self.begin_turn()
        self.check_terminal()

    # ------------------------------------------------------------------ the steps' parts
    def answer_offers(self, answers: dict[str, dict[str, str]], turn: int) -> None:
        """`mediation.answer`."""
        c, env, state, rng, f = self.c, self.env, self.state, self.rng, self.facts
        bound = self.card.bound
        for offer in state.offers:
            style = c.styles.get(offer.style)
            style_name = f.offers[offer.id]
            given = f.answers.setdefault(offer.id, [])
            for party in offer.to:
                ans = answers.get(party, {}).get(offer.id, "reject")
                offer.answers[party] = ans
                changes: dict[str, float] = {}
                took: bool | None = None
                if style is not None:
                    leverage = float(env.get(self.card.leverage[offer.mediator, party], 0.0))
                    p = leverage * (c.params.counter_scale if ans == "counter" else 1.0)
                    took = rng.random() < p
                    if ans in ("accept", "counter"):
                        if took:
                            _apply(env, bound(style.on_accept, party), changes)
                            until = turn + (style.duration if ans == "accept" else 1)
                            state.active.append(ActiveMediation(offer.mediator, offer.style, party, until, 1.0))
                    elif took:
                        _apply(env, bound(style.on_reject, party), changes)
                given.append(ans)
                f.answered.append((turn, style_name, ans, bool(took), f.ceasefire < 1))
                self.note(turn, changes)
        state.offers = []

    def answer_choices(self, picks: dict[str, dict[str, str]], turn: int) -> None:
        """`injects.answer_choices`."""
        c, env, state = self.c, self.env, self.state
        for pending in state.choices:
            inject = c.injects[pending.inject]
            picked = picks.get(pending.team, {}).get(pending.inject)
            if picked is None:
                picked = pending.choices[0]
            choice = next(ch for ch in inject.choices if ch.id == picked)
            changes = _apply(env, self.card.bound(choice.effects, pending.team), {})
            if choice.rung_delta:
                env["rung"] = max(0, min(c.top_rung, int(env["rung"]) + choice.rung_delta))
                env["peak_rung"] = max(int(env["peak_rung"]), int(env["rung"]))
                changes["rung"] = choice.rung_delta
            env[f"chose.{pending.inject}.{picked}"] = True
            if pending.inject and picked:
                self.facts.choices.add(f"{pending.inject}.{picked}")
            self.note(turn, changes)
        state.choices = []

    def misperceive(self, team: str, move_id: str, turn: int) -> int:
        """`resolve.misperceive` for one ambiguous move; the rungs it adds by accident."""
        c, env = self.c, self.env
        other = c.opponent[team]
        f = mediation.factor(c, self.state, other, "misperception_factor")
        p = c.params.misperception_base * f * (1.0 - 0.5 * float(env.get("backchannel_open", 0)))
        if p <= 0 or self.rng.random() >= p:
            return 0
        changes = apply(env, c.ranges, c.resolve(c.params.misperception_effects, other))
        self.note(turn, changes)
        return c.params.misperception_rung if c.moves[move_id].kinetic else 0

    def hazards(self, turn: int) -> int:
        """`resolve.roll_hazards`; the rungs they add by accident."""
        c, env, state, rng, f = self.c, self.env, self.state, self.rng, self.facts
        cap = c.params.hazard_cap
        accidental = 0
        for rule in c.hazards:
            raw = float(rule.probability(env))
            if raw <= 0:
                continue
            p = min(cap, max(0.0, raw + state.hazard_bonus))
            if rng.random() >= p:
                continue
            hazard, party = rule.hazard, rule.party
            changes = _apply(env, self.card.bound(hazard.effects, party), {})
            accidental += hazard.rung_delta
            f.hazards[hazard.id] = f.hazards.get(hazard.id, 0) + 1
            f.struck.add(f"{hazard.id}@{party}")
            self.note(turn, changes)
        return accidental

    def fire(self, inject: Inject, how: str) -> None:
        """`injects.fire` and `injects.roll_chances`."""
        c, env, state, f = self.c, self.env, self.state, self.facts
        turn = self.now
        changes = _apply(env, self.card.bound(inject.effects, None), {})
        if inject.rung_delta:
            injects.move_rung(c, state, inject.rung_delta, changes)
        env[self.card.fired[inject.id]] = True
        f.injects.add(inject.id)
        state.log.append(_Delivered(turn, inject.id, how))  # type: ignore[arg-type]
        self.note(turn, changes)
        for rule in c.chance_rules[inject.id]:
            if rule.requires is not None and not env.get(rule.requires):
                continue
            raw = float(rule.probability(env))
            p = 0.0 if raw < 0 else 1.0 if raw > 1 else raw
            if self.rng.random() < p:
                part = rule.part
                changes = _apply(env, self.card.bound(part.effects, None), {})
                env[rule.happened] = True
                if part.rung_delta:
                    injects.move_rung(c, state, part.rung_delta, changes)
                f.chances.add(f"{inject.id}.{part.id}")
                self.note(turn, changes)
            else:
                self.note(turn)
        if inject.choices and inject.chooser in c.teams:
            state.choices.append(PendingChoice(inject.id, inject.chooser, turn, [ch.id for ch in inject.choices]))

    def settle(self, left: set[str]) -> None:
        """`resolve.settle`: the crisis machine's transitions."""
        fired = self.c.machine.advance(self.env, left)
        if not fired:
            return
        f, terminal = self.facts, self.c.terminal
        turn = self.now
        for step in fired:
            dest = step.dest
            f.states.add(dest)
            f.entered.add(dest)
            f.state_after_turn[turn] = dest
            if f.nuclear_turn is None and terminal.get(dest) == "nuclear":
                f.nuclear_turn = turn
            self.note(turn)

    def record_claims(self) -> None:
        """`claims.record` (the claims' truths are not part of the record)."""
        waiting = self.unclaimed
        if not waiting:
            return
        env = self.env
        entered = [item for item in waiting if item[1].trigger(env)]
        if not entered:
            return
        ledger, turn = self.facts.claims, self.now
        for claim_id, _ in entered:
            ledger[claim_id] = []
            self.note(turn)
        self.unclaimed = tuple(item for item in waiting if item not in entered)

    def reveal(self) -> None:
        """`claims.reveal`: evidence whose turn has come."""
        ledger = self.facts.claims
        if not ledger:
            return
        turn = self.now
        claims = self.c.claims
        for claim_id, revealed in ledger.items():
            for i, ev in enumerate(claims[claim_id].evidence):
                if ev.turn <= turn and i not in revealed:
                    revealed.append(i)
                    self.note(turn)

    def make_offer(self, mediator_id: str, style: str, turn: int) -> None:
        """`mediation.make_offer`."""
        c, state = self.c, self.state
        offer_id = f"t{turn}-{mediator_id}-{style}"
        to = list(c.offer_to)
        if to and all(o.id != offer_id for o in state.offers):
            state.offers.append(Offer(offer_id, mediator_id, style, turn, to, c.mediators[mediator_id].offer))
            _apply(self.env, self.card.offered[mediator_id], {})
            self.facts.offers[offer_id] = offer_id.rsplit("-", 1)[-1]
            self.note(turn)

    def activate(self, turn: int) -> None:
        """`mediation.activate`: mediators stepping in by rule."""
        env, rng, cooldown = self.env, self.rng, self.state.mediator_cooldown
        for med in self.card.mediators:
            if cooldown.get(med.id, 0) > turn:
                continue
            hard = med.hard
            if hard is None or not hard(env):
                p = float(med.probability(env))
                if not p > 0 or rng.random() >= p:  # a p above 1 always holds, as if clipped to 1
                    continue
            self.make_offer(med.id, mediation.pick_style(med.weights, rng.random() * med.total), turn)
            cooldown[med.id] = turn + med.cooldown

    def expire(self, turn: int) -> None:
        """`mediation.expire`: mediations run out; a mediator with nothing live is disengaged."""
        state, env = self.state, self.env
        if state.active:
            state.active = [a for a in state.active if a.until_turn > turn]
        live: set[str] | None = None
        for med, engaged in self.c.engaged:
            if env.get(engaged):
                if live is None:
                    live = {a.mediator for a in state.active} | {o.mediator for o in state.offers}
                if med not in live:
                    env[engaged] = 0

    def mobilise(self, turn: int) -> None:
        """`mobilisation.advance`: running clocks tick; forces whose clock runs out are ready."""
        ready: list[Event] = []
        mobilisation.advance(self.c, self.state, ready)
        for event in ready:  # the facts of its (rare) events
            if event.team:
                self.facts.ready.setdefault(event.team, turn)
            self.note(turn, event.changes)

    def check_terminal(self) -> bool:
        """`ending.check_terminal`."""
        state = self.state
        if state.end is not None:
            return True
        end = self.c.terminal.get(self.env["state"])
        if end is None:
            return False
        self.finish(end)
        return True

    def finish(self, end: str) -> None:
        state = self.state
        state.end = end
        ending.score(self.c, state)
        self.note(self.now)

    # ------------------------------------------------------------------ the record
    def record(self, outcomes: tuple[str, ...], path: bool) -> GameRecord:
        """What `records.record_game` reads from the finished game and its log."""
        return self.facts.record(self.c, self.state, outcomes, path)


def _generic(game: Game, team: str, bot: Any) -> Callable[[], tuple[list[Order], dict, dict]]:
    """A policy's decision, as `bot_turn` submits it (copies, as `Game.submit` keeps them)."""

    def decide() -> tuple[list[Order], dict, dict]:
        d = bot.decide(game, team)
        return list(d.orders), dict(d.answers), dict(d.choices)

    return decide


class _Historical:
    """`bots.policies.Historical` for one seat, reading the batch engine's state directly:
    the recorded moves legal now (at most the per-turn limit), else the tit-for-tat fallback's
    orders; offers accepted when the team's readiness reaches the threshold; the inject choices
    marked historical (else the one that best serves the team's standing)."""

    def __init__(self, run: BatchGame, game: Game, team: str, bot: Historical) -> None:
        self.run = run
        self.game = game
        self.team = team
        self.bot = bot
        self.limit = run.c.params.max_orders_per_turn
        self.entries, self.recorded = run.card.track[team]

    def decide(self) -> tuple[list[Order], dict[str, str], dict[str, str]]:
        run, team = self.run, self.team
        state, c = run.state, run.c
        answers: dict[str, str] = {}
        if state.offers:
            env = state.vars
            for offer in state.offers:
                if team in offer.to:
                    ready = mediation.readiness(c, env, offer.mediator, team, offer.style)
                    answers[offer.id] = "accept" if ready >= ACCEPT_THRESHOLD else "reject"
        choices: dict[str, str] = {}
        if state.choices:
            marked = run.card.historical_choice
            for pending in state.choices:
                if pending.team == team:
                    picked = marked[pending.inject]
                    if picked is None:  # none marked historical: the policy's own pick
                        choices = self.bot.pick_choices(self.game, team, "intl_standing", history=True)
                        break
                    choices[pending.inject] = picked
        now = run.now
        if now not in self.recorded:
            return [], answers, choices
        legal = [play for play in self.entries[now] if not refusal(state, team, play.rule)]
        if not legal:
            return list(self.bot.fallback.decide(self.game, team).orders), answers, choices
        orders = []
        for play in legal[: self.limit]:
            rung_to = play.move.rung_to
            if rung_to is None or crossed_firebreak(c, int(state.vars["rung"]), rung_to) is None:
                orders.append(play.order)
            else:
                orders.append(play.authorised)
        return orders, answers, choices
