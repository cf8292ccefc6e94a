"""A decision card that opens right after another card ignores a quick second Enter (meant for
the card before), then takes answers as usual; a card that opens on its own answers at once."""

from __future__ import annotations

import asyncio

from textual.app import App

from wargame.ui.screens.modals import Card


class Cards(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.answers: list[str | None] = []

    def inject_then_offer(self) -> None:
        offer = Card("Mediation offer", "Accept?", [("accept", "Accept"), ("reject", "Reject")], closable=False)
        self.push_screen(
            Card("Last turn", "The last turn begins."),
            lambda _: self.push_screen(offer, self.answers.append),
        )


async def test_a_second_enter_does_not_answer_the_card_behind(monkeypatch):
    monkeypatch.setattr(Card, "SETTLE", 0.6)
    app = Cards()
    async with app.run_test() as pilot:
        app.inject_then_offer()
        await pilot.pause()
        await pilot.press("enter")  # continue on the inject
        await pilot.pause()
        assert isinstance(app.screen, Card) and app.screen.card_title == "Mediation offer"
        await pilot.press("enter")  # the quick second Enter
        await pilot.pause()
        assert app.answers == [] and app.screen.card_title == "Mediation offer"
        await asyncio.sleep(0.7)
        await pilot.press("down", "enter")  # a deliberate answer
        await pilot.pause()
        assert app.answers == ["reject"]


async def test_a_card_on_its_own_answers_at_once(monkeypatch):
    monkeypatch.setattr(Card, "SETTLE", 0.6)
    monkeypatch.setattr(Card, "last_closed", 0.0)
    app = Cards()
    async with app.run_test() as pilot:
        offer = Card("Offer", "Accept?", [("accept", "Accept"), ("reject", "Reject")], closable=False)
        app.push_screen(offer, app.answers.append)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == ["accept"]
