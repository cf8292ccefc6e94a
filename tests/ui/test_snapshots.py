"""Snapshots of the main screens at 80×24 and 120×40 (pytest-textual-snapshot), and what each
must never show a student: a condition expression, `log-odds`, a raw id, or a cut essential key.

After an intended change of the UI, review and update them with
`pytest tests/ui/test_snapshots.py --snapshot-update` and look at the SVGs."""

from __future__ import annotations

import re

import pytest

from tests.ui.helpers import close_cards, make_app, screen_text, submit
from wargame.ui.screens.debrief import DebriefScreen
from wargame.ui.screens.modals import Card

SIZES = [(80, 24), (120, 40)]
SOLO = {"india": "human", "pakistan": "bot:dove"}
SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
"""Ids look like `brief_envoys`, `india.domestic_pressure`, `un_offer`: never shown to players."""


def plain_language(app, keys: tuple[str, ...]) -> None:
    """The screen shows no expression, no log-odds, no id, and its essential keys."""
    text = screen_text(app)
    assert not re.search(r">=|<=|==|!=", text), text
    assert "log-odds" not in text
    assert not SNAKE_CASE.search(text), SNAKE_CASE.search(text)
    assert not re.search(r"\b(india|pakistan)\.[a-z]", text)
    footer = text[text.rfind("\n") :] if "\n" in text else text
    for key in keys:
        assert key in text, f"{key!r} missing from the screen (footer: {footer!r})"


async def _turn(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await close_cards(pilot, pilot.app)
    await pilot.press("down", "enter")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    assert snap_compare(make_app(None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_briefing(snap_compare, size):
    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_turn(snap_compare, size):
    async def run_before(pilot):
        await _turn(pilot)
        plain_language(pilot.app, ("Submit", "Briefing", "Help", "rung 2 of 13", "Turn 1 of 5"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_status(snap_compare, size):
    async def run_before(pilot):
        await _turn(pilot)
        await pilot.press("v")
        await pilot.pause()
        plain_language(pilot.app, ("Yours", "Domestic pressure", "Submit", "Help"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review(snap_compare, size):
    async def run_before(pilot):
        await _turn(pilot)
        await pilot.press("s")
        await pilot.pause()
        plain_language(pilot.app, ("Review", "Submit (Enter)", "Back (Esc)"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


BALAKOT_INDIA = {"india": "human", "pakistan": "bot:dove", "china": "bot:dove", "usa": "bot:dove"}


async def _long_orders(pilot) -> None:
    """On Balakot (long move names), India orders 'Hand over a dossier and demand verifiable
    action' and authorises 'Issue a solemn public warning' (a firebreak)."""
    await pilot.press("enter")
    await pilot.pause()
    await close_cards(pilot, pilot.app)
    await pilot.press("down", "enter")
    await pilot.pause()
    await pilot.press("down", "down", "down", "enter")
    await pilot.pause()
    await pilot.press("left", "enter")  # the firebreak's confirmation: Yes, authorise
    await pilot.pause()


def test_long_move_names_fit_at_80x24(snap_compare):
    """Every move title is one line, cut with … when long; the detail pane has the full name."""

    async def run_before(pilot):
        await _long_orders(pilot)
        await pilot.press("up", "up", "up")  # back to the dossier
        await pilot.pause()
        detail = str(pilot.app.screen.query_one("#detail").render())
        assert detail.startswith("Hand over a dossier and demand verifiable action")  # in full

    assert snap_compare(make_app("balakot-2019", BALAKOT_INDIA), terminal_size=(80, 24), run_before=run_before)


def test_long_move_names_in_the_review_at_80x24(snap_compare):
    """The review gives each order on one line and the firebreak authorisation on the next."""

    async def run_before(pilot):
        await _long_orders(pilot)
        await pilot.press("s")
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "1. Hand over a dossier and demand verifiable action" in text
        assert "2. Issue a solemn public warning" in text and "‼ firebreak crossing authorised" in text

    assert snap_compare(make_app("balakot-2019", BALAKOT_INDIA), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results(snap_compare, size):
    async def run_before(pilot):
        await _turn(pilot)
        await submit(pilot)
        plain_language(pilot.app, ("Results of turn 1", "After turn 1 of 5", "Continue", "Explain", "Help"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_why_card(snap_compare, size):
    async def run_before(pilot):
        await _turn(pilot)  # the chance move: Lobby the Security Council
        await submit(pilot)
        await pilot.press("enter")  # the first result line: its explanation
        await pilot.pause()
        assert isinstance(pilot.app.screen, Card)
        plain_language(pilot.app, ("Chance of success", "The dice rolled"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_debrief(snap_compare, size):
    async def run_before(pilot):
        app = pilot.app
        await pilot.press("enter")
        for _ in range(16):
            await pilot.pause()
            if isinstance(app.screen, DebriefScreen):
                break
            await close_cards(pilot, app)
            if isinstance(app.screen, Card):
                continue
            await submit(pilot)
            await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        plain_language(app, ("Debrief", "Export report", "Help", "simulated games"))

    assert snap_compare(make_app("tutorial", SOLO), terminal_size=size, run_before=run_before)
