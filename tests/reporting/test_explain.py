"""One explanation of an event, for every front end: sentences, percentages, names."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT
from wargame.engine.compiled import compile_scenario
from wargame.engine.state import Event, EventKind, Explanation
from wargame.reporting.explain import describe, designer_detail, explain
from wargame.reporting.glossary import Glossary
from wargame.scenario.loader import load_scenario


@pytest.fixture(scope="module")
def g() -> Glossary:
    return Glossary(compile_scenario(load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")))


def test_a_hazard_adds_its_terms_and_says_the_roll():
    x = Explanation("hazard", 0.3, 0.12, {"rule": 0.25, "firebreak bonus": 0.05})
    e = Event(1, EventKind.HAZARD, "x", explanation=x, changes={"a": 1.0})
    assert explain(e) == (
        "Chance of this accident: 25% (this hazard's rule) + 5% (firebreaks crossed earlier) = 30%. "
        "The dice rolled 12 out of 100: under 30, so it happened.\nChanges: a +1."
    )


def test_a_misreading_multiplies_its_factors():
    x = Explanation("misperception", 0.0375, 0.5, {"base": 0.15, "mediation factor": 0.5, "back-channel": 0.5})
    text = explain(Event(1, EventKind.MISPERCEPTION, "x", explanation=x))
    assert text.startswith("Chance of a misreading: 15% (the base rate) × 0.5 (a mediation in force) × 0.5 ")
    assert "= 3.8%" in text and "not under 3.8, so it did not" in text


def test_a_ruling_says_the_dice_were_replaced():
    e = Event(2, EventKind.ORDER, "x", explanation=Explanation("outcome roll", 0.5, -1.0, {}, "umpire"), success=True)
    assert explain(e) == "The facilitator ruled a success: umpire. (The chance was 50%; no dice were rolled.)"


def test_a_ruling_says_what_the_dice_would_have_said():
    """From rules version 3 the ruled roll is still drawn: the explanation says what it was."""
    x = Explanation("outcome roll", 0.4, 0.73, {"log-odds": -0.4}, "umpire")
    e = Event(2, EventKind.ORDER, "x", explanation=x, success=True)
    assert explain(e) == (
        "The facilitator ruled a success: umpire. (The chance was 40%; the dice rolled 73 out of 100, "
        "so without the ruling it would have failed.)"
    )
    assert "roll=0.730 (overruled)" in designer_detail(e, None)
    old = Event(2, EventKind.ORDER, "x", explanation=Explanation("outcome roll", 0.4, -1.0, {}, "umpire"))
    assert "roll=none (facilitator ruling)" in designer_detail(old, None)


def test_an_event_without_chance_or_changes_has_nothing_to_explain():
    assert explain(Event(1, EventKind.RUNG, "x")) == ""


def test_a_rung_change_is_itemised_by_the_moves_that_caused_it(g):
    turn = [
        Event(2, EventKind.ORDER, "India: …", team="india", move="mobilise_forces"),
        Event(2, EventKind.ORDER, "Pakistan: …", team="pakistan", move="solemn_warning"),
    ]
    rung = Event(2, EventKind.RUNG, "Escalation ladder: rung 2 → 5", rung_before=2, rung_after=5)
    why = explain(rung, g, [*turn, rung])
    assert "India's 'Mobilise forces' takes the crisis to at least rung 5 of 13" in why
    assert "Pakistan's 'Issue a solemn public warning'" in why
    assert describe(rung, g).startswith("The crisis climbs from rung 2 to rung 5 of 13 (")


def test_a_state_change_gives_its_rule_in_words_never_the_expression(g):
    e = Event(3, EventKind.TRANSITION, "Crisis state: … (defused: calm_turns >= 3 and …)", trigger="defused")
    e.state_before, e.state_after = "crisis_onset", "resolved"
    text = describe(e, g) + "\n" + explain(e, g)
    assert "'Crisis onset' to 'Resolved'" in text
    assert not re.search(r">=|<=|==|calm_turns|hc_level|trade_restrictions", text)


def test_answers_and_choices_name_parties_mediators_and_styles(g):
    answer = Event(
        2, EventKind.MEDIATION_ANSWER, "india answers …", team="india", offer="t1-usa-manipulation", answer="accept"
    )
    assert describe(answer, g) == "India accepts United States's offer (Manipulation — pressure and inducements)"
    end = Event(9, EventKind.END, "The game ends: Resolved (resolution). Scores: india 3, pakistan 2")
    assert describe(end, g) == "The game ends: Resolved (resolution). Scores: India 3, Pakistan 2"


def test_conditions_are_read_aloud_with_labels(g):
    said = g.condition("rung >= 3 and self.alert_level >= 1 and hc_level == 0", "india")
    assert said == (
        "the crisis is at rung 3 of 13 (Solemn and formal declarations) or higher, and your alert level is at least 1, "
        "and High Commissions is 0"
    )
    assert g.term("pakistan.domestic_pressure") == "Pakistan's domestic pressure"
