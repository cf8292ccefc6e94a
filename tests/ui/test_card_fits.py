"""A card keeps every choice on screen on an 80×24 terminal: a mediation offer reopened with its
answer so far lost its last choice ("Reject") below the dialog's edge. The choices close up
first; a body longer still scrolls."""

from __future__ import annotations

import pytest
from textual.app import App

from tests.conftest import ROOT
from tests.ui.helpers import screen_text
from wargame.ui.screens.modals import Card

OFFER = (
    "Riyadh sends its minister of state to both capitals with a message of de-escalation.\n\n"
    "Style: Facilitation — passing messages — Passing messages, opening channels, clarifying "
    "intentions. Lowest short-run effect, strongest lasting tension reduction.\n\n"
    "Your answer so far: reject"
)
CHOICES = [("accept", "Accept"), ("counter", "Counter-propose (half the effect, one turn)"), ("reject", "Reject")]


class Cards(App[None]):
    CSS_PATH = ROOT / "wargame" / "ui" / "app.tcss"


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (80, 20)], ids=["80x24", "100x30", "80x20"])
@pytest.mark.parametrize(
    "body", [OFFER, OFFER + "\n\n" + "A long line of news to read. " * 40], ids=["offer", "longer"]
)
async def test_every_choice_of_a_long_offer_is_on_screen(size, body):
    app = Cards()
    answers: list[str | None] = []
    async with app.run_test(size=size) as pilot:
        card = Card("Mediation offer from Saudi Arabia", body, CHOICES, closable=True, explicit=True)
        app.push_screen(card, answers.append)
        for _ in range(4):
            await pilot.pause()
        text = screen_text(app)  # type: ignore[arg-type]
        for _value, label in CHOICES:
            assert label in text, text
        if body == OFFER and size[1] >= 24:
            assert "Your answer so far: reject" in text, text
        await pilot.press("down", "down", "down", "enter")  # the last choice can be taken
        await pilot.pause()
        assert answers == ["reject"]
