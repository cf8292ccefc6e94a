"""Saves of games played under rules version 2 (before a ruling drew its roll) still resume and
replay exactly: the engine plays them on under version 2's rules, and their saves keep saying 2."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.engine.version import RULES_VERSION
from wargame.persistence.format import parse_save
from wargame.persistence.saves import open_save, replay, to_save, write_save
from wargame.scenario.loader import load_scenario

SEATS = {"india": "human", "pakistan": "bot:quantal", "china": "bot:historical", "usa": "bot:historical"}


@pytest.fixture(scope="module")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


def facilitated(balakot, rules_version: int) -> Game:
    """India strikes on turn 2 and the facilitator overrules the outcome; bots play the others."""
    game = Game.new(balakot, 10, rules_version=rules_version)
    bots: dict = {}
    for orders in ([Order("revoke_mfn")], [Order("precision_strike_camp", authorise=True)]):
        bot_turn(game, {**SEATS, "india": "bot:historical"}, bots)
        game.submit("india", orders)
        events = game.adjudicate()
    [strike] = [e for e in events if e.move == "precision_strike_camp"]
    game.override("india", "precision_strike_camp", not strike.success, "the imagery was inconclusive")
    return game


def written_by_the_version_2_engine(balakot, tmp_path) -> tuple:
    """A save as the version-2 engine wrote it: rules_version 2, no version in its snapshot."""
    game = facilitated(balakot, rules_version=2)
    save = to_save(game, balakot, SEATS, "old", facilitator=True)
    data = json.loads(write_save(tmp_path / "old.json", save).read_text(encoding="utf-8"))
    del data["snapshot"]["rules_version"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return game, path


def test_a_version_2_save_with_a_ruling_replays_exactly(balakot, tmp_path):
    _, path = written_by_the_version_2_engine(balakot, tmp_path)
    assert parse_save(path).rules_version == 2
    _, result = replay(path)
    assert result.identical, result


def test_a_version_2_save_resumes_and_plays_on_under_version_2(balakot, tmp_path):
    game, path = written_by_the_version_2_engine(balakot, tmp_path)
    opened = open_save(path)
    assert opened.notice is None and opened.game.state.rules_version == 2
    assert opened.game.state.log == game.state.log
    resumed = opened.game
    resumed.submit("india", [])
    resumed.adjudicate()
    again = write_save(tmp_path / "again.json", to_save(resumed, balakot, SEATS, "old", facilitator=True))
    assert parse_save(again).rules_version == 2
    _, result = replay(again)
    assert result.identical, result


def test_a_version_3_save_with_a_ruling_replays_exactly(balakot, tmp_path):
    game = facilitated(balakot, rules_version=RULES_VERSION)
    path = write_save(tmp_path / "new.json", to_save(game, balakot, SEATS, "new", facilitator=True))
    assert parse_save(path).rules_version == 3
    _, result = replay(path)
    assert result.identical, result
    assert open_save(path).game.state.rules_version == 3


def test_the_two_versions_differ_only_after_the_ruling(balakot):
    """The same orders and ruling: identical up to the ruled strike, then the dice part ways."""
    old, new = facilitated(balakot, 2), facilitated(balakot, 3)
    [i] = [k for k, e in enumerate(new.state.log) if e.explanation and e.explanation.override]
    assert [e.text for e in old.state.log[:i]] == [e.text for e in new.state.log[:i]]
    assert old.state.log[i].explanation.roll == -1.0 and 0 <= new.state.log[i].explanation.roll < 1
