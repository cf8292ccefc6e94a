"""Clients after the server stops or restarts: they say "disconnected" while they retry; the
projector comes back by itself; a team whose code the restarted server refuses is told that
the game may have been restarted with new codes."""

from __future__ import annotations

import pytest

from tests.net.conftest import serve_in_thread, until
from tests.ui.helpers import screen_text, shows
from wargame.ui.join import JoinApp
from wargame.ui.screens.modals import Card
from wargame.ui.screens.remote import Disconnected, ProjectorScreen

RECONNECTING = [
    "Disconnected from the server.",
    "Trying to reconnect… (the server may have been stopped;",
    "this screen goes away by itself when it is back).",
]


async def test_clients_say_disconnected_and_refused_codes_after_a_restart(tutorial_card, tmp_path):
    first = serve_in_thread(tutorial_card, tmp_path / "a")
    team = JoinApp(first.url, code=first.server.codes.teams["india"])
    projector = JoinApp(first.url, public=True)
    second = None
    try:
        async with team.run_test(size=(100, 30)) as tpilot, projector.run_test(size=(120, 35)) as ppilot:
            await until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen), limit=15.0)
            await until(tpilot, lambda: team.remote is not None and team.remote.ready, limit=15.0)
            first.stop()
            await until(tpilot, lambda: isinstance(team.screen, Disconnected), limit=15.0)
            await until(ppilot, lambda: isinstance(projector.screen, Disconnected), limit=15.0)
            assert shows(team, "Disconnected from the server")
            second = serve_in_thread(tutorial_card, tmp_path / "b", port=first.port)  # resumed: new codes
            await until(ppilot, lambda: isinstance(projector.screen, ProjectorScreen), limit=15.0)
            await until(
                tpilot, lambda: isinstance(team.screen, Card) and team.screen.card_title == "Disconnected", limit=15.0
            )
            assert shows(team, "restarted with new codes")
            await tpilot.press("enter")
            await until(tpilot, lambda: not team.is_running, limit=15.0)
    finally:
        if second is not None:
            second.stop()


@pytest.mark.parametrize("columns", [80, 100])
async def test_the_reconnect_notice_fits_the_terminal(tutorial_card, tmp_path, columns):
    server = serve_in_thread(tutorial_card, tmp_path / "a")
    team = JoinApp(server.url, code=server.server.codes.teams["india"])
    stopped = False
    try:
        async with team.run_test(size=(columns, 24)) as pilot:
            await until(pilot, lambda: team.remote is not None and team.remote.ready, limit=15.0)
            server.stop()
            stopped = True
            await until(pilot, lambda: isinstance(team.screen, Disconnected), limit=15.0)
            for line in RECONNECTING:  # each line whole (the screen behind shows at the sides)
                assert shows(team, line), screen_text(team)
    finally:
        if not stopped:
            server.stop()
