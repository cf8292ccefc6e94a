"""The batch path (bots' orders not re-checked, effect tables built once) plays exactly the games
of the checked path: same final states, dice and event logs, and the same `--json` report."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from wargame.scenario.vocabulary import POLICY_NAMES
from wargame.sim.records import record_game
from wargame.sim.runner import Tally, play_bots, report, simulate

SEEDS = 200


@pytest.mark.parametrize("policy", POLICY_NAMES)
def test_batch_games_equal_checked_games(balakot, policy):
    seats = {t.id: f"bot:{policy}" for t in balakot.card.teams}
    tally = Tally()
    for seed in range(SEEDS):
        checked = play_bots(balakot, seed, seats, checked=True)
        batch = play_bots(balakot, seed, seats)
        assert batch.snapshot() == checked.snapshot(), (policy, seed)  # variables, log, dice, inputs
        assert batch.rng.getstate() == checked.rng.getstate()
        tally.add(record_game(checked))
    got = simulate(ROOT / "scenarios" / "balakot-2019.yaml", SEEDS, 0, seats, jobs=1)
    want = report(tally, 0, seats, 1.0, 1)
    for timing in ("games_per_second", "jobs", "cpus"):
        got.pop(timing), want.pop(timing)
    assert got == want
