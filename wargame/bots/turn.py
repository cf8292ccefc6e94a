"""Bots playing their seats for one turn."""

from __future__ import annotations

from typing import Any

from wargame.bots.policies import make_policy
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game


class BotError(IllegalOrder):
    """A bot chose something the rules refuse: a defect of the card or the policy, reported
    with the card, turn and team instead of a traceback."""


def bot_turn(game: Game, seats: dict[str, str], bots: dict[str, Any], trusted: bool = False) -> None:
    """Submit every bot seat's decision for the current turn (`bots` caches the policies);
    `trusted` (batch simulation) does not re-check the bots' orders, which they made from the legal moves."""
    for team in game.teams:
        seat = seats.get(team, "bot:historical")
        if seat == "human":
            continue
        bot = bots.get(team)
        if bot is None:
            bot = bots[team] = make_policy(seat.removeprefix("bot:"), game.state.seed, team)
        decision = bot.decide(game, team)
        try:
            game.submit(team, decision.orders, decision.answers, decision.choices, trusted=trusted)
        except IllegalOrder as exc:
            card = game.compiled.scenario.card.id
            raise BotError(
                f"card '{card}', turn {game.turn}, team '{team}' ({seat}): the bot's orders were refused: {exc}"
            ) from None
