"""The adjudication rules on minimal cards written in the test: set up, order, process, check."""

from __future__ import annotations

import pytest

from tests.minimal import ladder, minimal_game, move
from wargame.engine.errors import IllegalOrder
from wargame.engine.state import EventKind, Order


def of_kind(events, kind):
    return [e for e in events if e.kind == kind]


def test_a_firebreak_must_be_authorised_and_costs_the_crosser_standing(tmp_path):
    game = minimal_game(
        tmp_path,
        ladder=ladder(6, firebreak_at={3: "first_blood"}, standing_cost=0.2, attention_jump=0.1),
        moves=[move("strike", rung_to=4)],
    )
    with pytest.raises(IllegalOrder, match="crosses the 'First Blood' firebreak; authorise it"):
        game.submit("blue", [Order("strike")])
    game.submit("blue", [Order("strike", authorise=True)])
    events = game.adjudicate()

    order = of_kind(events, EventKind.ORDER)[0]
    assert (order.move, order.firebreak) == ("strike", "first_blood")
    assert order.changes["blue.intl_standing"] == pytest.approx(-0.2)
    [crossing] = of_kind(events, EventKind.FIREBREAK)
    assert crossing.firebreak == "first_blood" and crossing.changes == {"intl_attention": pytest.approx(0.1)}
    [rung] = of_kind(events, EventKind.RUNG)
    assert (rung.rung_before, rung.rung_after) == (0, 4)
    assert game.state.vars["crossed.first_blood"] == 1


def test_deliberate_steps_stop_below_the_next_firebreak(tmp_path):
    game = minimal_game(tmp_path, ladder=ladder(6, firebreak_at={2: "line"}), moves=[move("push", rung_delta=3)])
    game.submit("blue", [Order("push")])
    game.adjudicate()
    assert game.state.vars["rung"] == 1 and not game.state.vars["crossed.line"]


def test_a_ruling_replaces_the_roll_and_says_so(tmp_path):
    outcome = {"odds": "10", "success": {"self.intl_standing": 0.1}, "success_text": "it works"}
    game = minimal_game(tmp_path, moves=[move("gamble", outcome=outcome)])
    game.submit("red", [Order("gamble")])
    game.adjudicate()
    [ruled] = of_kind(game.override("red", "gamble", success=False, reason="umpire"), EventKind.ORDER)
    assert ruled.success is False and ruled.explanation.override == "umpire"
    assert ruled.text == "Red: Gamble — fails [facilitator ruling: umpire]"
    assert game.state.vars["red.intl_standing"] == 0.5


def test_climbing_down_pays_for_the_public_commitment_held(tmp_path):
    game = minimal_game(
        tmp_path,
        moves=[move("vow", commitment=2), move("back_off", climb_down=True)],
        adjudication={"misperception_base": 0.0, "audience_cost_rate": 0.1},
    )
    game.submit("blue", [Order("vow")])
    game.adjudicate()
    game.submit("blue", [Order("back_off")])
    [order] = of_kind(game.adjudicate(), EventKind.ORDER)
    assert order.text == "Blue: Back Off — audience cost 0.20 for 2 turn(s) of public commitment"
    assert game.state.vars["blue.public_commitment"] == 0


def test_menus_and_submission_give_the_same_reason(tmp_path):
    game = minimal_game(tmp_path, moves=[move("ultimatum", once=True), move("talk", precondition="rung >= 2")])
    game.submit("blue", [Order("ultimatum")])
    game.adjudicate()
    menu = {o.id: o.reason for o in game.options("blue")}
    assert menu == {
        "ultimatum": "'Ultimatum' can be played only once, and it has been",
        "talk": "its condition does not hold: rung >= 2",
    }
    assert game.legal_moves("blue") == []
    for move_id, reason in menu.items():
        with pytest.raises(IllegalOrder) as refused:
            game.submit("blue", [Order(move_id)])
        assert str(refused.value) == f"blue: {move_id}: {reason}"


def test_transitions_fire_in_rulebook_order_until_an_end(tmp_path):
    transitions = [
        {"trigger": "flare", "source": ["calm"], "dest": "crisis", "when": "rung >= 1"},
        {"trigger": "skip", "source": ["calm"], "dest": "war", "when": "rung >= 1"},
        {"trigger": "boil_over", "source": ["crisis"], "dest": "war", "when": "rung >= 2"},
    ]
    game = minimal_game(tmp_path, transitions=transitions, moves=[move("provoke", rung_to=2)])
    game.submit("red", [Order("provoke")])
    events = game.adjudicate()
    fired = [(e.trigger, e.state_before, e.state_after) for e in of_kind(events, EventKind.TRANSITION)]
    assert fired == [("flare", "calm", "crisis"), ("boil_over", "crisis", "war")]
    assert game.over and game.state.end == "war"
    assert of_kind(events, EventKind.END)[0].end == "war"
