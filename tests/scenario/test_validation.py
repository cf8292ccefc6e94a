"""Structural and reference errors: every problem at once, each at its line and column."""

from __future__ import annotations

import pytest

from tests.conftest import MINIMAL_CARD
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_scenario


def problems(path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(d).removeprefix(f"{path}:") for d in info.value.errors]


def test_minimal_card_loads(write_card):
    loaded = load_scenario(write_card(MINIMAL_CARD))
    assert loaded.card.id == "mini"
    assert [t.id for t in loaded.card.teams] == ["india", "pakistan"]
    assert "moves.precision_strike_camp.precondition@india" in loaded.expressions


def test_all_structural_problems_are_reported_together(write_card):
    card = (
        MINIMAL_CARD.replace("title: Mini\n", "")
        .replace("summary:", "sumary:")
        .replace("{date: 2019-02-15, label: Two}", "{date: not-a-date, label: Two}")
    )
    assert problems(write_card(card)) == [
        "1:1: summary: missing required field 'summary'",
        "1:1: title: missing required field 'title'",
        "5:1: sumary: unknown field 'sumary'; did you mean 'summary'? expected one of: calendar, claims, debrief, description, "
        "disabled_mediators, framing, hazards, historical_track, id, initial, injects, kind, moves, outcomes, parameters, rulebook, "
        "schema_version, sources, start_rung, start_state, summary, teams, title, version",
        "14:12: calendar.1.date: Input should be a valid date or datetime, invalid character in year, got 'not-a-date'",
    ]


def test_wrong_kind_is_named(write_card):
    path = write_card(MINIMAL_CARD.replace("kind: scenario", "kind: rulebook"))
    assert problems(path) == ["1:7: kind: this file is a rulebook; expected a scenario"]


def test_dangling_references_are_errors_at_their_line(write_card):
    card = MINIMAL_CARD.replace("  - id: pakistan\n", "  - id: pakistn\n") + (
        "injects:\n"
        "  - id: attack\n"
        "    turn: 5\n"
        "    title: An attack\n"
        "    text: Something happens.\n"
        "    historical: true\n"
        "    effects: {india.domestic_presure: 0.1}\n"
        "historical_track:\n"
        "  - turn: 1\n"
        "    team: india\n"
        "    moves: [calibrated_retalation]\n"
        "    note: Held.\n"
        "    sources: [nowhere]\n"
    )
    assert problems(write_card(card)) == [
        "11:9: teams.1.id: no rulebook party 'pakistn'; did you mean 'pakistan'?",
        "17:5: injects.0.sources: a historical inject must cite at least one source",
        "18:11: injects.0.turn: turn 5 is past the calendar's 2 turns",
        "22:15: injects.0.effects.india.domestic_presure: no team variable 'domestic_presure'; did you mean 'domestic_pressure'?",
        "26:13: historical_track.0.moves.0: no move 'calibrated_retalation'; did you mean 'calibrated_retaliation'?",
        "28:15: historical_track.0.sources.0: no source 'nowhere'; expected one of: "
        + ", ".join(
            sorted(
                [
                    "stimson_zhang_li",
                    "rand_kahn_ladder",
                    "fearon_audience_costs",
                    "beardsley_mediation_style",
                    "wilkenfeld_mediating_crises",
                    "schelling_risk",
                    "oneindia_gokhale_statement",
                    "indiatoday_gadkari_no_decision",
                    "wire_hc_return",
                    "hindu_saudi_deescalate",
                    "hindu_bolton_self_defence",
                    "dawn_imran_offer",
                    "dawn_dossier_findings",
                    "nsc_pakistan_20190226",
                    "pompeo_statement_20190226",
                    "dawn_china_restraint",
                    "brecorder_loc_firing",
                    "ary_swift_retort",
                    "indiatoday_mi17_admission",
                    "ummat_ispr_tweets",
                    "reuters_missile_threats",
                    "tribune_pompeo_memoir",
                    "midday_release_announced",
                    "ndt_ric_preview",
                    "fe_mfn_revoked",
                    "newsnation_duty_200",
                    "organiser_gadkari_water",
                    "arabnews_crown_princes",
                    "dawn_qureshi_credits",
                ]
            )
        ),
    ]


