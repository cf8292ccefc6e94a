"""The facilitator console's seat (S) and clock (T) dialogs, opened and used with Pilot: in a
hot-seat game and over the network. Their choices are values such as `bot:historical` and
`extend:1`, which are not valid Textual ids: the card must map them (this crashed once)."""

from __future__ import annotations

import pytest

from tests.net.conftest import until
from tests.ui.helpers import make_app, screen_text, shows
from wargame.ui.join import JoinApp
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.modals import Card


async def _pick(pilot, app, title: str, label: str) -> None:
    """On the card titled `title`, move to the choice labelled `label` and press Enter."""
    await until(pilot, lambda: isinstance(app.screen, Card) and app.screen.card_title == title)
    card = app.screen
    labels = [text for _value, text in card.choices]
    for _ in range(labels.index(label)):
        await pilot.press("down")
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not card)


async def test_hot_seat_console_hands_a_seat_to_a_bot_and_back():
    app = make_app("tutorial", {"india": "human", "pakistan": "bot:dove"}, facilitator=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen))
        assert "Clock" not in screen_text(app), "no turn clock in a hot-seat game"
        await pilot.press("s")
        await _pick(pilot, app, "Which seat?", "Pakistan — bot:dove")
        await _pick(pilot, app, "Who plays pakistan?", "Bot: historical")
        assert app.session.seats["pakistan"] == "bot:historical"
        await pilot.press("s")
        await _pick(pilot, app, "Which seat?", "Pakistan — bot:historical")
        await _pick(pilot, app, "Who plays pakistan?", "People (human)")
        assert app.session.seats["pakistan"] == "human"
        assert isinstance(app.screen, FacilitatorScreen)


pytestmark = pytest.mark.served(clock_minutes=8)


async def test_networked_console_sets_the_clock_and_the_seats(live):
    server = live.server
    app = JoinApp(live.url, code=server.codes.facilitator)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FacilitatorScreen))
        left = live.run(lambda: server.clock.remaining(server._now()))
        await pilot.press("t")
        await _pick(pilot, app, "Turn clock", "Add 5 minutes to this turn")
        after = live.run(lambda: server.clock.remaining(server._now()))
        assert after > left + 4 * 60
        await pilot.press("t")
        await _pick(pilot, app, "Turn clock", "Turn clock: 15 minutes")
        assert live.run(lambda: server.clock.minutes) == 15
        # the fallback: what plays Pakistan if its orders are not in when the clock runs out
        await pilot.press("s")
        await _pick(pilot, app, "Which seat?", "Pakistan — human")
        await _pick(pilot, app, "Who plays pakistan?", "When the clock runs out: bot dove")
        assert live.run(lambda: dict(server.fallback)) == {"pakistan": "bot:dove"}
        await until(pilot, lambda: shows(app, "Pakistan: 0 connected · human · fallback bot:dove"))
        # a seat to a bot and back to people
        await pilot.press("s")
        await _pick(pilot, app, "Which seat?", "Pakistan — human")
        await _pick(pilot, app, "Who plays pakistan?", "Bot: hawk")
        assert live.run(lambda: server.session.seats["pakistan"]) == "bot:hawk"
        await pilot.press("s")
        await _pick(pilot, app, "Which seat?", "Pakistan — bot:hawk")
        await _pick(pilot, app, "Who plays pakistan?", "People (human)")
        assert live.run(lambda: server.session.seats["pakistan"]) == "human"
        # end the turn now: missing orders are nothing, or the fallback
        await pilot.press("t")
        await _pick(pilot, app, "Turn clock", "End this turn now (missing orders: nothing, or the fallback)")
        await until(pilot, lambda: live.run(lambda: server.session.turns_played) == 1)
        assert isinstance(app.screen, FacilitatorScreen)
