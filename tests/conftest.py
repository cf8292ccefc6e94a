"""Shared fixtures: the checkout's root, and a scratch project with the shipped rulebook."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

MINIMAL_CARD = """\
kind: scenario
schema_version: 1
id: mini
title: Mini
version: "1"
summary: A minimal card for tests.
rulebook: south-asia
teams:
  - id: india
    briefing: India's view.
  - id: pakistan
    briefing: Pakistan's view.
calendar:
  - {date: 2019-02-14, label: One}
  - {date: 2019-02-15, label: Two}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with rules/south-asia.yaml and an empty scenarios/ folder."""
    (tmp_path / "rules").mkdir()
    (tmp_path / "scenarios").mkdir()
    shutil.copy(ROOT / "rules" / "south-asia.yaml", tmp_path / "rules" / "south-asia.yaml")
    return tmp_path


@pytest.fixture
def write_card(project: Path):
    """Write a card's text (dedented) into the scratch project's scenarios/ and return its path."""

    def write(text: str, name: str = "card.yaml") -> Path:
        path = project / "scenarios" / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def balakot():
    """The shipped Balakot card (content tests; rule tests use `tests.minimal`)."""
    from wargame.scenario.loader import load_scenario

    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


@pytest.fixture(scope="session")
def cards():
    """Every shipped card by file stem."""
    from wargame.scenario.loader import load_scenario

    return {p.stem: load_scenario(p) for p in sorted((ROOT / "scenarios").glob("*.yaml"))}
