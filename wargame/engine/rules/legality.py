"""Is an order legal? Every refusal carries a reason a player can act on.

`refusal` is the one check of a catalogue move against the state; the menus (`options`), the
bots (`legal_move_ids`) and submission (`check_orders`, through `why_illegal`) all use it."""

from __future__ import annotations

from dataclasses import dataclass

from wargame.engine.compiled import Compiled, MoveRule
from wargame.engine.errors import IllegalOrder
from wargame.engine.rules.mediation import ANSWERS
from wargame.engine.state import GameState, Order
from wargame.scenario.conditions import logistic

__all__ = ["MoveOption", "check_answers", "check_orders", "legal_move_ids", "options", "why_illegal"]


@dataclass(frozen=True)
class MoveOption:
    """A move as a team sees it this turn."""

    id: str
    name: str
    category: str
    description: str
    legal: bool
    reason: str
    """Why it is not available (empty when legal)."""
    odds: float | None
    """Chance of success, for moves with a chance outcome."""
    visibility: str
    firebreak: str | None
    """Firebreak it would cross: the order must be authorised."""
    effects: tuple[tuple[str, float], ...]


def crossed_firebreak(c: Compiled, rung: int, rung_to: int | None) -> str | None:
    """The first firebreak a move's `rung_to` would carry the ladder across from `rung`.

    Only `rung_to` crosses firebreaks deliberately: small `rung_delta` steps stop below the
    next firebreak (Kahn: thresholds are not reached by accumulated increments)."""
    if rung_to is None or rung_to <= rung:
        return None
    for r in range(rung + 1, min(rung_to, c.top_rung) + 1):
        if r in c.firebreak_at:
            return c.firebreak_at[r]
    return None


def formulation_active(state: GameState, team: str) -> bool:
    return any(a.party == team and a.style == "formulation" for a in state.active)


def why_illegal(c: Compiled, state: GameState, team: str, move_id: str, already: list[Order] | None = None) -> str:
    """Empty when `team` may order `move_id` now; otherwise the reason."""
    if state.end:
        return "the game is over"
    if team not in c.teams:
        return f"'{team}' is not a team on this card"
    move = c.moves.get(move_id)
    if move is None:
        return f"there is no move '{move_id}'"
    rule = c.by_actor.get(team, {}).get(move_id)
    if rule is None:
        if move_id not in c.allowed:
            return f"'{move.name}' is not available on this card"
        return f"{team} cannot play '{move.name}' (only {', '.join(move.actors)})"
    return refusal(state, team, rule, already)


def refusal(state: GameState, team: str, rule: MoveRule, already: list[Order] | None = None) -> str:
    """Empty when the team's move (one of its party's moves on this card) is legal now; else why not."""
    move = rule.move
    if move.once and f"{team}/{move.id}" in state.played_once:
        return f"'{move.name}' can be played only once, and it has been"
    if already and any(o.move == move.id for o in already):
        return f"'{move.name}' is already in this turn's orders"
    if move.offramp and not formulation_active(state, team):
        return "needs an accepted face-saving formula from a mediator (formulation)"
    if not rule.precondition(state.vars):
        return f"its condition does not hold: {move.precondition}"
    return ""


def option(c: Compiled, state: GameState, team: str, move_id: str) -> MoveOption:
    move = c.moves[move_id]
    rule = c.by_actor.get(team, {}).get(move_id)
    reason = why_illegal(c, state, team, move_id)
    odds = None
    if rule is not None and rule.odds is not None:
        odds = logistic(float(rule.odds(state.vars)))
    fb = crossed_firebreak(c, int(state.vars["rung"]), move.rung_to)
    return MoveOption(
        id=move.id,
        name=move.name,
        category=move.category,
        description=move.description,
        legal=not reason,
        reason=reason,
        odds=odds,
        visibility=move.visibility,
        firebreak=fb,
        effects=rule.effects if rule else (),
    )


def options(c: Compiled, state: GameState, team: str) -> list[MoveOption]:
    """Every move the team's party could ever play here, legal or not, with reasons."""
    return [option(c, state, team, m) for m in c.allowed if m in c.by_actor.get(team, {})]


def legal_move_ids(c: Compiled, state: GameState, team: str) -> list[str]:
    """The ids of the moves legal now (for bots and simulation)."""
    if state.end:
        return []
    return [move_id for move_id, rule in c.by_actor.get(team, {}).items() if not refusal(state, team, rule)]


def check_orders(c: Compiled, state: GameState, team: str, orders: list[Order]) -> None:
    """Raise IllegalOrder with the reason for the first illegal order, if any."""
    limit = c.params.max_orders_per_turn
    if len(orders) > limit:
        raise IllegalOrder(f"{team}: {len(orders)} orders; at most {limit} per turn")
    seen: list[Order] = []
    for order in orders:
        reason = why_illegal(c, state, team, order.move, seen)
        if reason:
            raise IllegalOrder(f"{team}: {order.move}: {reason}")
        move = c.moves[order.move]
        fb = crossed_firebreak(c, int(state.vars["rung"]), move.rung_to)
        if fb and not order.authorise:
            name = c.firebreaks[fb].name
            raise IllegalOrder(f"{team}: {order.move}: crosses the '{name}' firebreak; authorise it explicitly")
        seen.append(order)


def check_answers(state: GameState, team: str, answers: dict[str, str], choices: dict[str, str]) -> None:
    for offer_id, answer in answers.items():
        offer = next((o for o in state.offers if o.id == offer_id), None)
        if offer is None or team not in offer.to:
            raise IllegalOrder(f"{team}: no open offer '{offer_id}' for this team")
        if answer not in ANSWERS:
            raise IllegalOrder(f"{team}: answer '{answer}' to {offer_id}; expected accept, reject or counter")
    for inject_id, choice in choices.items():
        pending = next((p for p in state.choices if p.inject == inject_id and p.team == team), None)
        if pending is None:
            raise IllegalOrder(f"{team}: no open choice for inject '{inject_id}'")
        if choice not in pending.choices:
            raise IllegalOrder(
                f"{team}: '{choice}' is not a choice of {inject_id}; expected {', '.join(pending.choices)}"
            )
