"""Snapshots of the main screens at 80×24 and 120×40 (pytest-textual-snapshot).

After an intended change of the UI, review and update them with
`pytest tests/ui/test_snapshots.py --snapshot-update`."""

from __future__ import annotations

import pytest

from tests.ui.helpers import close_cards, make_app, submit
from wargame.ui.screens.debrief import DebriefScreen
from wargame.ui.screens.modals import Card

SIZES = [(80, 24), (120, 40)]
SOLO = {"india": "human", "pakistan": "bot:dove"}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    assert snap_compare(make_app(None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_briefing(snap_compare, size):
    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_turn(snap_compare, size):
    async def run_before(pilot):
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, pilot.app)
        await pilot.press("down", "enter")
        await pilot.pause()

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results(snap_compare, size):
    async def run_before(pilot):
        await pilot.press("enter")
        await pilot.pause()
        await close_cards(pilot, pilot.app)
        await pilot.press("down", "enter", "s")
        await pilot.pause()

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief(snap_compare, size):
    async def run_before(pilot):
        app = pilot.app
        await pilot.press("enter")
        for _ in range(10):
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                break
            await close_cards(pilot, app)
            if isinstance(app.screen, Card):
                continue
            await submit(pilot, app)
            await pilot.press("c")
        await pilot.pause()

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)
