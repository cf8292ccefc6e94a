"""The batch engine (`sim.fastplay`) plays exactly the games of the engine: on every shipped card,
under every bot policy and under mixed seats, over hundreds of seeds, its record equals
`record_game` of the same game played by `play_bots`, and the dice, the final variables, the
scores and the objectives met are the same."""

from __future__ import annotations

import random

import pytest

from tests.conftest import ROOT
from tests.sim.fastplay_cards import RICH_VARIANTS, kitchen_sink, rich
from wargame.engine.compiled import batch_form
from wargame.engine.version import RULES_VERSION
from wargame.scenario.loader import load_scenario
from wargame.scenario.vocabulary import POLICY_NAMES
from wargame.sim.fastplay import play_game, play_record
from wargame.sim.records import card_outcomes, record_game
from wargame.sim.runner import play_bots

SEEDS = 150
CARDS = sorted((ROOT / "scenarios").glob("*.yaml"))


def _same_game(scenario, seed: int, seats: dict[str, str]) -> None:
    outcomes = card_outcomes(batch_form(scenario))
    engine = play_bots(scenario, seed, seats, narrate=False)
    fast = play_game(scenario, seed, seats)
    assert fast.record(outcomes, True) == record_game(engine, outcomes), (seats, seed)
    assert fast.rng.getstate() == engine.rng.getstate(), (seats, seed)  # the same dice, drawn alike
    assert fast.state.vars == engine.state.vars, (seats, seed)
    s, e = fast.state, engine.state
    assert (s.end, s.scores, s.met, s.rung_path) == (e.end, e.scores, e.met, e.rung_path), (seats, seed)
    assert [i.orders for i in s.inputs] == [i.orders for i in e.inputs], (seats, seed)


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_fast_engine_plays_the_engines_games(card, policy):
    scenario = load_scenario(card)
    seats = {t.id: f"bot:{policy}" for t in scenario.card.teams}
    for seed in range(SEEDS):
        _same_game(scenario, seed, seats)


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
def test_fast_engine_with_mixed_seats(card):
    scenario = load_scenario(card)
    pick = random.Random(card.stem)
    for seed in range(SEEDS):
        seats = {t.id: f"bot:{pick.choice(POLICY_NAMES)}" for t in scenario.card.teams}
        _same_game(scenario, seed, seats)


def test_the_records_differ_between_seeds(balakot):
    """The comparison above means something: games of different seeds differ."""
    seats = {t.id: "bot:historical" for t in balakot.card.teams}
    records = {play_record(balakot, seed, seats).offers for seed in range(50)}
    assert len(records) > 10


@pytest.mark.parametrize("blue", [*POLICY_NAMES, "human"])
def test_fast_engine_on_a_card_with_every_mechanism(tmp_path, blue):
    scenario = kitchen_sink(tmp_path)
    seat = blue if blue == "human" else f"bot:{blue}"
    ways = set()
    for i, red in enumerate(POLICY_NAMES):
        for seed in range(40):
            _same_game(scenario, 100 * i + seed, {"blue": seat, "red": f"bot:{red}"})
            r = play_record(scenario, 100 * i + seed, {"blue": seat, "red": f"bot:{red}"})
            ways.add((r.end, r.end_turn, r.peak_rung, r.chances, r.choices))
    assert len(ways) >= 5  # the games went different ways


@pytest.mark.parametrize("variant", RICH_VARIANTS, ids=lambda v: ",".join(v) or "plain")
def test_fast_engine_on_a_card_with_three_parties_claims_and_two_mediators(tmp_path, variant):
    scenario = rich(tmp_path, variant)
    seated = [t.id for t in scenario.card.teams]
    pick = random.Random(str(variant))
    seatings = [{t: f"bot:{pick.choice(POLICY_NAMES)}" for t in seated} for _ in range(16)]
    seatings += [
        {t: "bot:historical" for t in seated},
        {t: "human" if t == "blue" else "bot:historical" for t in seated},
    ]
    for i, seats in enumerate(seatings):
        for seed in range(6):
            _same_game(scenario, 10 * i + seed, seats)
            assert play_record(scenario, 10 * i + seed, seats, (), False).path == ()


def test_rules_version_is_the_one_mirrored():
    """`sim/fastplay.py` mirrors rules version 3 (engine/rules/resolve.py and the modules it calls).
    A new rules version means new rules: make them in the batch engine too, then move this on."""
    assert RULES_VERSION == 3
