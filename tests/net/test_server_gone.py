"""Clients after the server stops or restarts: they say "disconnected" while they retry; the
projector comes back by itself; a team whose code the restarted server refuses is told that
the game may have been restarted with new codes."""

from __future__ import annotations

import asyncio

from tests.ui.helpers import shows
from wargame.net.hosting import ServerThread, make_server
from wargame.session.session import PlaySession
from wargame.ui.join import JoinApp
from wargame.ui.screens.modals import Card
from wargame.ui.screens.remote import Disconnected, ProjectorScreen


async def _until(pilot, condition, limit: float = 15.0) -> None:
    for _ in range(int(limit / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the screen did not get there")


def _serve(card, tmp_path, port: int = 0) -> ServerThread:
    session = PlaySession.new(card, {"india": "human", "pakistan": "human"}, 4, facilitator=True, saves=tmp_path)
    return ServerThread(make_server(session), port=port)


async def test_clients_say_disconnected_and_refused_codes_after_a_restart(tutorial_card, tmp_path):
    first = _serve(tutorial_card, tmp_path / "a")
    team = JoinApp(first.url, code=first.server.codes.teams["india"])
    projector = JoinApp(first.url, public=True)
    second = None
    try:
        async with team.run_test(size=(100, 30)) as tpilot, projector.run_test(size=(120, 35)) as ppilot:
            await _until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen))
            await _until(tpilot, lambda: team.remote is not None and team.remote.ready)
            first.stop()
            await _until(tpilot, lambda: isinstance(team.screen, Disconnected))
            await _until(ppilot, lambda: isinstance(projector.screen, Disconnected))
            assert shows(team, "Disconnected from the server")
            second = _serve(tutorial_card, tmp_path / "b", port=first.port)  # resumed: new codes
            await _until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen))
            await _until(tpilot, lambda: isinstance(team.screen, Card) and team.screen.card_title == "Disconnected")
            assert shows(team, "restarted with new codes")
            await tpilot.press("enter")
            await _until(tpilot, lambda: not team.is_running)
    finally:
        if second is not None:
            second.stop()
