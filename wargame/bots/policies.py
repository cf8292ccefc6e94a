"""The bot policies (see the package docstring)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Protocol

from wargame.engine.compiled import Compiled
from wargame.engine.game import Game
from wargame.engine.rules.legality import crossed_firebreak, refusal
from wargame.engine.rules.mediation import readiness
from wargame.engine.state import EventKind, GameState, Order
from wargame.scenario.conditions import logistic
from wargame.scenario.models import Move
from wargame.scenario.vocabulary import ACCEPT_THRESHOLD, PolicyName

NAMED_VARIABLES = frozenset(
    {"intl_standing", "narrative", "domestic_pressure", "nuclear_alarm", "resolve", "public_commitment"}
)
"""Rulebook variables the bots' utilities read by name (`wargame lint` counts them as used)."""


@dataclass
class Decision:
    """A team's input for one turn."""

    orders: list[Order] = field(default_factory=list)
    answers: dict[str, str] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)


class Policy(Protocol):
    """A bot policy. `decide` may read, of the game: `compiled`, `turn`, `teams`, `legal_moves`,
    `options`, `offers_for`, `choices_for`, and of `game.state`: `vars`, `seed`, `offers`,
    `choices`, `active`, `played_once`, `end`, each input's `orders`, and the log's delivered
    injects (`kind`, `turn`, `inject`, `cause`). That is all `sim.fastplay`, the batch engine,
    keeps; a policy that needs more must be given it there too (tests/sim/test_fastplay.py
    fails otherwise)."""

    name: str

    def decide(self, game: Game, team: str) -> Decision: ...


def escalation(game: Game, move: Move) -> int:
    """Rungs the move would add by itself (negative for steps down)."""
    rung = int(game.state.vars["rung"])
    up = max(0, (move.rung_to or 0) - rung)
    return up + move.rung_delta


def order(game: Game, move_id: str) -> Order:
    move = game.compiled.moves[move_id]
    if move.rung_to is None:  # only a `rung_to` crosses a firebreak
        return Order(move_id)
    fb = crossed_firebreak(game.compiled, int(game.state.vars["rung"]), move.rung_to)
    return Order(move_id, authorise=fb is not None)


def _self_delta(game: Game, effects: dict[str, float], team: str, var: str) -> float:
    return sum(d for name, d in game.compiled.resolve(effects, team) if name == f"{team}.{var}")


class _Base:
    name = "base"

    def __init__(self, seed: int, team: str) -> None:
        self.seed = seed
        self.team = team

    def rng_for(self, game: Game) -> random.Random:
        """The bot's dice for this turn: a function of the game's seed, the team and the turn
        only, so that a resumed game plays on exactly as an uninterrupted one would."""
        return random.Random(f"{self.seed}/{self.team}/{self.name}/{game.turn}")

    # defaults shared by the policies ------------------------------------------------
    def answer_offers(self, game: Game, team: str, accept: bool | None = None) -> dict[str, str]:
        out: dict[str, str] = {}
        if not game.state.offers:
            return out
        for offer in game.offers_for(team):
            if accept is None:
                acceptance = readiness(game.compiled, game.state.vars, offer.mediator, team, offer.style)
                out[offer.id] = "accept" if acceptance >= ACCEPT_THRESHOLD else "reject"
            else:
                out[offer.id] = "accept" if accept else "reject"
        return out

    def pick_choices(self, game: Game, team: str, var: str, sign: float = 1.0, history: bool = False) -> dict[str, str]:
        """Each pending choice: the one that best serves `var` (or, with `history`, the choice
        marked historical when there is one)."""
        out: dict[str, str] = {}
        if not game.state.choices:
            return out
        for pending in game.choices_for(team):
            inject = game.compiled.injects[pending.inject]
            marked = [ch for ch in inject.choices if ch.historical] if history else []
            if marked:
                out[pending.inject] = marked[0].id
                continue
            best = max(inject.choices, key=lambda ch: sign * _self_delta(game, ch.effects, team, var))
            out[pending.inject] = best.id
        return out

    def ranked(self, game: Game, team: str, key) -> list[Order]:
        legal = game.legal_moves(team)
        ranked = sorted(legal, key=lambda m: key(game.compiled.moves[m]))
        return [order(game, m) for m in ranked]


class Hawk(_Base):
    name = "hawk"

    def decide(self, game: Game, team: str) -> Decision:
        limit = game.compiled.params.max_orders_per_turn
        legal = [game.compiled.moves[m] for m in game.legal_moves(team)]
        climbing = [m for m in legal if escalation(game, m) > 0 or m.category in ("military", "information")]
        climbing = [m for m in climbing if not m.climb_down and m.rung_delta >= 0]
        climbing.sort(key=lambda m: (-escalation(game, m), -int(m.kinetic), m.id))
        orders = [order(game, m.id) for m in climbing[:limit]]
        return Decision(
            orders, self.answer_offers(game, team, accept=False), self.pick_choices(game, team, "narrative")
        )


