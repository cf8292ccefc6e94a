"""kargil-1999: validates, lints clean, plays headless along its historical track, and tags its facts."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from wargame.lint.run import lint_file
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots

CARD = ROOT / "scenarios" / "kargil-1999.yaml"


@pytest.fixture(scope="module")
def kargil():
    return load_scenario(CARD)


def test_it_extends_the_2019_rules(kargil):
    assert kargil.card.rulebook == "south-asia-1999"
    assert [p.name for p in kargil.rulebook.files] == ["south-asia-1999.yaml", "south-asia.yaml"]
    assert [w for w in kargil.warnings if "have no URL" not in w.message and "deprecated" not in w.message] == []


def test_it_lints_clean():
    found = lint_file(CARD, games=100)
    assert [str(f) for f in found if f.severity != "info"] == []


@pytest.mark.parametrize("seed", range(5))
def test_historical_seats_follow_the_track(kargil, seed):
    game = play_bots(kargil, seed, {t.id: "bot:historical" for t in kargil.card.teams})
    played = {
        (turn, team): [o.move for o in orders]
        for turn, inp in enumerate(game.state.inputs, 1)
        for team, orders in inp.orders.items()
    }
    for entry in kargil.card.historical_track:
        if entry.turn <= len(game.state.inputs):
            assert played.get((entry.turn, entry.team), []) == entry.moves, (entry.turn, entry.team)
    assert game.state.end in ("resolution", "timeout")
    assert game.state.vars["peak_rung"] < [r.id for r in kargil.rules.ladder.rungs].index("cross_border_strike")


def test_headless_play_with_historical_seats():
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "play", "kargil-1999", "--headless", "--no-autosave", "--seed", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "[order] Pakistan: Withdraw behind the Line of Control" in result.stdout
    assert "Blair House" in result.stdout


def test_every_fact_is_tagged_and_sourced(kargil):
    text = CARD.read_text()
    for entry in kargil.card.historical_track:
        assert re.search(r"\[(V|S)\]$", entry.note), entry.note
        assert entry.sources
    assert "[M]" not in "".join(e.note for e in kargil.card.historical_track)
    assert all(s.confidence in ("V", "S") for s in kargil.card.sources)
    assert (
        "[V]" in text and "[S]" in text and "[M]" in text
    )  # the header explains the tags; [M] only for design choices


def test_the_home_screen_peek_finds_party_names_through_extends():
    from wargame.scenario.peek import peek

    assert [name for _, name, _ in peek(CARD).teams] == ["India", "Pakistan", "United States", "China"]
