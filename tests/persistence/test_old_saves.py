"""Saves written by earlier versions of wargame still resume and replay.

`tests/data/save-v2-*.json` were written by the format-2 code (before the play session and
typed events): one facilitated game (hold, adjust, fire, override, undo) and one finished
bot game on the pilot-held card."""

import json

import pytest

from tests.conftest import ROOT
from wargame.persistence.saves import load_game, replay

OLD = sorted((ROOT / "tests" / "data").glob("save-v2-*.json"))


@pytest.mark.parametrize("path", OLD, ids=[p.stem for p in OLD])
def test_old_save_replays_identically(path):
    _, result = replay(path)
    assert result.identical, (result.turn, result.expected[:200], result.got[:200])


@pytest.mark.parametrize("path", OLD, ids=[p.stem for p in OLD])
def test_old_save_resumes_where_it_stopped(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    _, _, game = load_game(path)
    assert game.turn == data["snapshot"]["vars"]["turn"]
    assert game.state.vars == data["snapshot"]["vars"]
