"""Invariants over random legal play (hypothesis): ranges, ladder, absorbing ends, legality,
explanations."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wargame.bots.turn import bot_turn
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game

POLICIES = ["random", "hawk", "dove", "quantal", "tit-for-tat", "historical"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    card=st.sampled_from(["balakot-2019", "balakot-2019-pilot-held", "next-crisis", "tutorial"]),
    seed=st.integers(0, 2**32 - 1),
    policies=st.lists(st.sampled_from(POLICIES), min_size=4, max_size=4),
)
def test_invariants_hold_in_random_games(cards, card, seed, policies):
    scenario = cards[card]
    game = Game.new(scenario, seed, keep_history=False)
    seats = {team: f"bot:{p}" for team, p in zip(game.teams, policies, strict=False)}
    c = game.compiled
    top = len(c.rules.ladder.rungs) - 1
    bots: dict = {}
    turns = 0
    while not game.over:
        legal = {team: set(game.legal_moves(team)) for team in game.teams}
        bot_turn(game, seats, bots)
        events = game.adjudicate()
        turns += 1
        env = game.state.vars
        for name, (lo, hi, integer) in c.ranges.items():
            assert lo <= env[name] <= hi, name
            if integer:
                assert float(env[name]).is_integer(), name
        assert 0 <= env["rung"] <= top
        assert env["peak_rung"] >= env["rung"]
        for e in events:
            if e.kind == "order":
                assert e.move in legal[e.team], f"illegal {e.team}/{e.move} applied"
                if c.moves[e.move].outcome is not None:
                    assert e.explanation is not None
            if e.kind in ("hazard", "misperception"):
                assert e.explanation is not None and 0 <= e.explanation.probability <= 1
    assert turns <= c.n_turns
    assert game.state.end in ("resolution", "frozen", "war", "nuclear", "timeout")
    assert game.state.crisis_state in c.terminal
    # terminal states are absorbing: nothing more can happen
    before = game.snapshot()
    with pytest.raises(IllegalOrder, match="over"):
        game.submit(game.teams[0], [])
    with pytest.raises(IllegalOrder, match="over"):
        game.adjudicate()
    assert game.snapshot() == before