class Dove(_Base):
    name = "dove"

    def decide(self, game: Game, team: str) -> Decision:
        limit = game.compiled.params.max_orders_per_turn
        legal = [game.compiled.moves[m] for m in game.legal_moves(team)]
        calm = [m for m in legal if escalation(game, m) <= 0 and not m.kinetic and m.commitment == 0]
        calm = [m for m in calm if m.category in ("diplomatic", "mediation") or m.climb_down or m.offramp]
        calm.sort(key=lambda m: (m.rung_delta, -int(m.offramp), -int(m.climb_down), m.id))
        orders = [order(game, m.id) for m in calm[:limit]]
        return Decision(
            orders, self.answer_offers(game, team, accept=True), self.pick_choices(game, team, "intl_standing")
        )


def attributed_attacks(game: Game, party: str) -> list[str]:
    """Injects attributed to `party` (an attack by a group based in its territory) delivered
    since the last adjudication: this turn's scripted ones and the last turn's conditional ones."""
    c, turn = game.compiled, game.turn
    out = []
    for e in reversed(game.state.log):
        if e.turn < turn - 1:
            break
        if e.kind != EventKind.INJECT or e.inject is None:
            continue
        if e.turn == turn - 1 and e.cause != "conditional":
            continue
        inject = c.injects.get(e.inject)
        if inject is not None and inject.attributed_to == party:
            out.append(e.inject)
    return out


class TitForTat(_Base):
    """Answers the other principal's last escalation in kind (one rung up at most), and an
    attack attributed to it (a card's `attributed_to`) as its defection; else a calm move."""

    name = "tit-for-tat"

    def decide(self, game: Game, team: str) -> Decision:
        c = game.compiled
        other = c.opponent.get(team)
        if other is None:  # a third party has no opponent: it mediates
            return self._mediate(game, team)
        last = game.state.inputs[-1].orders.get(other, []) if game.state.inputs else []
        attacks = attributed_attacks(game, other)
        provoked = bool(attacks) or any(c.moves[o.move].kinetic or (c.moves[o.move].rung_to or 0) > 0 for o in last)
        legal = [c.moves[m] for m in game.legal_moves(team)]
        rung = int(game.state.vars["rung"])
        if provoked:
            peak = max([(c.moves[o.move].rung_to or 0) for o in last] + [rung + 1 if attacks else 0])
            answers = [
                m for m in legal if m.rung_to is not None and m.rung_to <= max(peak, rung) + 1 and m.rung_to >= rung
            ]
            answers.sort(key=lambda m: (-(m.rung_to or 0), m.id))
            orders = [order(game, m.id) for m in answers[:1]]
            return Decision(orders, self.answer_offers(game, team), self.pick_choices(game, team, "narrative"))
        calm = [m for m in legal if escalation(game, m) <= 0 and not m.kinetic and m.commitment == 0]
        calm.sort(key=lambda m: (m.rung_delta, -int(m.offramp), m.id))
        orders = [order(game, m.id) for m in calm[:1]]
        return Decision(orders, self.answer_offers(game, team), self.pick_choices(game, team, "intl_standing"))

    def _mediate(self, game: Game, team: str) -> Decision:
        legal = [game.compiled.moves[m] for m in game.legal_moves(team)]
        mediation = sorted((m for m in legal if m.category == "mediation"), key=lambda m: m.id)
        rung = int(game.state.vars["rung"])
        orders = [order(game, m.id) for m in mediation[:1]] if rung >= 3 else []
        return Decision(orders, {}, self.pick_choices(game, team, "intl_standing"))


