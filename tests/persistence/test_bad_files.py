"""Bad save files: a clear message naming the file and the problem, exit 1, file untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT
from wargame.persistence.saves import to_save, write_save
from wargame.scenario.loader import load_scenario
from wargame.sim.runner import play_bots

SEATS = {t: "bot:historical" for t in ("india", "pakistan", "china", "usa")}


@pytest.fixture(scope="module")
def good_save(tmp_path_factory):
    scenario = load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")
    game = play_bots(scenario, 1, SEATS, keep_history=True)
    return write_save(tmp_path_factory.mktemp("s") / "good.json", to_save(game, scenario, SEATS, "good"))


def run(*args):
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )


CASES = {
    "truncated": (lambda raw: raw[: len(raw) // 2], "truncated save: invalid JSON at line 1"),
    "corrupted": (lambda raw: raw[:100] + b"\x00garbage" + raw[108:], "corrupted save"),
    "foreign": (
        lambda raw: b'{"name": "not a save", "version": 2}',
        'not a wargame save (no "format": "wargame-save" field)',
    ),
    "a card": (
        lambda raw: (ROOT / "scenarios" / "tutorial.yaml").read_bytes(),
        "not a wargame save (saves are JSON objects",
    ),
    "future": (
        lambda raw: raw.replace(b'"version":3', b'"version":99', 1),
        "save format version 99 was written by a newer wargame",
    ),
    "empty": (lambda raw: b"", "the file is empty"),
    "damaged": (
        lambda raw: raw.replace(b'"seed":1', b'"seed":"one"', 1),
        "damaged save: seed: Input should be a valid integer",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("command", ["replay", "report", "play"])
def test_bad_file(case, command, good_save, tmp_path):
    mutate, message = CASES[case]
    bad = tmp_path / f"{case}.json"
    bad.write_bytes(mutate(good_save.read_bytes()))
    before = bad.read_bytes(), bad.stat().st_mtime_ns
    args = [command, str(bad)] if command != "play" else ["play", "--resume", str(bad), "--headless", "--no-autosave"]
    result = run(*args)
    assert result.returncode == 1
    assert str(bad) in result.stderr and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert (bad.read_bytes(), bad.stat().st_mtime_ns) == before


def test_changed_card_is_reported(good_save, tmp_path):
    import json
    import re
    import shutil

    project = tmp_path / "p"
    shutil.copytree(ROOT / "scenarios", project / "scenarios")
    shutil.copytree(ROOT / "rules", project / "rules")
    card = project / "scenarios" / "balakot-2019.yaml"
    text = card.read_text()
    changed = re.sub(r'^version: "[^"]*"$', 'version: "changed"', text, count=1, flags=re.M)
    assert changed != text
    card.write_text(changed)
    data = json.loads(good_save.read_text())
    data["card"]["path"] = str(card)
    save = tmp_path / "moved.json"
    save.write_text(json.dumps(data))
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "replay", str(save)], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "has changed since it was saved" in result.stderr and "cannot be reproduced exactly" in result.stderr
