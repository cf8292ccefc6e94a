"""When a served game ends, the projector and the facilitator's console show the debrief too
(the console's Escape returns to it); a joined client's debrief leaves with H ("Leave") and
has no export (the saves are on the server)."""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.helpers import shows
from wargame.net.botplay import decide
from wargame.net.hosting import ServerThread, make_server
from wargame.net.remote import RemoteSession
from wargame.session.session import PlaySession
from wargame.ui.join import JoinApp
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.remote import ProjectorScreen, RemoteDebriefScreen


async def _until(pilot, condition, limit: float = 10.0) -> None:
    for _ in range(int(limit / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the screen did not get there")


@pytest.fixture
def live(tutorial_card, tmp_path):
    session = PlaySession.new(
        tutorial_card, {"india": "human", "pakistan": "bot:dove"}, 4, facilitator=True, saves=tmp_path / "s"
    )
    thread = ServerThread(make_server(session))
    yield thread
    thread.stop()


async def test_projector_and_console_show_the_debrief_at_the_end(live):
    projector = JoinApp(live.url, public=True)
    console = JoinApp(live.url, code=live.server.codes.facilitator)
    india = RemoteSession(live.url, code=live.server.codes.teams["india"])
    india.connect()
    try:
        async with projector.run_test(size=(120, 35)) as ppilot, console.run_test(size=(120, 35)) as cpilot:
            await _until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen))
            await _until(cpilot, lambda: isinstance(console.screen, FacilitatorScreen))
            while not india.over:
                turns = india.turns_played
                india.submit("india", decide("dove", india.team_view("india")))
                await _until(ppilot, lambda turns=turns: india.turns_played > turns or india.over)
            await _until(ppilot, lambda: isinstance(projector.screen, RemoteDebriefScreen))
            await _until(cpilot, lambda: isinstance(console.screen, RemoteDebriefScreen))
            assert shows(projector, "Escalation over time") and shows(projector, "h Leave")
            # the comparison with simulated games follows the end-of-game update, and is shown when it arrives
            await _until(ppilot, lambda: bool(projector.query("#comparison")))
            assert shows(projector, "simulated games from the same start")
            assert not shows(projector, "Export report")
            await cpilot.press("escape")
            await _until(cpilot, lambda: isinstance(console.screen, FacilitatorScreen))
            await ppilot.press("h")
            await _until(ppilot, lambda: not projector.is_running)
    finally:
        india.close()