class Quantal(_Base):
    """Softmax over U(m) = escalation·(resolve + domestic_pressure − 1 − risk) − costs
    + narrative gain − audience cost, where risk = nuclear_alarm + rung/top; "hold" has U = 0."""

    name = "quantal"

    def utility(self, game: Game, team: str, m: Move) -> float:
        env = game.state.vars
        c = game.compiled
        top = c.top_rung
        esc = escalation(game, m)
        risk = float(env.get("nuclear_alarm", 0)) + float(env["rung"]) / top
        drive = float(env.get(f"{team}.resolve", 0.5)) + float(env.get(f"{team}.domestic_pressure", 0.3)) - 1.0
        u = esc * (drive - risk) * (2.0 if esc > 0 else 1.0)
        u += self.value_of(game, team, m.effects)
        rule = c.by_actor[team].get(m.id)
        if rule is not None and rule.odds is not None and m.outcome is not None:
            p = logistic(float(rule.odds(env)))  # expected outcome: p × success + (1 − p) × failure
            u += p * self.value_of(game, team, m.outcome.success)
            u += (1.0 - p) * self.value_of(game, team, m.outcome.failure)
        fb = crossed_firebreak(c, int(env["rung"]), m.rung_to)
        if fb:
            u -= 4.0 * c.firebreaks[fb].standing_cost
        if m.climb_down:
            u -= c.params.audience_cost_rate * float(env.get(f"{team}.public_commitment", 0)) * 4.0
        if team not in c.opponent and m.category == "mediation":
            u += 0.5 * risk
        return u

    @staticmethod
    def value_of(game: Game, team: str, effects: dict[str, float]) -> float:
        """What a set of effects is worth to the team: narrative and standing up, pressure down."""
        u = 3.0 * _self_delta(game, effects, team, "narrative")
        u += 2.0 * _self_delta(game, effects, team, "intl_standing")
        u -= 2.0 * _self_delta(game, effects, team, "domestic_pressure")
        return u

    def decide(self, game: Game, team: str) -> Decision:
        c = game.compiled
        temperature = c.params.quantal_temperature
        pool = {m: self.utility(game, team, c.moves[m]) for m in game.legal_moves(team)}
        rng = self.rng_for(game)
        orders: list[Order] = []
        for _ in range(c.params.max_orders_per_turn):
            options = [(None, 0.0), *pool.items()]
            top = max(u for _, u in options)
            weights = [math.exp((u - top) / temperature) for _, u in options]
            pick = rng.random() * sum(weights)
            chosen = options[-1][0]
            for (move_id, _), w in zip(options, weights, strict=True):
                if pick < w:
                    chosen = move_id
                    break
                pick -= w
            if chosen is None:
                break
            orders.append(order(game, chosen))
            pool.pop(chosen)
        answers = {}
        for offer in game.offers_for(team):
            acceptance = readiness(c, game.state.vars, offer.mediator, team, offer.style)
            answers[offer.id] = "accept" if rng.random() < acceptance else "reject"
        return Decision(orders, answers, self.pick_choices(game, team, "narrative"))


class RandomBot(_Base):
    name = "random"

    def decide(self, game: Game, team: str) -> Decision:
        rng = self.rng_for(game)
        legal = game.legal_moves(team)
        k = rng.randint(0, min(len(legal), game.compiled.params.max_orders_per_turn))
        orders = [order(game, m) for m in rng.sample(legal, k)]
        answers = {o.id: rng.choice(["accept", "reject", "counter"]) for o in game.offers_for(team)}
        injects = game.compiled.injects
        choices = {p.inject: rng.choice([ch.id for ch in injects[p.inject].choices]) for p in game.choices_for(team)}
        return Decision(orders, answers, choices)


class Historical(_Base):
    """Plays the card's historical track, move by move: a recorded move that is legal now is
    played; one that is not is left out (the rest of the entry still stands); only when no
    move of an entry is legal does the tit-for-tat fallback decide. Takes the inject choices
    marked historical."""

    name = "historical"

    def __init__(self, seed: int, team: str) -> None:
        super().__init__(seed, team)
        self.fallback = TitForTat(seed, team)

    def decide(self, game: Game, team: str) -> Decision:
        c, state = game.compiled, game.state
        entry = c.track.get((state.turn, team))
        answers = self.answer_offers(game, team)
        choices = self.pick_choices(game, team, "intl_standing", history=True)
        if entry is None or not entry.moves:
            return Decision([], answers, choices)
        legal = [m for m in entry.moves if _legal_now(c, state, team, m)]
        if legal:
            return Decision([order(game, m) for m in legal[: c.params.max_orders_per_turn]], answers, choices)
        fallback = self.fallback.decide(game, team)
        return Decision(fallback.orders, answers, choices)


def _legal_now(c: Compiled, state: GameState, team: str, move_id: str) -> bool:
    """`not why_illegal(c, state, team, move_id)` without composing a reason: the team's party
    plays the move on this card and `refusal` finds nothing against it."""
    rule = c.by_actor.get(team, {}).get(move_id)
    return rule is not None and not state.end and not refusal(state, team, rule)


POLICIES: dict[PolicyName, type[_Base]] = {
    "historical": Historical,
    "hawk": Hawk,
    "dove": Dove,
    "tit-for-tat": TitForTat,
    "quantal": Quantal,
    "random": RandomBot,
}


def make_policy(name: str, seed: int, team: str) -> Policy:
    policy = POLICIES.get(name)  # type: ignore[call-overload]
    if policy is None:
        raise ValueError(f"no bot policy '{name}'; expected one of: {', '.join(POLICIES)}")
    return policy(seed, team)
