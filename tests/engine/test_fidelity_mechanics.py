"""Issue 9's mechanics on minimal cards written in the test: resolution order, chance parts,
the mediation roll, claim truth from outcomes, the bounce guard, the terminal end, the
mobilisation lag, and (on the shipped rulebook) the conventional-balance roll."""

from __future__ import annotations

import pytest

from tests.minimal import ladder, mediation_rules, minimal_game, minimal_scenario, move, variables
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import EventKind, Order
from wargame.scenario.diagnostics import ScenarioError


def of_kind(events, kind):
    return [e for e in events if e.kind == kind]


def test_hazards_see_the_rung_after_this_turns_deliberate_moves(tmp_path):
    hazard = {"id": "dogfight", "name": "Dogfight", "probability": "1*(rung >= 3)", "text": "Jets clash."}
    game = minimal_game(
        tmp_path,
        moves=[move("strike", rung_to=3, kinetic=True)],
        hazards=[hazard],
        adjudication={"misperception_base": 0.0, "hazard_cap": 1.0},
    )
    game.submit("blue", [Order("strike")])
    events = game.adjudicate()
    assert {e.team for e in of_kind(events, EventKind.HAZARD)} == {"blue", "red"}  # same turn as the strike


def test_a_climb_down_in_the_same_turn_does_not_undo_a_strike_so_firebreaks_agree_with_the_rung(tmp_path):
    game = minimal_game(
        tmp_path,
        ladder=ladder(6, firebreak_at={3: "line"}),
        moves=[move("strike", rung_to=4), move("back_off", rung_delta=-3)],
    )
    game.submit("blue", [Order("strike", authorise=True)])
    game.submit("red", [Order("back_off")])
    events = game.adjudicate()
    [order] = [e for e in of_kind(events, EventKind.ORDER) if e.move == "strike"]
    assert order.firebreak == "line"
    assert [e.firebreak for e in of_kind(events, EventKind.FIREBREAK)] == ["line"]
    assert game.state.vars["rung"] == 4


def chance_card(*chances, **inject):
    return {
        "injects": [
            {"id": "battle", "title": "Battle", "text": "Jets meet.", "turn": 1, "chances": list(chances), **inject}
        ]
    }


def test_chance_parts_are_rolled_in_order_with_their_explanation(tmp_path):
    book = variables(aircraft_lost=("team", 0, 5, True), prisoners=("team", 0, 5, True))
    card = chance_card(
        {
            "id": "downed",
            "name": "Downed",
            "probability": "1",
            "effects": {"blue.aircraft_lost": 1},
            "text": "A jet falls.",
        },
        {"id": "caught", "name": "Caught", "requires": "downed", "probability": "0", "text": "Pilot taken."},
        {"id": "never", "name": "Never", "requires": "caught", "probability": "1", "text": "Not rolled."},
    )
    game = minimal_game(tmp_path, card_fields=card, variables=book)
    rolls = of_kind(game.state.log, EventKind.CHANCE)
    assert [(e.chance, e.success) for e in rolls] == [("downed", True), ("caught", False)]
    assert rolls[0].explanation.probability == 1.0 and rolls[0].changes == {"blue.aircraft_lost": 1}
    assert rolls[1].text == "Caught: did not happen" and rolls[1].changes == {}
    assert game.state.vars["happened.battle.downed"] and not game.state.vars.get("happened.battle.caught")


def test_a_chance_part_must_require_an_earlier_part(tmp_path):
    card = chance_card({"id": "late", "name": "Late", "requires": "later", "probability": "1", "text": "x"})
    with pytest.raises(ScenarioError, match="no earlier chance part of this inject 'later'"):
        minimal_scenario(tmp_path, card)


