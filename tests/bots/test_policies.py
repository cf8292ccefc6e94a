"""Bot policies on a minimal card: each plays only legal moves, in character."""

from __future__ import annotations

import pytest

from tests.minimal import minimal_scenario, move
from wargame.bots.policies import make_policy
from wargame.engine.game import Game
from wargame.scenario.vocabulary import POLICY_NAMES

MOVES = [
    move("threaten", rung_delta=1, category="military"),
    move("apologise", rung_delta=-1),
    move("talk"),
]


@pytest.fixture
def scenario(tmp_path):
    return minimal_scenario(tmp_path, moves=MOVES, adjudication={"max_orders_per_turn": 1, "misperception_base": 0.0})


def test_hawks_threaten_and_doves_apologise(scenario):
    game = Game.new(scenario, 0)
    assert [o.move for o in make_policy("hawk", 0, "blue").decide(game, "blue").orders] == ["threaten"]
    assert [o.move for o in make_policy("dove", 0, "blue").decide(game, "blue").orders] == ["apologise"]


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_every_policy_orders_only_legal_moves(scenario, policy):
    game = Game.new(scenario, 3)
    bots = {team: make_policy(policy, 3, team) for team in game.teams}
    while not game.over:
        for team, bot in bots.items():
            decision = bot.decide(game, team)
            assert {o.move for o in decision.orders} <= set(game.legal_moves(team))
            game.submit(team, decision.orders, decision.answers, decision.choices)
        game.adjudicate()


def test_an_unknown_policy_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="no bot policy 'gandhi'; expected one of: historical, hawk"):
        make_policy("gandhi", 0, "blue")
