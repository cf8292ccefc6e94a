"""Defect 10: Markdown reports keep card text and reasons inert: no links, images, HTML, headings, raw
escapes, and no HTML entities."""

from __future__ import annotations

import re

from tests.hostile.helpers import tutorial_text
from wargame.reporting import aar
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots

HOSTILE = (
    "[click](javascript:alert(1)) ![x](https://evil.example/p.png) <img src=x onerror=alert(1)> "
    "https://evil.example www.evil.example \\u001b]0;pwned\\u0007 a > b & c"
)


def test_card_text_is_inert_markdown(project):
    text = tutorial_text().replace('title: "Tutorial: a border incident"', f'title: "{HOSTILE}\\n# Forged heading"')
    card = project / "scenarios" / "t.yaml"
    card.write_text(text, encoding="utf-8")
    scenario = load_scenario(card)
    game = play_bots(scenario, 1, {"india": "bot:dove", "pakistan": "bot:dove"}, keep_history=True)
    md = aar.markdown(aar.build(scenario, game.state, {"india": "bot:dove"}))
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", md), "a live link or image"
    assert not re.search(r"(?<!\\)<", md) and "\x1b" not in md and "\x07" not in md
    assert "&gt;" not in md and "&lt;" not in md and "&amp;" not in md
    assert "https\\://evil.example" in md and "www\\.evil.example" in md
    assert not any(line.startswith("# Forged") for line in md.splitlines())
    assert "a \\> b \\& c" in md
