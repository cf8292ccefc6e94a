"""Specific rules: legality reasons, firebreaks, audience costs, mediation, injects, claims,
ending and scoring."""

from __future__ import annotations

import pytest

from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import Order


def advance(game: Game, turns: int = 1) -> None:
    for _ in range(turns):
        game.adjudicate()


def test_illegal_orders_are_refused_with_reasons(balakot):
    game = Game.new(balakot, 1)
    with pytest.raises(IllegalOrder, match=r"its condition does not hold: rung >= rungs\.diplomatic_economic_gestures"):
        game.submit("india", [Order("precision_strike_camp", authorise=True)])
    with pytest.raises(
        IllegalOrder, match=r"pakistan cannot play 'Revoke Most-Favoured-Nation trade status' \(only india\)"
    ):
        game.submit("pakistan", [Order("revoke_mfn")])
    with pytest.raises(IllegalOrder, match="at most 3 per turn"):
        game.submit(
            "india", [Order("revoke_mfn"), Order("brief_envoys"), Order("punitive_tariffs"), Order("solemn_warning")]
        )
    with pytest.raises(IllegalOrder, match="already in this turn's orders"):
        game.submit("india", [Order("revoke_mfn"), Order("revoke_mfn")])
    with pytest.raises(IllegalOrder, match="there is no move 'nuke_everything'"):
        game.submit("india", [Order("nuke_everything")])
    with pytest.raises(IllegalOrder, match="'saudi' is not a team"):
        game.submit("saudi", [])
    with pytest.raises(IllegalOrder, match="needs an accepted face-saving formula"):
        game.submit("india", [Order("face_saving_statement")])
    assert game.submitted() == []


def test_firebreak_needs_authorisation_and_costs_standing(balakot):
    game = Game.new(balakot, 1)
    with pytest.raises(IllegalOrder, match="crosses the 'Don't rock the boat' firebreak; authorise it explicitly"):
        game.submit("india", [Order("solemn_warning")])
    before = game.state.vars["india.intl_standing"]
    game.submit("india", [Order("solemn_warning", authorise=True)])
    events = game.adjudicate()
    assert game.state.vars["rung"] == 3
    assert game.state.vars["crossed.dont_rock_the_boat"] == 1
    assert game.state.vars["india.intl_standing"] == pytest.approx(before - 0.02)
    assert any(e.kind == "firebreak" for e in events)


def test_small_steps_stop_below_a_firebreak(balakot):
    game = Game.new(balakot, 1)
    game.submit("india", [Order("revoke_mfn"), Order("recall_high_commissioner")])
    game.adjudicate()
    assert game.state.vars["rung"] == 2  # revoke takes it to 2; the recall's +1 stops below the firebreak


def test_once_only_moves(balakot):
    game = Game.new(balakot, 1)
    game.submit("india", [Order("revoke_mfn")])
    game.adjudicate()
    with pytest.raises(IllegalOrder, match="can be played only once"):
        game.submit("india", [Order("revoke_mfn")])


def test_climbing_down_pays_audience_costs(balakot):
    game = Game.new(balakot, 1)
    game.submit("india", [Order("solemn_warning", authorise=True), Order("mobilise_forces", authorise=True)])
    game.adjudicate()
    commitment = game.state.vars["india.public_commitment"]
    assert commitment == 2
    pressure = game.state.vars["india.domestic_pressure"]
    game.submit("india", [Order("stand_down_forces")])
    events = game.adjudicate()
    order = next(e for e in events if e.kind == "order" and e.move == "stand_down_forces")
    assert "audience cost 0.10 for 2 turn(s)" in order.text
    assert game.state.vars["india.public_commitment"] == 0
    rate = game.compiled.params.audience_cost_rate
    decay = next(r for n, _, r in game.compiled.decay if n == "india.domestic_pressure")
    default = game.compiled.defaults["india.domestic_pressure"]
    expected = pressure + rate * commitment
    expected += (default - expected) * decay
    assert game.state.vars["india.domestic_pressure"] == pytest.approx(expected)


