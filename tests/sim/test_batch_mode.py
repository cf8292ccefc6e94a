"""Batch mode (`narrate=False`: no event texts, no explanations) plays exactly the games of the
logged path on every shipped card under every bot policy: the same final states, dice, inputs,
structured event facts and game records, and `simulate --json` (which plays in batch mode)
equals the report built from the logged games."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ROOT
from wargame.scenario.loader import load_scenario
from wargame.scenario.vocabulary import POLICY_NAMES
from wargame.sim.records import card_outcomes, record_game
from wargame.sim.runner import Tally, play_bots, report, simulate

SEEDS = 200
CARDS = sorted((ROOT / "scenarios").glob("*.yaml"))


def _without_words(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with each event's text and explanation left out (all that batch mode omits)."""
    out = dict(snapshot)
    out["log"] = [{k: v for k, v in e.items() if k not in ("text", "explanation")} for e in snapshot["log"]]
    return out


@pytest.mark.parametrize("card", CARDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_batch_mode_plays_the_logged_games(card, policy):
    scenario = load_scenario(card)
    seats = {t.id: f"bot:{policy}" for t in scenario.card.teams}
    tally = Tally()
    words = 0
    for seed in range(SEEDS):
        logged = play_bots(scenario, seed, seats)
        batch = play_bots(scenario, seed, seats, narrate=False)
        assert batch.rng.getstate() == logged.rng.getstate(), (policy, seed)  # the same dice
        quiet, full = batch.snapshot(), logged.snapshot()
        assert _without_words(quiet) == _without_words(full), (policy, seed)
        assert all(e["text"] == "" and e["explanation"] is None for e in quiet["log"])
        words += sum(1 for e in full["log"] if e["text"])
        outcomes = card_outcomes(logged.compiled)
        assert record_game(batch, outcomes) == record_game(logged, outcomes), (policy, seed)
        tally.add(record_game(logged, outcomes))
    assert words > 0  # the logged path did write texts: the comparison meant something
    got = simulate(card, SEEDS, 0, seats, jobs=1)
    want = report(tally, 0, seats, 1.0, 1)
    for timing in ("games_per_second", "jobs", "cpus"):
        got.pop(timing), want.pop(timing)
    assert got == want
