"""Facilitator verbs and each team's own view of the state."""

from __future__ import annotations

import json

import pytest

from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import Order


def test_override_replaces_the_roll_and_records_the_reason(balakot):
    game = Game.new(balakot, 3)
    game.submit("india", [Order("push_unsc_statement")])
    first = next(e for e in game.adjudicate() if e.kind == "order")
    wanted = not (first.explanation.roll < first.explanation.probability)
    events = game.override("india", "push_unsc_statement", wanted, "The Council's draft was agreed overnight")
    order = next(e for e in events if e.kind == "order")
    assert order.explanation.override == "The Council's draft was agreed overnight"
    assert "[facilitator ruling: The Council's draft was agreed overnight]" in order.text
    assert game.state.vars["unsc_statement"] == (1 if wanted else 0) or wanted is False
    assert game.state.inputs[-1].overrides == {
        "india/push_unsc_statement": {"success": wanted, "reason": "The Council's draft was agreed overnight"}
    }
    assert sum(1 for e in game.state.log if e.kind == "order") == 1  # the overridden turn replaced the original


def test_override_needs_a_reason_and_a_chance_move(balakot):
    game = Game.new(balakot, 3)
    game.submit("india", [Order("revoke_mfn")])
    game.adjudicate()
    with pytest.raises(IllegalOrder, match="written reason"):
        game.override("india", "revoke_mfn", True, "  ")
    with pytest.raises(IllegalOrder, match="no chance outcome"):
        game.override("india", "revoke_mfn", True, "because")


def test_undo_restores_state_and_dice(balakot):
    game = Game.new(balakot, 9)
    before = json.dumps(game.snapshot(), sort_keys=True)
    game.submit("india", [Order("push_unsc_statement")])
    first = [e for e in game.adjudicate()]
    game.undo()
    after = game.snapshot()
    assert after["decisions"] == [{"before_turn": 1, "verb": "undo", "undone_turn": 1}]
    after["decisions"] = []
    assert json.dumps(after, sort_keys=True) == before
    game.submit("india", [Order("push_unsc_statement")])
    again = [e for e in game.adjudicate()]
    assert [(e.kind, e.text) for e in again] == [(e.kind, e.text) for e in first]
    game.undo()
    with pytest.raises(IllegalOrder, match="nothing to undo"):
        game.undo()


def test_fire_hold_and_adjust(balakot):
    game = Game.new(balakot, 1)
    game.hold_inject("saudi_crown_prince_visit")
    game.adjudicate()
    game.adjudicate()
    assert not game.state.vars.get("fired.saudi_crown_prince_visit")
    events = game.fire_inject("second_attack")
    assert events[0].cause == "facilitator"
    with pytest.raises(IllegalOrder, match="already been delivered"):
        game.fire_inject("second_attack")
    event = game.adjust("intl_attention", 5.0, "The world is watching")
    assert game.state.vars["intl_attention"] == 1.0
    assert "The world is watching" in event.text
    with pytest.raises(IllegalOrder, match="no variable"):
        game.adjust("india.morale", 1, "x")


def test_views_hide_other_teams_private_variables_and_moves(balakot):
    game = Game.new(balakot, 1)
    india = game.view("india")
    assert "india.resolve" in india.variables and "pakistan.resolve" not in india.variables
    assert "pakistan.domestic_pressure" in india.variables
    game.adjust("rung", 3, "test")
    game.submit("india", [Order("open_backchannel")])  # private: India and Pakistan only
    game.submit("pakistan", [Order("scramble_air_defences")])  # private
    game.adjudicate()
    seen = {team: [e.text for e in game.view(team).events] for team in game.teams}
    assert any("Open a back-channel" in t for t in seen["pakistan"])
    assert not any("Open a back-channel" in t for t in seen["china"])
    assert not any("Open a back-channel" in t for t in seen["usa"])


def test_facilitator_decisions_are_typed_records_with_a_json_form():
    from wargame.engine.state import (
        AdjustVariable,
        FireInject,
        HoldInject,
        UndoNote,
        decision_from_dict,
        decision_to_dict,
    )

    records = [FireInject(2, "x"), HoldInject(1, "y"), AdjustVariable(3, "rung", 4.0, "why"), UndoNote(4, 3)]
    as_json = [decision_to_dict(r) for r in records]
    assert [d["verb"] for d in as_json] == ["fire", "hold", "adjust", "undo"]
    assert [decision_from_dict(d) for d in as_json] == records
    with pytest.raises(ValueError, match="unknown facilitator decision 'explode'"):
        decision_from_dict({"verb": "explode", "before_turn": 1})
