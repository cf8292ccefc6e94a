"""`wargame new` writes cards (and an extending rulebook) that validate, lint clean and play, with a working
`$schema` modeline; `wargame validate --watch` re-checks after an edit (a real subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT


def wargame(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_new_blank_card_validates_lints_clean_and_plays(tmp_path):
    result = wargame("new", "border-flare", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    card = tmp_path / "scenarios" / "border-flare.yaml"
    assert card.read_text().startswith("# yaml-language-server: $schema=schema.json\n")
    assert (tmp_path / "scenarios" / "schema.json").is_file()  # the modeline resolves
    assert wargame("validate", "scenarios/border-flare.yaml", cwd=tmp_path).returncode == 0
    lint = wargame("lint", "--strict", "scenarios/border-flare.yaml", cwd=tmp_path)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "0 errors, 0 warnings" in lint.stderr
    play = wargame(
        "play",
        "border-flare",
        "--headless",
        "--no-autosave",
        "--seat",
        "india=bot:hawk",
        "--seat",
        "pakistan=bot:quantal",
        cwd=tmp_path,
    )
    assert play.returncode == 0, play.stderr
    assert "== End:" in play.stdout


def test_new_from_a_card_with_an_extending_rulebook(tmp_path):
    result = wargame("new", "my-balakot", "--from", "balakot-2019", "--rules", "south-asia-mine", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = tmp_path / "rules" / "south-asia-mine.yaml"
    assert "extends: south-asia" in rules.read_text()
    assert rules.read_text().startswith("# yaml-language-server: $schema=schema.json\n")
    assert (tmp_path / "rules" / "schema.json").is_file()
    card = tmp_path / "scenarios" / "my-balakot.yaml"
    text = card.read_text()
    assert "\nid: my-balakot\n" in text and "\nrulebook: south-asia-mine\n" in text
    assert wargame("validate", "scenarios/my-balakot.yaml", "rules/south-asia-mine.yaml", cwd=tmp_path).returncode == 0
    again = wargame("new", "my-balakot", cwd=tmp_path)
    assert again.returncode == 1 and "exists" in again.stderr


def test_validate_watch_rechecks_after_an_edit(tmp_path):
    assert wargame("new", "watched", cwd=tmp_path).returncode == 0
    card = tmp_path / "scenarios" / "watched.yaml"
    good = card.read_text()
    proc = subprocess.Popen(
        [sys.executable, "-m", "wargame", "validate", "--watch", "scenarios/watched.yaml"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert _read_until(proc, "-- watching")
        card.write_text(good.replace("framing: counterfactual", "framing: counterfactul"))
        edited = time.monotonic()
        lines = _read_until(proc, "-- watching")
        took = time.monotonic() - edited
        assert any("framing" in line and "watched.yaml:" in line for line in lines), lines
        assert took < 1.0, took  # poll interval 0.1 s + a check in milliseconds
        card.write_text(good)
        assert any("valid scenario" in line for line in _read_until(proc, "-- watching"))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _read_until(proc: subprocess.Popen[str], marker: str, timeout: float = 20) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            return lines
    raise AssertionError(f"no {marker!r} within {timeout}s: {lines}")


def test_shipped_schema_modeline_paths():
    assert (ROOT / "scenarios" / "schema.json").is_file() and (ROOT / "rules" / "schema.json").is_file()
