"""Shared fixtures: the checkout's root, and a scratch project with the shipped rulebook.

The whole suite runs with saves, the user's data folder and the card index in a temporary folder, and fails if it
leaves any change in the checkout (`git status --porcelain --ignored`, caches aside)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

_CACHES = ("__pycache__/", ".pytest_cache/", ".hypothesis/", ".benchmarks/", ".ruff_cache/", ".egg-info/")
_SANDBOX = Path(tempfile.mkdtemp(prefix="wargame-tests-"))
# set at import, before any test or subprocess runs: saves and user data never land in the checkout
# or in the real home folder
os.environ["WARGAME_SAVES"] = str(_SANDBOX / "saves")
os.environ["XDG_DATA_HOME"] = str(_SANDBOX / "data")
os.environ["WARGAME_CACHE"] = str(_SANDBOX / "cache")  # the home screen's card index


def checkout_status() -> set[str] | None:
    """Changed, new and ignored paths in the checkout (caches aside); None outside a git checkout."""
    try:
        out = subprocess.run(
            ["git", "status", "--porcelain", "--ignored", "--untracked-files=all"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return {line for line in out.stdout.splitlines() if not any(c in line for c in _CACHES)}


def pytest_sessionstart(session: pytest.Session) -> None:
    session.config.stash[_BEFORE] = checkout_status()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before = session.config.stash.get(_BEFORE, None)
    after = checkout_status()
    shutil.rmtree(_SANDBOX, ignore_errors=True)
    if before is None or after is None or before == after:
        return
    changed = sorted(after ^ before)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = "the test suite changed the checkout (tests must write into tmp_path):\n  " + "\n  ".join(changed)
    if reporter is not None:
        reporter.write_line(message, red=True)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


_BEFORE = pytest.StashKey[set[str] | None]()

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


@pytest.fixture(autouse=True)
def _cards_answer_at_once():
    """Pilot presses keys faster than a person: a decision card's settling time (which drops a
    second Enter meant for the card before it) is off, except in the tests of that guard."""
    from wargame.ui.screens.modals import Card

    settle = Card.SETTLE
    Card.SETTLE = 0.0
    yield
    Card.SETTLE = settle
