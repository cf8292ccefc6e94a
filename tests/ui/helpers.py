"""Driving the real app with Pilot, and reading what the screen shows."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.conftest import ROOT
from wargame.ui.app import WargameApp
from wargame.ui.screens.modals import Card


def make_app(card: str | None = "balakot-2019", seats: dict[str, str] | None = None, **kwargs) -> WargameApp:
    path = ROOT / "scenarios" / f"{card}.yaml" if card else None
    return WargameApp(ROOT, kwargs.pop("saves", None), card=path, seats=seats, **kwargs)


def screen_text(app: WargameApp) -> str:
    """The visible screen as plain text (from Textual's own SVG export)."""
    svg = app.export_screenshot()
    lines = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", line)) for line in lines)
    return text.replace("\xa0", " ")


async def close_cards(pilot, app: WargameApp, limit: int = 12) -> None:
    """Answer every card on top with its first choice: Enter, or ↓ then Enter on a decision card
    (which takes no answer from Enter alone)."""
    for _ in range(limit):
        await pilot.pause()
        if not isinstance(app.screen, Card):
            return
        if app.screen.explicit:
            await pilot.press("down")
        await pilot.press("enter")
    await pilot.pause()


async def submit(pilot, app: WargameApp | None = None) -> None:
    """S opens the review (there is no "Submit with no orders?" question: the review says so); Enter
    there submits. `app` is accepted for the callers that pass it."""
    await pilot.press("s")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


def all_bots(teams: list[str], policy: str = "historical") -> dict[str, str]:
    return {t: f"bot:{policy}" for t in teams}


SAVES = Path("/nonexistent-wargame-saves")


def shows(app: WargameApp, text: str) -> bool:
    """Whether the screen shows `text`, ignoring line wrapping and spacing."""

    def squash(value: str) -> str:  # drop spacing, line breaks and the borders drawn between wrapped lines
        return re.sub(r"[\s\u2500-\u259f]+", "", value)

    return squash(text) in squash(screen_text(app))