def test_expression_errors_point_into_the_expression(write_card):
    card = MINIMAL_CARD.replace(
        "    briefing: India's view.\n",
        "    briefing: India's view.\n"
        "    objectives:\n"
        "      - id: calm\n"
        "        description: Calm.\n"
        "        condition: rung <= 2 and pakistan.narative > 0.5\n"
        "      - id: quoted\n"
        "        description: Quoted.\n"
        "        condition: 'state == \"cease_fire\"'\n"
        "      - id: python\n"
        "        description: Python.\n"
        '        condition: __import__("os").system("true")\n',
    )
    assert problems(write_card(card)) == [
        "14:34: teams.0.objectives.0.condition: unknown name `pakistan.narative`; did you mean pakistan.narrative?",
        "17:30: teams.0.objectives.1.condition: `state` is never 'cease_fire'; expected one of: ceasefire, coercive_crisis, "
        "crisis_onset, de_escalation, frozen_standoff, limited_strikes, limited_war, major_war, nuclear_use, peacetime, "
        "resolved, unresolved",
        "20:20: teams.0.objectives.2.condition: unknown function `__import__('os').system`; available: min, max, abs, "
        "clip, logistic, fired, played, succeeded, happened, chose",
    ]


def test_out_of_range_initial_values_and_parameters(write_card):
    card = (
        MINIMAL_CARD + "initial:\n  india.alert_level: 9\n  intl_atention: 0.5\nparameters:\n  max_orders_per_turn: 0\n"
    )
    assert problems(write_card(card)) == [
        "17:22: initial.india.alert_level: 9.0 is outside the range 0.0..4.0",
        "18:3: initial.intl_atention: no variable 'intl_atention'; did you mean 'intl_attention'?",
        "20:24: parameters.max_orders_per_turn: Input should be greater than or equal to 1",
    ]


def test_choices_need_a_chooser_and_known_teams(write_card):
    card = MINIMAL_CARD + (
        "injects:\n"
        "  - id: offer\n"
        "    when: rung >= 3\n"
        "    title: Offer\n"
        "    text: An offer.\n"
        "    audience: [usa]\n"
        "    choices:\n"
        "      - {id: yes_please, label: Accept}\n"
    )
    assert problems(write_card(card)) == [
        "17:5: injects.0.chooser: an inject with choices needs a `chooser` team",
        "21:16: injects.0.audience.0: no team 'usa'; expected one of: india, pakistan",
    ]


def test_historical_choices_need_sources_and_are_at_most_one(write_card):
    card = MINIMAL_CARD + (
        "injects:\n"
        "  - id: decide\n"
        "    turn: 1\n"
        "    title: Decide\n"
        "    text: What now?\n"
        "    chooser: india\n"
        "    choices:\n"
        "      - {id: one, label: One, historical: true}\n"
        "      - {id: two, label: Two, historical: true}\n"
    )
    assert problems(write_card(card)) == [
        "17:5: injects.0.sources: an inject with a historical choice must cite the sources that support it",
        "24:43: injects.0.choices.1.historical: only one choice of an inject can be the historical one",
    ]


def test_one_historical_choice_with_sources_loads(write_card):
    card = MINIMAL_CARD + (
        "injects:\n"
        "  - id: decide\n"
        "    turn: 1\n"
        "    title: Decide\n"
        "    text: What now?\n"
        "    chooser: india\n"
        "    choices:\n"
        "      - {id: one, label: One, historical: true}\n"
        "      - {id: two, label: Two}\n"
        "    sources: [a_source]\n"
        "sources:\n"
        "  - {id: a_source, title: A report, publisher: A paper, url: 'https://example.org/a', confidence: V}\n"
    )
    inject = load_scenario(write_card(card)).card.injects[0]
    assert [ch.historical for ch in inject.choices] == [True, False]
