"""Same card + seed + orders ⇒ the same event log, byte for byte."""

from __future__ import annotations

from tests.engine.conftest import log_bytes
from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.sim.runner import play_bots

SEATS = {"india": "bot:quantal", "pakistan": "bot:random", "china": "bot:historical", "usa": "bot:quantal"}


def test_same_seed_same_log(balakot):
    a = play_bots(balakot, 11, SEATS, keep_history=True)
    b = play_bots(balakot, 11, SEATS, keep_history=True)
    assert log_bytes(a) == log_bytes(b)
    assert a.state.inputs == b.state.inputs


def test_different_seeds_differ(balakot):
    logs = {log_bytes(play_bots(balakot, s, SEATS)) for s in range(8)}
    assert len(logs) > 1


def test_replaying_recorded_orders_reproduces_the_log(balakot):
    original = play_bots(balakot, 5, SEATS, keep_history=True)
    replay = Game.new(balakot, 5)
    for inp in original.state.inputs:
        for team, orders in inp.orders.items():
            replay.submit(team, orders, inp.answers.get(team), inp.choices.get(team))
        replay.adjudicate()
    assert log_bytes(replay) == log_bytes(original)


def test_snapshot_restore_continues_identically(balakot):
    uninterrupted = play_bots(balakot, 21, SEATS, keep_history=True)
    game = Game.new(balakot, 21)
    bots: dict = {}
    for _ in range(4):
        bot_turn(game, SEATS, bots)
        game.adjudicate()
    resumed = Game.restore(balakot, game.snapshot())
    while not resumed.over:
        bot_turn(resumed, SEATS, bots)
        resumed.adjudicate()
    assert log_bytes(resumed) == log_bytes(uninterrupted)


def test_engine_is_independent_of_hash_seed(tmp_path):
    """Run the same game in two interpreters with different PYTHONHASHSEED values."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import hashlib, json, sys\n"
        "from wargame.scenario.loader import load_scenario\n"
        "from wargame.sim.runner import play_bots\n"
        "s = load_scenario('scenarios/balakot-2019.yaml')\n"
        f"g = play_bots(s, 3, {SEATS!r}, keep_history=True)\n"
        "print(hashlib.sha256(json.dumps(g.snapshot()['log'], sort_keys=True).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        )
        digests.add(out.stdout.strip())
    assert len(digests) == 1
