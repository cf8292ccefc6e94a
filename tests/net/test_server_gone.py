"""Clients after the server stops or restarts: they say "disconnected" while they retry; the
projector comes back by itself; a team whose code the restarted server refuses is told that
the game may have been restarted with new codes."""

from __future__ import annotations

from tests.net.conftest import serve_in_thread, until
from tests.ui.helpers import shows
from wargame.ui.join import JoinApp
from wargame.ui.screens.modals import Card
from wargame.ui.screens.remote import Disconnected, ProjectorScreen


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
