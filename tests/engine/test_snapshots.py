"""Snapshots and undo points: the fast paths give exactly what the generic `dataclasses.asdict`
gives, and undo (which no longer copies the log each turn) returns to the same game."""

from __future__ import annotations

from dataclasses import asdict

from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.state import decision_to_dict


def _reference(game: Game) -> dict:
    st = game.state
    game.snapshot()  # sets the RNG state
    log, decisions = st.log, st.decisions
    st.log, st.decisions = [], []
    try:
        out = asdict(st)
    finally:
        st.log, st.decisions = log, decisions
    for inp in out["inputs"]:
        if not inp["reasons"]:
            del inp["reasons"]  # a turn's optional whys are left out of saves when nobody gave one
    out["log"] = [e.to_dict() for e in log]
    out["decisions"] = [decision_to_dict(d) for d in decisions]
    return out


def test_snapshot_after_every_turn_equals_the_generic_copy(balakot):
    for policy in ("historical", "hawk", "random", "quantal"):
        seats = {t.id: f"bot:{policy}" for t in balakot.card.teams}
        for seed in range(12):
            game, bots = Game.new(balakot, seed), {}
            while not game.over:
                bot_turn(game, seats, bots)
                game.adjudicate()
                snap = game.snapshot()
                ref = _reference(game)
                assert snap == ref and list(snap) == list(ref), (policy, seed, game.turn)


def test_undo_back_to_the_start_then_replay_gives_the_same_game(balakot):
    seats = {t.id: "bot:random" for t in balakot.card.teams}
    for seed in range(8):
        game, bots = Game.new(balakot, seed), {}
        start = game.snapshot()
        snaps = []
        while not game.over:
            snaps.append(game.snapshot())
            bot_turn(game, seats, bots)
            game.adjudicate()
        final = game.snapshot()
        inputs = list(game.state.inputs)
        for expected in reversed(snaps):
            game.undo()
            got = game.snapshot()
            got["decisions"] = [d for d in got["decisions"] if d["verb"] != "undo"]
            assert got == expected
        assert {k: v for k, v in game.snapshot().items() if k != "decisions"} == {
            k: v for k, v in start.items() if k != "decisions"
        }
        for inp in inputs:  # the same orders again: the same game, dice included
            for team, orders in inp.orders.items():
                game.submit(team, orders, inp.answers.get(team), inp.choices.get(team))
            game.adjudicate()
        again = game.snapshot()
        assert again["log"] == final["log"] and again["rng_state"] == final["rng_state"]
        assert again["vars"] == final["vars"]
