"""Shared pieces of the hostile-input suite: the real command, a finished save, a card with a twist."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def wargame(*args: str, cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def finished_save(folder: Path) -> Path:
    """A finished tutorial game's latest autosave, written by the real command."""
    result = wargame(
        "play", "scenarios/tutorial.yaml", "--headless", "--seat", "india=bot:dove", "--saves", str(folder)
    )
    assert result.returncode == 0, result.stderr
    return sorted(folder.glob("*.autosave-*.json"))[-1]


def tutorial_text() -> str:
    return (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, result.stderr
