"""A facilitator's ruling on a chance outcome leaves the turn's other dice alone (rules version 3).

Under version 2 a ruling drew no roll, so every later roll of that turn moved: overruling India's
strike could make that turn's UN offer disappear. Version 3 draws the roll and records it unused;
a game played under version 2 keeps version 2's behaviour, so its saves still replay."""

from __future__ import annotations

import pytest

from tests.minimal import mediation_rules, minimal_scenario, move
from wargame.engine.game import Game
from wargame.engine.state import EventKind, Order
from wargame.engine.version import RULES_VERSION

SEEDS = range(30)


def offers(events) -> list[tuple[str, float | None]]:
    """The turn's mediation offers with the dice behind them."""
    return [
        (e.text, e.explanation.roll if e.explanation else None) for e in events if e.kind == EventKind.MEDIATION_OFFER
    ]


def strike_rules() -> dict:
    """A strike with an even chance, and a mediator who steps in on a roll (one chance in two)."""
    rules = mediation_rules(0.5)
    rules["mediators"][0]["activation"] = {"probability": "0.5", "cooldown": 0}
    outcome = {"odds": "0", "success_text": "it hits", "failure_text": "it misses"}
    rules["moves"] = [move("strike", outcome=outcome)]
    return rules


def play_and_overrule(game: Game, team: str, strike: str, authorise: bool = False):
    """The turn's events as played, and again with the strike's outcome overruled (the other way)."""
    game.submit(team, [Order(strike, authorise=authorise)])
    played = game.adjudicate()
    [order] = [e for e in played if e.move == strike and e.kind == EventKind.ORDER]
    ruled = game.override(team, strike, success=not order.success, reason="umpire")
    return played, ruled


def test_the_current_rules_are_version_3():
    assert RULES_VERSION == 3


@pytest.mark.parametrize("seed", SEEDS)
def test_overruling_a_strike_keeps_the_turns_mediation_offer_on_a_minimal_card(tmp_path, seed):
    game = Game.new(minimal_scenario(tmp_path, **strike_rules()), seed)
    played, ruled = play_and_overrule(game, "blue", "strike")
    assert offers(ruled) == offers(played)
    [before] = [e for e in played if e.move == "strike"]
    [after] = [e for e in ruled if e.move == "strike"]
    assert after.success is not before.success and after.explanation.override == "umpire"
    assert after.explanation.roll == before.explanation.roll  # drawn and recorded, not used


def test_under_rules_version_2_a_ruling_still_moves_the_later_dice(tmp_path):
    """What version 3 fixed, and what a version-2 game keeps doing so that its saves replay."""
    scenario = minimal_scenario(tmp_path, **strike_rules())
    moved = 0
    for seed in SEEDS:
        played, ruled = play_and_overrule(Game.new(scenario, seed, rules_version=2), "blue", "strike")
        [after] = [e for e in ruled if e.move == "strike"]
        assert after.explanation.roll == -1.0  # version 2 drew no roll under a ruling
        moved += offers(ruled) != offers(played)
    assert moved > 0


def test_an_unknown_rules_version_is_refused(tmp_path):
    with pytest.raises(ValueError, match="adjudicates rules versions"):
        Game.new(minimal_scenario(tmp_path), 0, rules_version=1)


def balakot_at_the_strike(balakot, seed: int, rules_version: int = RULES_VERSION) -> Game:
    """Balakot with India's air strike legal: India revokes MFN status until it is."""
    game = Game.new(balakot, seed, rules_version=rules_version)
    while "precision_strike_camp" not in game.legal_moves("india"):
        game.submit("india", [Order("revoke_mfn")] if "revoke_mfn" in game.legal_moves("india") else [])
        game.adjudicate()
    return game


@pytest.mark.parametrize("seed", range(12))
def test_overruling_indias_strike_keeps_that_turns_offers_on_balakot(balakot, seed):
    game = balakot_at_the_strike(balakot, seed)
    played, ruled = play_and_overrule(game, "india", "precision_strike_camp", authorise=True)
    assert offers(ruled) == offers(played)


def test_the_un_offer_no_longer_disappears_on_balakot(balakot):
    """Seed 10: under version 2, overruling the strike made the UN Secretary-General's offer vanish."""
    old = balakot_at_the_strike(balakot, 10, rules_version=2)
    played, ruled = play_and_overrule(old, "india", "precision_strike_camp", authorise=True)
    assert any("UN Secretary-General" in text for text, _ in offers(played)) and offers(ruled) == []
    game = balakot_at_the_strike(balakot, 10)
    played, ruled = play_and_overrule(game, "india", "precision_strike_camp", authorise=True)
    assert any("UN Secretary-General" in text for text, _ in offers(ruled))
