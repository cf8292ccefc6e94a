"""The turn clock counts down every second on every screen that shows it — the team's turn
screen, the waiting screen, the projector and the console — from the seconds left that the
server sent (no new message is needed for it to move), and stands still while paused."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.net.conftest import until
from tests.ui.helpers import close_cards, submit
from wargame.net import protocol as p
from wargame.net.server import Client
from wargame.ui.join import JoinApp
from wargame.ui.screens.facilitator import FacilitatorScreen
from wargame.ui.screens.remote import ProjectorScreen, RemotePaused, RemoteTurnScreen, WaitingScreen


def _shown(app, selector: str) -> str:
    """What the widget `selector` shows, on whichever screen of the stack has it (a card may be on top)."""
    for screen in reversed(app.screen_stack):
        found = screen.query(selector)
        if found:
            return str(found.first().render())
    raise AssertionError(f"no {selector} on any screen")


def _seconds(app, selector: str) -> int:
    text = _shown(app, selector)
    found = re.search(r"(\d+):(\d\d) left", text)
    assert found, text
    return int(found.group(1)) * 60 + int(found.group(2))


pytestmark = pytest.mark.served(clock_minutes=8)


def _facilitate(live, verb: str) -> None:
    """A facilitator verb, as the console's request would do it."""
    server = live.server
    who = Client(None, "@facilitator", "test")  # type: ignore[arg-type]
    live.run(lambda: server._facilitate(who, p.Facilitate(request_id=verb, verb=verb)) and server._broadcast())


async def _counts_down(pilot, app, selector: str) -> None:
    """Two seconds pass without a new snapshot: the clock shown goes down by about two seconds."""
    remote = app.remote
    version = remote.client.state.version
    first = _seconds(app, selector)
    await asyncio.sleep(2.2)
    await pilot.pause()
    assert remote.client.state.version == version, "no new snapshot arrived"
    assert 1 <= first - _seconds(app, selector) <= 3


async def test_a_team_sees_the_clock_tick_on_its_turn_and_while_waiting(live):
    app = JoinApp(live.url, code=live.server.codes.teams["india"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the briefing
        await until(pilot, lambda: any(isinstance(s, RemoteTurnScreen) for s in app.screen_stack))
        await close_cards(pilot, app)
        assert 7 * 60 < _seconds(app, "#turn-clock") <= 8 * 60
        await _counts_down(pilot, app, "#turn-clock")
        # the facilitator pauses: the clock stops on the server and on the screen
        _facilitate(live, "pause")
        await until(pilot, lambda: isinstance(app.screen, RemotePaused))
        box = app.screen.query_one("Static").region
        assert box.x > 10 and box.y > 5, f"the pause notice is centred, not at the corner: {box}"
        _facilitate(live, "resume")
        await until(pilot, lambda: isinstance(app.screen, RemoteTurnScreen))
        await submit(pilot, app)
        await until(pilot, lambda: isinstance(app.screen, WaitingScreen))
        await _counts_down(pilot, app, "#waiting-clock")


async def test_the_projector_and_the_console_tick_and_freeze_while_paused(live):
    projector = JoinApp(live.url, public=True)
    console = JoinApp(live.url, code=live.server.codes.facilitator)
    async with projector.run_test(size=(120, 35)) as ppilot, console.run_test(size=(120, 35)) as cpilot:
        await until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen))
        await until(cpilot, lambda: isinstance(console.screen, FacilitatorScreen))
        await _counts_down(ppilot, projector, "#projector-clock")
        await _counts_down(cpilot, console, "#fac-connected")
        await cpilot.press("p")
        await until(ppilot, lambda: projector.remote.paused and not projector.remote.clock.running)
        await until(cpilot, lambda: "(paused)" in _shown(console, "#fac-connected"))
        frozen = _seconds(console, "#fac-connected")
        await asyncio.sleep(1.5)
        await cpilot.pause()
        assert _seconds(console, "#fac-connected") == frozen
        assert int(projector.remote.clock.remaining) == frozen
        assert live.run(lambda: live.server.clock.frozen) == pytest.approx(frozen, abs=1)
