"""`SaveEncoder` writes the very bytes of `encode` for every save of a game (it only skips encoding again
the log entries and turn inputs it has already encoded), also after an undo, a ruling and a resume."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from wargame.bots.turn import bot_turn
from wargame.engine.game import Game
from wargame.persistence.encoding import SaveEncoder, encode
from wargame.persistence.saves import load_game, to_save, write_save
from wargame.scenario.loader import load_scenario

SEATS = {"india": "bot:hawk", "pakistan": "bot:random", "china": "bot:historical", "usa": "bot:dove"}


@pytest.fixture(scope="module")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


def same_bytes(encoder: SaveEncoder, game: Game, scenario) -> bytes:
    save = to_save(game, scenario, SEATS, "g")
    data = encoder.encode(save)
    assert data == encode(save)
    return data


@pytest.mark.parametrize("seed", [1, 7, 23])
def test_every_turn_and_after_an_undo_a_ruling_and_an_adjustment(balakot, seed):
    game, encoder, bots = Game.new(balakot, seed), SaveEncoder(), {}
    same_bytes(encoder, game, balakot)
    turn = 0
    while not game.over:
        bot_turn(game, SEATS, bots)
        game.adjudicate()
        same_bytes(encoder, game, balakot)
        turn += 1
        if turn == 3 and game.can_undo:
            game.undo()
            same_bytes(encoder, game, balakot)
        if turn == 5:
            game.adjust("rung", 2, "the umpire calms things down")
            same_bytes(encoder, game, balakot)
    assert turn > 5


def test_a_resumed_game_encodes_alike(balakot, tmp_path):
    game, encoder, bots = Game.new(balakot, 4), SaveEncoder(), {}
    for _ in range(4):
        bot_turn(game, SEATS, bots)
        game.adjudicate()
    path = write_save(tmp_path / "g.json", to_save(game, balakot, SEATS, "g"))
    resumed = load_game(path)[2]
    bot_turn(resumed, SEATS, {})
    resumed.adjudicate()
    same_bytes(encoder, game, balakot)
    same_bytes(encoder, resumed, balakot)