@pytest.mark.parametrize("leverage, took", [(1.0, True), (0.0, False)])
def test_an_accepted_offer_takes_hold_on_a_roll_against_leverage_with_its_full_effect(tmp_path, leverage, took):
    game = minimal_game(tmp_path, **mediation_rules(leverage))
    game.adjudicate()
    [offer] = game.state.offers
    game.submit("blue", [], answers={offer.id: "accept"})
    events = game.adjudicate()
    [answer] = [e for e in of_kind(events, EventKind.MEDIATION_ANSWER) if e.team == "blue"]
    assert answer.explanation.rule == "mediation accept" and answer.explanation.probability == leverage
    assert answer.success is took
    assert answer.changes == ({"ceasefire": 1} if took else {})  # all or nothing: never a rounded fraction
    assert game.state.vars["ceasefire"] == (1 if took else 0)


def test_alignment_adds_to_readiness_to_accept(tmp_path):
    from wargame.engine.rules.mediation import readiness

    rules = mediation_rules(0.5)
    rules["mediators"][0]["alignment"] = {"blue": 0.4, "red": -0.4}
    rules["adjudication"] = {"misperception_base": 0.0, "alignment_weight": 0.5}
    game = minimal_game(tmp_path, **rules)
    env = game.state.vars
    assert readiness(game.compiled, env, "green_med", "blue", "manipulation") == pytest.approx(1.0)
    assert readiness(game.compiled, env, "green_med", "red", "manipulation") == pytest.approx(0.7)


def test_a_claims_truth_is_what_happened_in_this_game(tmp_path):
    outcome = {"odds": "0", "success_text": "hit", "failure_text": "missed"}
    claim = {
        "id": "damage",
        "subject": "What the raid hit",
        "trigger": 'played("blue", "raid")',
        "truth": "In the record: nothing was hit.",
        "claims": {"blue": "We hit it.", "red": "You missed."},
        "outcomes": [
            {"when": 'succeeded("blue", "raid")', "text": "In this game the raid hit."},
            {"when": 'played("blue", "raid")', "text": "In this game the raid missed."},
        ],
    }
    game = minimal_game(tmp_path, card_fields={"claims": [claim]}, moves=[move("raid", outcome=outcome)])
    game.submit("blue", [Order("raid")])
    game.adjudicate()
    game.override("blue", "raid", success=True, reason="umpire: it hit")
    assert game.state.claims[0].game_truth == "In this game the raid hit."
    game.override("blue", "raid", success=False, reason="umpire: it missed")
    assert game.state.claims[0].game_truth == "In this game the raid missed."


def bouncing_rules() -> dict:
    return {
        "transitions": [
            {"trigger": "flare", "source": ["calm"], "dest": "crisis", "when": "rung >= 0"},
            {"trigger": "settle", "source": ["crisis"], "dest": "calm", "when": "rung >= 0"},
        ]
    }


def test_the_crisis_machine_leaves_each_state_at_most_once_per_turn(tmp_path):
    game = minimal_game(tmp_path, **bouncing_rules())
    assert [e.trigger for e in of_kind(game.state.log, EventKind.TRANSITION)] == ["flare", "settle"]
    events = game.adjudicate()
    by_turn = [(e.turn, e.trigger) for e in of_kind(events, EventKind.TRANSITION)]
    assert by_turn == [(1, "flare"), (1, "settle"), (2, "flare"), (2, "settle")]  # once per state per turn


def test_validate_warns_about_a_cycle_that_can_bounce_at_its_line(tmp_path):
    scenario = minimal_scenario(tmp_path, **bouncing_rules())
    [warning] = [w for w in scenario.rulebook.warnings if "cycle" in w.message]
    assert warning.file.endswith("mini.yaml") and warning.line > 1
    assert "flare → settle" in warning.message


def test_a_terminal_state_entered_at_the_start_of_a_turn_ends_the_game_at_once(tmp_path):
    rules = {"transitions": [{"trigger": "boom", "source": ["calm"], "dest": "war", "when": "rung >= 4"}]}
    card = {"injects": [{"id": "shock", "title": "Shock", "text": "War.", "turn": 2, "rung_delta": 4}]}
    game = minimal_game(tmp_path, card_fields=card, **rules)
    events = game.adjudicate()
    assert game.over and game.state.end == "war" and of_kind(events, EventKind.END)
    with pytest.raises(IllegalOrder, match="the game is over"):
        game.adjudicate()


