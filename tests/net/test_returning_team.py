"""A team that comes back after a bot client stood in for it: it sees the results it missed and
what was submitted for it; the facilitator sees that a bot client plays the seat."""

from __future__ import annotations

import asyncio

from tests.net.conftest import until
from tests.ui.helpers import screen_text, shows
from wargame.net.botplay import decide
from wargame.net.remote import RemoteSession
from wargame.ui.join import JoinApp
from wargame.ui.screens.briefing import BriefingScreen
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.remote import WaitingScreen
from wargame.ui.screens.results import ResultsScreen


def _remote(live, team: str, label: str) -> RemoteSession:
    remote = RemoteSession(live.url, code=live.server.codes.teams[team], label=label)
    remote.connect()
    return remote


async def test_a_team_back_from_a_bot_sees_what_it_missed(live):
    server = live.server
    india = _remote(live, "india", "tui")
    bot = _remote(live, "pakistan", "bot:dove")
    try:
        bot.submit("pakistan", decide("dove", bot.team_view("pakistan")))
        india.submit("india", decide("idle", india.team_view("india")))
        assert live.run(lambda: server.session.turns_played) == 1
        await asyncio.sleep(0.3)
        bot.submit("pakistan", decide("dove", bot.team_view("pakistan")))
        submitted = bot.team_view("pakistan").draft
        assert submitted is not None and submitted.orders
        facilitator = JoinApp(live.url, code=server.codes.facilitator)
        async with facilitator.run_test(size=(140, 40)) as pilot:
            await until(pilot, lambda: isinstance(facilitator.screen, FacilitatorScreen))
            await until(pilot, lambda: shows(facilitator, "played now by a bot client (dove)"))
        bot.close()
        app = JoinApp(live.url, code=server.codes.teams["pakistan"])
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
            assert "Results of turn 1" in screen_text(app)
            await pilot.press("c")
            await until(pilot, lambda: isinstance(app.screen, WaitingScreen))
            names = {o.id: o.name for o in app.remote.team_view("pakistan").options}
            assert shows(app, "Submitted for Pakistan:")
            for order in submitted.orders:
                assert shows(app, names[order.move])
            assert shows(app, "Waiting for: India")
            await pilot.press("r")  # the missed results, again
            await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
    finally:
        india.close()
        bot.close()


async def test_a_team_joining_mid_game_is_not_asked_last_turns_cards_again(live):
    from wargame.ui.screens.modals import Card
    from wargame.ui.screens.remote import RemoteTurnScreen

    india = _remote(live, "india", "tui")
    pakistan = _remote(live, "pakistan", "bot:dove")
    try:
        india.submit("india", decide("idle", india.team_view("india")))
        pakistan.submit("pakistan", decide("idle", pakistan.team_view("pakistan")))
        assert live.run(lambda: live.server.session.turns_played) == 1
        india.close()
        app = JoinApp(live.url, code=live.server.codes.teams["india"])
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, BriefingScreen))
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ResultsScreen))
            await pilot.press("c")
            await until(pilot, lambda: any(isinstance(s, RemoteTurnScreen) for s in app.screen_stack))
            titles = []
            for _ in range(8):
                await pilot.pause(0.1)
                if not isinstance(app.screen, Card):
                    break
                titles.append(app.screen.card_title)
                await pilot.press("enter")
            turn_one = {e.text for e in app.remote.team_view("india").events if e.turn == 1 and e.kind == "inject"}
            assert turn_one and not turn_one & set(titles), titles
    finally:
        pakistan.close()
