"""The after-action report: built from typed events, escaped, self-contained."""

from __future__ import annotations

import shutil

from tests.conftest import ROOT
from tests.minimal import ladder, minimal_scenario, move
from wargame.engine.game import Game
from wargame.engine.state import Order
from wargame.reporting import aar
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots


def test_firebreak_crossings_are_read_from_the_events_not_their_text(tmp_path):
    scenario = minimal_scenario(
        tmp_path,
        ladder=ladder(6, firebreak_at={2: "line"}),
        moves=[move("strike", rung_to=3), move("firebreak_talks")],
    )
    game = Game.new(scenario, 0)
    game.submit("blue", [Order("strike", authorise=True)])
    game.submit("red", [Order("firebreak_talks")])  # "firebreak" in its name, but it crosses nothing
    game.adjudicate()
    reviews = {r.team: r for r in aar.build(scenario, game.state, {}).teams}
    assert "Crossed 1 firebreak(s): turn 1: Strike (the 'Line' firebreak)" in reviews["blue"].improvements
    assert not any("firebreak" in line for line in reviews["red"].improvements)


def test_html_report_escapes_card_text(tmp_path):
    project = tmp_path / "p"
    (project / "scenarios").mkdir(parents=True)
    shutil.copytree(ROOT / "rules", project / "rules")
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text()
    text = text.replace('title: "Turn 1: moves and their effects"', 'title: "<script>alert(1)</script> & [bold]x[/bold]"')
    (project / "scenarios" / "t.yaml").write_text(text)
    scenario = load_scenario(project / "scenarios" / "t.yaml")
    game = play_bots(scenario, 1, {"india": "bot:dove", "pakistan": "bot:dove"}, keep_history=True)
    report = aar.build(scenario, game.state, {"india": "bot:dove"})
    page = aar.html(report)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; [bold]x[/bold]" in page
    assert "http" not in page.split("</head>")[1]  # self-contained: no links out
    assert "<svg" in page and "<polyline" in page
    md = aar.markdown(report)
    assert "\\<script\\>alert(1)\\</script\\> \\& \\[bold\\]x\\[/bold\\]" in md and "<script>" not in md
    assert "&lt;" not in md and "&gt;" not in md
    for heading in (
        "## Summary",
        "## Timeline",
        "## Key decisions",
        "## Facilitator rulings",
        "## Claims against the truth",
        "## Objectives and scores",
        "## The game's path and the historical track",
        "## Questions for the hot wash",
    ):
        assert heading in md