def test_mobilised_forces_are_ready_only_after_the_lag(tmp_path):
    book = variables(mobilising=("team", 0, 20, True), forces_ready=("team", 0, 1, True))
    moves = [move("mobilise", mobilises=True), move("offensive", precondition="self.forces_ready >= 1")]
    game = minimal_game(tmp_path, variables=book, moves=moves, adjudication={"mobilisation_lag": 2})
    game.submit("blue", [Order("mobilise")])
    game.adjudicate()  # turn 1: ordered
    assert "offensive" not in game.legal_moves("blue")
    events = game.adjudicate()  # turn 2: the clock runs out at its end
    assert [e.team for e in of_kind(events, EventKind.MOBILISATION)] == ["blue"]
    assert "offensive" in game.legal_moves("blue") and "offensive" not in game.legal_moves("red")  # turn 3


def test_a_track_entry_over_the_order_limit_is_a_load_error(tmp_path):
    card = {
        "historical_track": [
            {
                "turn": 1,
                "team": "blue",
                "moves": ["hold_talks", "hold_talks", "hold_talks"],
                "note": "n",
                "sources": ["s"],
            }
        ],
        "sources": [{"id": "s", "title": "t", "publisher": "p", "confidence": "V"}],
    }
    with pytest.raises(ScenarioError, match="3 moves in one turn, over the order limit of 2"):
        minimal_scenario(tmp_path, card)


def test_ground_offensives_roll_on_the_conventional_balance(balakot):
    game = Game.new(balakot, 0)
    odds = game.compiled.by_actor["india"]["ground_offensive"].odds
    env = dict(game.state.vars)
    env["india.mil_ground"], env["pakistan.mil_ground"] = 0.8, 0.5
    stronger = odds(env)
    env["india.mil_ground"], env["pakistan.mil_ground"] = 0.5, 0.8
    weaker = odds(env)
    assert stronger > 0 > weaker  # the stronger side usually gains ground, the weaker usually stalls


def test_a_card_can_disable_a_rulebook_hazard(tmp_path):
    hazard = {"id": "dogfight", "name": "Dogfight", "probability": "1", "text": "Jets clash."}
    rules = {"hazards": [hazard], "adjudication": {"misperception_base": 0.0, "hazard_cap": 1.0}}
    game = minimal_game(tmp_path, card_fields={"hazards": [{"id": "dogfight", "disabled": True}]}, **rules)
    assert not of_kind(game.adjudicate(), EventKind.HAZARD)


def test_validate_warns_when_a_readiness_to_accept_sits_on_the_bots_threshold(tmp_path):
    rules = mediation_rules(0.5)
    rules["mediators"][0]["alignment"] = {"blue": 0.2}
    rules["adjudication"] = {"misperception_base": 0.0, "alignment_weight": 0.5}
    scenario = minimal_scenario(tmp_path, {"initial": {"blue.accept_manipulation": 0.4}}, **rules)
    [warning] = [w for w in scenario.warnings if "threshold" in w.message]
    assert "blue's readiness to accept green_med's manipulation starts at 0.50" in warning.message


def test_only_a_principal_can_be_blamed_for_an_attack(tmp_path):
    rules = mediation_rules(0.5)
    card = {"injects": [{"id": "bomb", "title": "Bomb", "text": "A bomb.", "turn": 1, "attributed_to": "green"}]}
    with pytest.raises(ScenarioError, match="'green' is not a principal party"):
        minimal_scenario(tmp_path, card, **rules)


def test_the_facilitator_can_hold_the_balakot_air_battle(balakot):
    from wargame.bots.turn import bot_turn

    seats = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}
    game = Game.new(balakot, 0)
    game.hold_inject("air_battle")
    bots: dict = {}
    while not game.over:
        bot_turn(game, seats, bots)
        game.adjudicate()
    assert game.state.vars["played.pakistan.calibrated_retaliation"]
    assert all(e.inject != "air_battle" for e in of_kind(game.state.log, EventKind.CHANCE))
    assert game.state.vars["pakistan.prisoners_held"] == 0
