"""Saves: round trip, resume, replay, fork, migration, autosave rotation, report escaping."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.persistence.errors import SaveError
from wargame.persistence.format import parse_save
from wargame.persistence.saves import Autosaver, find_card, load_game, rebuild, replay, saves_dir, to_save, write_save
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots

SEATS = {"india": "bot:quantal", "pakistan": "bot:random", "china": "bot:historical", "usa": "bot:tit-for-tat"}


@pytest.fixture(scope="module")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


def play_some(scenario, seed: int, turns: int) -> Game:
    game = Game.new(scenario, seed)
    bots: dict = {}
    for _ in range(turns):
        if game.over:
            break
        bot_turn(game, SEATS, bots)
        game.adjudicate()
    return game


def log_of(game: Game) -> str:
    return json.dumps(game.snapshot()["log"], sort_keys=True)


def test_save_load_continue_equals_uninterrupted(balakot, tmp_path):
    whole = play_bots(balakot, 42, SEATS, keep_history=True)
    for stop in (1, 4, 7):
        part = play_some(balakot, 42, stop)
        path = write_save(tmp_path / f"g{stop}.json", to_save(part, balakot, SEATS, "g"))
        _, _, resumed = load_game(path)
        bots: dict = {}  # fresh bots, as after a restart of the program
        while not resumed.over:
            bot_turn(resumed, SEATS, bots)
            resumed.adjudicate()
        assert log_of(resumed) == log_of(whole), stop


def test_replay_of_100_bot_games_is_identical(balakot, tmp_path):
    for seed in range(100):
        game = play_bots(balakot, seed, SEATS, keep_history=True)
        path = write_save(tmp_path / f"{seed}.json", to_save(game, balakot, SEATS, str(seed)))
        _, result = replay(path)
        assert result.identical, (seed, result)


def test_replay_reports_the_first_difference(balakot, tmp_path):
    game = play_bots(balakot, 3, SEATS, keep_history=True)
    save = to_save(game, balakot, SEATS, "g")
    save.snapshot["log"][10]["text"] = "edited"
    path = write_save(tmp_path / "g.json", save)
    _, result = replay(path)
    assert not result.identical and result.index == 10
    assert '"text": "edited"' in result.expected
    with pytest.raises(SaveError, match="does not match its own recorded orders"):
        load_game(path)


def test_facilitator_decisions_and_rulings_replay(balakot, tmp_path):
    game = Game.new(balakot, 8)
    game.hold_inject("saudi_crown_prince_visit")
    game.adjust("intl_attention", 0.9, "the world watches")
    game.submit("india", [Order("push_unsc_statement")])
    game.adjudicate()
    game.override("india", "push_unsc_statement", True, "agreed overnight")
    game.fire_inject("second_attack")
    game.adjudicate()
    game.undo()
    game.adjudicate()
    path = write_save(tmp_path / "f.json", to_save(game, balakot, SEATS, "f", facilitator=True))
    _, result = replay(path)
    assert result.identical, result


def test_fork_leaves_the_original_untouched(balakot, tmp_path):
    game = play_bots(balakot, 5, SEATS, keep_history=True)
    original = write_save(tmp_path / "orig.json", to_save(game, balakot, SEATS, "orig"))
    before = original.read_bytes(), original.stat().st_mtime_ns
    save = parse_save(original)
    fork = rebuild(find_card(save, original), save, upto_turn=4)
    assert fork.turn == 4 and len(fork.state.inputs) == 3
    fork.submit("india", [])
    fork.adjudicate()
    write_save(tmp_path / "fork.json", to_save(fork, balakot, SEATS, "orig-fork-t4"))
    assert (original.read_bytes(), original.stat().st_mtime_ns) == before


def test_version_1_fixture_is_migrated(balakot, tmp_path):
    save = parse_save(ROOT / "tests" / "data" / "save-v1.json")
    assert save.version == 3 and save.upgraded_from == 1 and save.card.id == "balakot-2019" and save.seed == 7
    assert save.turns[1]["orders"]["india"] == [
        {"move": "revoke_mfn", "authorise": True},
        {"move": "recall_high_commissioner", "authorise": True},
    ]
    with pytest.raises(SaveError, match=r"played under version 1.*cannot be reproduced exactly"):
        load_game(ROOT / "tests" / "data" / "save-v1.json")  # no snapshot to continue from
    # Even on its card as it is now, a format-1 save (orders only, rules version 1) cannot be
    # rebuilt under rules version 2, and says so rather than replaying it differently.
    data = json.loads((ROOT / "tests" / "data" / "save-v1.json").read_text())
    data["scenario"]["hash"] = balakot.content_hash
    data["scenario"]["path"] = str(ROOT / "scenarios" / "balakot-2019.yaml")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(data))
    with pytest.raises(SaveError, match="played under version 1 of the adjudication rules"):
        load_game(path)


def test_autosaves_rotate_and_resume_numbering(balakot, tmp_path):
    game = Game.new(balakot, 1)
    game.adjust("rung", 3, "keep the crisis open")
    saver = Autosaver(tmp_path, "g", keep=3)
    for _ in range(6):
        game.adjudicate()
        saver.save(game, balakot, SEATS)
    names = [p.name for p in saver.existing()]
    assert names == ["g.autosave-0004.json", "g.autosave-0005.json", "g.autosave-0006.json"]
    assert Autosaver(tmp_path, "g").count == 6
    assert not list(tmp_path.glob(".*.tmp"))


def test_saves_dir_resolution(tmp_path, monkeypatch):
    monkeypatch.delenv("WARGAME_SAVES", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert saves_dir(None) == tmp_path / "data" / "wargame" / "saves"
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path))
    assert saves_dir(None) == tmp_path
    assert saves_dir(tmp_path / "x") == tmp_path / "x"
