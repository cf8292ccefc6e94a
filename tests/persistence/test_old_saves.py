"""Saves written by earlier versions of wargame still resume; their exact replay now says they
were played under rules version 1 (issue 9 changed adjudication: rules version 2).

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
def test_old_save_replay_says_it_was_played_under_version_1(path):
    """Rules version 2 (issue 9) adjudicates differently: an exact replay is impossible, and
    `replay` says why instead of reporting a difference."""
    with pytest.raises(SaveError, match="played under version 1 of the adjudication rules"):
        replay(path)


@pytest.mark.parametrize("path", OLD, ids=[p.stem for p in OLD])
def test_old_save_resumes_where_it_stopped(path):
    """It resumes from its saved state, with a notice; variables the rulebook has gained since
    start at their initial values."""
    from wargame.persistence.saves import open_save

    data = json.loads(path.read_text(encoding="utf-8"))
    opened = open_save(path)
    assert opened.notice is not None and "played under version 1" in opened.notice
    game = opened.game
    assert game.turn == data["snapshot"]["vars"]["turn"]
    assert all(game.state.vars[k] == v for k, v in data["snapshot"]["vars"].items())


@pytest.mark.parametrize("path", [*OLD, ROOT / "tests" / "data" / "save-v1.json"], ids=lambda p: p.stem)
def test_old_saves_load_under_format_3(path, tmp_path):
    """Migrated to format 3: inputs stored once, events typed; saving again writes format 3."""
    from wargame.persistence.format import parse_save
    from wargame.persistence.saves import to_save, write_save

    original = json.loads(path.read_text(encoding="utf-8"))
    save = parse_save(path)
    assert save.version == 3 and save.upgraded_from == original["version"]
    assert "inputs" not in save.snapshot and "decisions" not in save.snapshot
    assert all("data" not in e for e in save.snapshot.get("log", []))
    if original["version"] == 1:
        return  # its card hash is a placeholder: tests/persistence/test_saves.py resumes it on a patched copy
    _, scenario, game = load_game(path)
    again = write_save(tmp_path / "again.json", to_save(game, scenario, save.seats, save.game_id, save.facilitator))
    resaved = parse_save(again)
    assert resaved.version == 3 and resaved.upgraded_from is None
    assert resaved.turns == save.turns and resaved.decisions == save.decisions
    assert resaved.rules_version == 1  # its turns were played under version 1, and the save keeps saying so
    with pytest.raises(SaveError, match="played under version 1"):
        replay(again)


@pytest.mark.parametrize("path", OLD, ids=[p.stem for p in OLD])
def test_old_saves_continue_from_their_saved_state_on_the_current_cards(path, monkeypatch):
    """Without the cards of their time, old saves still resume: from their saved state, with a
    notice, and play on to the end; `replay` says why it cannot verify them."""
    from wargame.bots.turn import bot_turn
    from wargame.persistence.saves import open_save

    monkeypatch.chdir(ROOT)
    data = json.loads(path.read_text(encoding="utf-8"))
    opened = open_save(path)
    assert opened.notice is not None and "played under version 1" in opened.notice
    game = opened.game
    assert game.turn == data["snapshot"]["vars"]["turn"]
    saved_vars = data["snapshot"]["vars"]
    assert all(game.state.vars[k] == v for k, v in saved_vars.items())
    bots: dict = {}
    seats = {t: "bot:quantal" for t in game.teams}
    while not game.over:
        bot_turn(game, seats, bots)
        game.adjudicate()
    with pytest.raises(SaveError, match=r"played under version 1.*cannot be reproduced exactly"):
        replay(path)
