"""Inject choices: a per-choice `rung_delta`, and the `chose(inject, choice)` condition."""

from __future__ import annotations

import pytest

from tests.minimal import minimal_game, minimal_scenario
from wargame.scenario.diagnostics import ScenarioError

INJECTS = [
    {
        "id": "ultimatum",
        "turn": 1,
        "title": "An ultimatum",
        "text": "Red must answer.",
        "chooser": "red",
        "choices": [
            {"id": "defy", "label": "Defy it", "rung_delta": 2},
            {"id": "comply", "label": "Comply", "rung_delta": -1},
        ],
    },
    {"id": "after_defiance", "when": 'chose("ultimatum", "defy")', "title": "Defiance noted", "text": "…"},
]


@pytest.mark.parametrize(("choice", "rung", "followed"), [("defy", 4, True), ("comply", 1, False)])
def test_a_choice_moves_the_rung_and_chose_sees_it(tmp_path, choice, rung, followed):
    game = minimal_game(tmp_path, card_fields={"injects": INJECTS, "start_rung": "r2"})
    game.submit("red", [], choices={"ultimatum": choice})
    game.adjudicate()
    assert game.state.vars["rung"] == rung
    assert bool(game.state.vars.get("fired.after_defiance")) is followed


def test_chose_names_are_checked_at_load(tmp_path):
    bad = [INJECTS[0], {**INJECTS[1], "when": 'chose("ultimatum", "defyy")'}]
    with pytest.raises(ScenarioError) as err:
        minimal_scenario(tmp_path, card_fields={"injects": bad})
    assert "inject `ultimatum` has no choice `defyy`; expected one of: comply, defy" in str(err.value)
