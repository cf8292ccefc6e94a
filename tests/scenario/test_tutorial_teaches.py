"""The tutorial teaches its mechanics in most games: each is reached in at least 70% of 1,000
seeded games with random seats and with quantal seats (see `tests.scenario.tutorial_reach`)."""

from __future__ import annotations

from tests.scenario.tutorial_reach import MECHANICS, rates


def test_every_tutorial_mechanic_is_reached_in_most_games():
    measured = rates(1000)
    low = {(policy, m): share for policy, shares in measured.items() for m, share in shares.items() if share < 0.7}
    assert not low, f"mechanics reached in under 70% of games: {low}"
    assert set(measured["random"]) == set(MECHANICS)
