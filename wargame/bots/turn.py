"""Bots playing their seats for one turn."""

from __future__ import annotations

from typing import Any

from wargame.bots.policies import make_policy
from wargame.engine.game import Game


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
        game.submit(team, decision.orders, decision.answers, decision.choices, trusted=trusted)
