"""Run by .ci/run against the INSTALLED package, from a folder outside the checkout (not collected by
the checkout's suite: the file name does not start with test_). The UI opens, draws the home screen with
the shipped cards and starts a tutorial game, all from package data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import wargame
from wargame.paths import card_files, shipped_cards
from wargame.ui.app import WargameApp


def test_imports_the_installed_package():
    checkout = os.environ.get("WARGAME_CHECKOUT")
    assert checkout, "set WARGAME_CHECKOUT to the checkout's path"
    assert not Path(wargame.__file__).resolve().is_relative_to(Path(checkout).resolve())


@pytest.mark.asyncio
async def test_home_screen_from_the_installed_package(tmp_path):
    cards = card_files(tmp_path)
    assert len(cards) >= 4 and all(p.parent == shipped_cards() for p in cards)
    app = WargameApp(tmp_path, tmp_path / "saves")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "HomeScreen"


@pytest.mark.asyncio
async def test_a_game_starts_from_the_installed_package(tmp_path):
    tutorial = next(p for p in card_files(tmp_path) if p.stem == "tutorial")
    app = WargameApp(tmp_path, tmp_path / "saves", card=tutorial, seats={"india": "human", "pakistan": "bot:dove"})
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.session is not None
