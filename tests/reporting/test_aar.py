"""The after-action report: HSEEP-shaped, built from typed events, escaped, self-contained, and
short enough to print on four A4 pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.minimal import ladder, minimal_scenario, move
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.reporting import aar
from wargame.reporting.compare import compare
from wargame.scenario.loader import load_scenario
from wargame.session.session import PlaySession
from wargame.session.views import Draft, OrderDraft
from wargame.sim.runner import play_bots

CHROMIUM = Path("/usr/bin/chromium")
BALAKOT_BOTS = {"pakistan": "bot:historical", "china": "bot:historical", "usa": "bot:historical"}


def _objectives(blue: list[dict], red: list[dict]) -> dict:
    return {
        "teams": [
            {"id": "blue", "briefing": "Blue's view.", "objectives": blue},
            {"id": "red", "briefing": "Red's view.", "objectives": red},
        ]
    }


def test_a_crossing_is_judged_by_the_objective_it_serves_not_by_a_blanket_rule(tmp_path):
    scenario = minimal_scenario(
        tmp_path,
        _objectives(
            [{"id": "punish", "description": "Reach rung 3", "condition": "rung >= 3"}],
            [{"id": "calm", "description": "Stay below rung 3", "condition": "rung <= 2"}],
        ),
        ladder=ladder(6, firebreak_at={2: "line"}),
        moves=[move("strike", rung_to=3, actors=["blue"]), move("firebreak_talks")],
    )
    game = Game.new(scenario, 0)
    game.submit("blue", [Order("strike", authorise=True)])
    game.submit("red", [Order("firebreak_talks")])  # "firebreak" in its name, but it crosses nothing
    game.adjudicate()
    seats = {"blue": "human", "red": "human"}
    reviews = {r.team: r for r in aar.build(scenario, game.state, seats).teams}
    blue = reviews["blue"].reviews[0]
    assert blue.rating == "P" and any(
        "'Strike' (turn 1) moved the rung the way" in s for s in reviews["blue"].strengths
    )
    assert not reviews["blue"].improvements
    red = reviews["red"].reviews[0]
    assert red.rating == "U" and not any("firebreak" in line.lower() for line in reviews["red"].improvements)


def test_html_report_escapes_card_text(tmp_path):
    project = tmp_path / "p"
    (project / "scenarios").mkdir(parents=True)
    shutil.copytree(ROOT / "rules", project / "rules")
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text()
    text = text.replace(
        'title: "Turn 1: moves and their effects"', 'title: "<script>alert(1)</script> & [bold]x[/bold]"'
    )
    (project / "scenarios" / "t.yaml").write_text(text)
    scenario = load_scenario(project / "scenarios" / "t.yaml")
    game = play_bots(scenario, 1, {"india": "bot:dove", "pakistan": "bot:dove"}, keep_history=True)
    report = aar.build(scenario, game.state, {"india": "human", "pakistan": "bot:dove"})
    page = aar.html(report)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]x[/bold]" in page
    assert "http" not in page.split("</head>")[1]  # self-contained: no links out
    assert "<svg" in page and "<polyline" in page and "firebreak: Don&#39;t rock the boat" in page
    md = aar.markdown(report)
    assert "\\<script\\>alert(1)\\</script\\> \\& \\[bold\\]x\\[/bold\\]" in md and "<script>" not in md
    assert not re.search(r"&[a-z]+;|&#\d+;", md)  # no HTML entities in the Markdown
    for heading in (
        "## Summary",
        "## Decision points",
        "## Objectives: observations, root causes, recommendations",
        "## Moments of danger",
        "## Questions for the hot wash",
        "## Turn by turn",
        "## Claims against the evidence",
        "## Facilitator rulings",
    ):
        assert heading in md


def _human_balakot_game(tmp_path: Path) -> PlaySession:
    """India played by a 'student' (scripted legal orders, with reasons), the others by bots."""
    import random

    scenario = load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")
    session = PlaySession.new(scenario, {"india": "human", **BALAKOT_BOTS}, 7, saves=tmp_path)
    rng = random.Random(3)
    while not session.over:
        legal = [o for o in session.options("india") if o.legal]
        picks = rng.sample(legal, min(2, len(legal)))
        offers = session.team_view("india").offers
        session.submit(
            "india",
            Draft(
                orders=[OrderDraft(move=o.id, authorise=True) for o in picks],
                answers={o.id: "accept" for o in offers},
                why=f"turn {session.turn}: keep the initiative",
            ),
        )
    return session


def test_the_aar_of_a_human_vs_bots_game_is_built_for_a_seminar(tmp_path):
    session = _human_balakot_game(tmp_path)
    view = session.debrief()
    assert 3 <= len(view.decision_points) <= 5
    assert {p.team for p in view.decision_points} == {"India"}  # the human team's own orders
    assert all(p.why.endswith("keep the initiative") for p in view.decision_points)
    assert view.comparison.startswith("Among 200 simulated games from the same start")
    card_questions = [" ".join(q.text.split()) for q in session._engine.scenario.card.debrief.questions]
    assert card_questions and view.questions[0].text in card_questions  # drawn from the card
    india = view.teams[0]
    assert india.name == "India" and all(ob.rating in "PSMU" for ob in india.reviews)
    md, _page = session.export_report()
    text = md.read_text()
    assert "## This game among simulated games from the same start" in text and "Why (the team's words)" in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (see .ci/run)")
def test_the_html_aar_prints_on_at_most_four_a4_pages(tmp_path):
    session = _human_balakot_game(tmp_path)
    _md, page = session.export_report()
    pdf = tmp_path / "aar.pdf"
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 1 <= pages <= 4, f"the report prints on {pages} A4 pages"


def test_compare_places_the_game_among_simulated_games():
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    game = play_bots(scenario, 5, {"india": "bot:quantal", "pakistan": "bot:dove"})
    cmp = compare(scenario, game.state, {"india": "human", "pakistan": "bot:dove"}, n=50)
    assert cmp.games == 50 and sum(cmp.peak_rungs.values()) == 50 and sum(cmp.end_kinds.values()) == 50
    assert cmp.seats == {"india": "bot:quantal", "pakistan": "bot:dove"}
    assert cmp.below + cmp.same <= 50 and "of 50" in cmp.sentence()


def test_the_debrief_shows_each_claims_truth_in_this_game_beside_the_record(balakot):
    seats = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}
    truths = set()
    for seed in range(12):
        game = play_bots(balakot, seed, seats)
        ledger = {cl["subject"]: cl for cl in aar.build(balakot, game.state, seats).claims}
        damage = ledger["What the Balakot strike hit"]
        hit = bool(game.state.vars.get("succeeded.india.precision_strike_camp"))
        assert damage["game_truth"] == (
            "In this game the strike package reached its target and hit the camp's buildings."
            if hit
            else "In this game the weapons fell wide of the buildings."
        )
        assert damage["truth"].startswith("Satellite imagery published by Reuters")  # the record, beside it
        truths.add(damage["game_truth"])
        md = aar.markdown(aar.build(balakot, game.state, seats))
        assert "**In this game:** In this game the" in md and "**Independent evidence (the record):**" in md
    assert len(truths) == 2  # the strike's roll decides it, game by game