def test_outcome_rolls_are_explained(balakot):
    game = Game.new(balakot, 3)
    game.submit("india", [Order("push_unsc_statement")])
    (order,) = [e for e in game.adjudicate() if e.kind == "order"]
    x = order.explanation
    assert x.rule == "outcome roll" and 0 < x.probability < 1 and 0 <= x.roll < 1
    assert "log-odds" in x.modifiers
    success = x.roll < x.probability
    assert ("The Council issues" in order.text) == success


def test_mediation_answers_take_hold_on_a_roll_with_full_effects(balakot):
    game = Game.new(balakot, 1)
    game.adjust("rung", 5, "test: a coercive crisis")
    game.submit("usa", [Order("propose_formula")])  # the US team offers formulation
    game.adjudicate()
    offer = next(o for o in game.offers_for("pakistan") if o.mediator == "usa" and o.style == "formulation")
    game.submit("pakistan", [], answers={offer.id: "accept"})
    game.submit("india", [], answers={offer.id: "reject"})
    events = game.adjudicate()
    answers = {e.team: e for e in events if e.kind == "mediation_answer" and e.offer == offer.id}
    assert answers["pakistan"].answer == "accept" and answers["india"].answer == "reject"
    accepted = answers["pakistan"]
    assert accepted.explanation.probability == pytest.approx(game.state.vars["usa.leverage.pakistan"])
    if accepted.success:  # full effects, not scaled by acceptance × leverage
        assert accepted.changes["pakistan.domestic_pressure"] == pytest.approx(-0.05)
        # an accepted formulation unlocks the face-saving move for Pakistan only
        assert "face_saving_statement" in game.legal_moves("pakistan")
    else:
        assert accepted.changes == {} and "face_saving_statement" not in game.legal_moves("pakistan")
    assert "face_saving_statement" not in game.legal_moves("india")


def test_answer_to_an_unknown_offer_is_refused(balakot):
    game = Game.new(balakot, 1)
    with pytest.raises(IllegalOrder, match="no open offer 'nope'"):
        game.submit("india", [], answers={"nope": "accept"})


def test_scripted_and_conditional_injects_and_choices(balakot):
    game = Game.new(balakot, 1)
    assert [e.inject for e in game.state.log if e.kind == "inject"] == ["pulwama_attack"]
    assert game.state.vars["rung"] == 1 and game.state.crisis_state == "crisis_onset"
    game.adjust("pakistan.prisoners_held", 1, "test: a pilot is captured")
    events = game.adjudicate()
    assert any(e.kind == "inject" and e.inject == "pilot_captured" for e in events)
    (pending,) = game.choices_for("pakistan")
    assert pending.choices == ["show_him_well_treated", "hold_as_leverage"]
    game.submit("pakistan", [], choices={"pilot_captured": "hold_as_leverage"})
    events = game.adjudicate()
    (choice,) = [e for e in events if e.kind == "choice"]
    assert "Hold him as leverage" in choice.text
    assert choice.changes["india.domestic_pressure"] > 0
    assert game.choices_for("pakistan") == []


def test_claims_ledger_and_evidence(balakot):
    game = Game.new(balakot, 1)
    assert [c.claim for c in game.state.claims] == ["pulwama_responsibility"]
    game.adjust("rung", 3, "test: keep the crisis open to the end of the calendar")
    game.state.vars["played.india.precision_strike_camp"] = True
    events = game.adjudicate()
    assert any(e.kind == "claim" and e.claim == "balakot_damage" for e in events)
    while not game.over:
        events = game.adjudicate()
    evidence = [e for e in game.state.log if e.kind == "evidence"]
    assert [e.claim for e in evidence] == ["balakot_damage", "balakot_casualties"]
    assert evidence[0].turn == 9


def test_timeout_end_and_scores(balakot):
    game = Game.new(balakot, 1)
    while not game.over:
        game.adjudicate()
    assert game.state.end in ("timeout", "resolution", "frozen")
    assert len(game.state.inputs) <= 9
    assert set(game.state.scores) == {"india", "pakistan", "china", "usa"}
    end = game.state.log[-1]
    assert end.kind == "end" and "Scores:" in end.text
