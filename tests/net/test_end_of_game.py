"""When a served game ends, the projector and the facilitator's console show the debrief too
(the console's Escape returns to it); a joined client's debrief leaves with H ("Leave") and
has no export (the saves are on the server)."""

from __future__ import annotations

import pytest

from tests.net.conftest import until
from tests.ui.helpers import shows
from wargame.net.botplay import decide
from wargame.net.remote import RemoteSession
from wargame.ui.join import JoinApp
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.remote import ProjectorScreen, RemoteDebriefScreen

pytestmark = pytest.mark.served(seats={"india": "human", "pakistan": "bot:dove"})


async def test_projector_and_console_show_the_debrief_at_the_end(live):
    projector = JoinApp(live.url, public=True)
    console = JoinApp(live.url, code=live.server.codes.facilitator)
    india = RemoteSession(live.url, code=live.server.codes.teams["india"])
    india.connect()
    try:
        async with projector.run_test(size=(120, 35)) as ppilot, console.run_test(size=(120, 35)) as cpilot:
            await until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen))
            await until(cpilot, lambda: isinstance(console.screen, FacilitatorScreen))
            while not india.over:
                turns = india.turns_played
                india.submit("india", decide("dove", india.team_view("india")))
                await until(ppilot, lambda turns=turns: india.turns_played > turns or india.over)
            await until(ppilot, lambda: isinstance(projector.screen, RemoteDebriefScreen))
            await until(cpilot, lambda: isinstance(console.screen, RemoteDebriefScreen))
            assert shows(projector, "Escalation over time") and shows(projector, "h Leave")
            # the comparison with simulated games follows the end-of-game update, and is shown when it arrives
            await until(ppilot, lambda: bool(projector.remote.snapshot.debrief.comparison), limit=30)
            await until(ppilot, lambda: bool(projector.screen.query("#comparison")))
            assert shows(projector, "simulated games from the same start")
            assert not shows(projector, "Export report")
            await cpilot.press("escape")
            await until(cpilot, lambda: isinstance(console.screen, FacilitatorScreen))
            await ppilot.press("h")
            await until(ppilot, lambda: not projector.is_running)
    finally:
        india.close()
