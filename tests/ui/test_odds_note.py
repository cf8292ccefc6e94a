"""The odds on the turn screen are the chance before the other teams' moves this turn; the results
card names the chance that was used when the move was resolved."""

from __future__ import annotations

import re

from tests.ui.helpers import close_cards, make_app, shows, submit
from wargame.ui.screens.modals import Card
from wargame.ui.screens.results import ResultsScreen
from wargame.ui.screens.turn import TurnScreen

BOTS = {"pakistan": "bot:historical", "china": "bot:historical", "usa": "bot:historical"}
NOTE = "before the other teams' moves this turn"


async def test_the_turn_screen_says_whose_moves_the_odds_leave_out_and_the_results_name_the_chance_used():
    app = make_app("balakot-2019", {"india": "human", **BOTS})
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the briefing
        await close_cards(pilot, app)
        turn = app.screen
        assert isinstance(turn, TurnScreen)
        listed = turn._listed()
        chancy = next(i for i, o in enumerate(listed) if o.legal and o.odds is not None and not o.firebreak)
        move = listed[chancy]
        for _ in range(chancy):
            await pilot.press("down")
        await pilot.pause()
        assert shows(app, f"Chance of success: {move.odds:.0%} ({NOTE})")
        assert NOTE in TurnScreen.HELP
        await pilot.press("enter")  # the move becomes an order
        await pilot.pause()
        await submit(pilot)
        await close_cards(pilot, app)
        results = app.screen
        assert isinstance(results, ResultsScreen)
        outcome = next(i for i, e in enumerate(results.events) if e.team == "india" and "Chance of success" in e.detail)
        for _ in range(outcome):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Card)
        used = re.search(r"Chance of success: (\d+(?:\.\d)?%)", results.events[outcome].detail)
        assert used and shows(app, f"Chance of success: {used.group(1)}")
