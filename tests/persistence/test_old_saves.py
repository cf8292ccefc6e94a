"""Saves written by earlier versions of wargame still resume and replay.

`tests/data/save-v2-*.json` were written by the format-2 code (before the play session and
typed events): one facilitated game (hold, adjust, fire, override, undo) and one finished
bot game on the pilot-held card. Their cards have changed since (issue 9's content fixes), so
they are resumed against the card versions they were played on, kept byte for byte in
`tests/data/cards-1.0/` (a save looks for its card at its recorded relative path first)."""

import json

import pytest

from tests.conftest import ROOT
from wargame.persistence.errors import SaveError
from wargame.persistence.saves import load_game, replay

OLD = sorted((ROOT / "tests" / "data").glob("save-v2-*.json"))
CARDS_1_0 = ROOT / "tests" / "data" / "cards-1.0"


@pytest.fixture(autouse=True)
def cards_of_their_time(monkeypatch):
    monkeypatch.chdir(CARDS_1_0)


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


def test_the_shipped_cards_have_moved_on_so_the_old_saves_need_their_own_copies(monkeypatch):
    monkeypatch.chdir(ROOT)
    data = json.loads((ROOT / "tests" / "data" / "save-v2-finished.json").read_text(encoding="utf-8"))
    with pytest.raises(SaveError, match="has changed since this game was saved"):
        load_game(ROOT / "tests" / "data" / "save-v2-finished.json")
    assert data["card"]["path"] == "scenarios/balakot-2019-pilot-held.yaml"
