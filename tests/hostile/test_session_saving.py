"""The play session keeps a user's saves safe: a second process on the same game continues as a
branch of its own (never interleaving autosaves), and headless play on a full disk ends non-zero
saying which save is the last good one (issue 13, defects 7 and 8)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.hostile.helpers import no_traceback, wargame

HOLDER = """
import sys, time
from pathlib import Path
from wargame.persistence.autosave import Autosaver
saver = Autosaver(Path(sys.argv[1]), sys.argv[2])
saver.acquire()
print("locked", flush=True)
time.sleep(60)
"""


FIRST_TURN = """
import sys
from pathlib import Path
from wargame.scenario.loader import load_scenario
from wargame.session.session import PlaySession
scenario = load_scenario(Path("scenarios/tutorial.yaml"))
session = PlaySession.new(scenario, {"india": "bot:dove", "pakistan": "bot:dove"}, 3, saves=Path(sys.argv[1]))
session.adjudicate()
print(session.game_id)
print(session.last_save)
"""


def test_a_second_process_on_the_same_game_continues_as_its_own_branch(tmp_path):
    first = subprocess.run(
        [sys.executable, "-c", FIRST_TURN, str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    game_id, last_save = first.stdout.split()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path), game_id], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"locked"
        resumed = subprocess.run(
            [
                sys.executable,
                "-m",
                "wargame",
                "play",
                "--headless",
                "--resume",
                last_save,
                "--saves",
                str(tmp_path),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        holder.kill()
        holder.wait()
    assert resumed.returncode == 0, resumed.stderr
    no_traceback(resumed)
    assert (
        f"another wargame process is saving game {game_id}; this one continues as {game_id}-fork-t2" in resumed.stderr
    )
    branch = sorted(tmp_path.glob(f"{game_id}-fork-t2.autosave-*.json"))
    assert branch, os.listdir(tmp_path)
    assert [str(p) for p in tmp_path.glob(f"{game_id}.autosave-*.json")] == [last_save]  # the original untouched


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders; see the tmpfs test")
def test_headless_play_into_an_unwritable_folder_ends_non_zero(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = wargame(
            "play",
            "tutorial",
            "--headless",
            "--seat",
            "india=bot:dove",
            "--seat",
            "pakistan=bot:dove",
            "--saves",
            str(folder),
        )
    finally:
        folder.chmod(0o700)
    assert result.returncode == 1
    no_traceback(result)
    assert "its latest state is not saved" in result.stderr and "nothing was saved" in result.stderr


def test_headless_play_on_a_full_disk_ends_non_zero_naming_the_last_good_save(tmp_path):
    """A small real filesystem (tmpfs, as root) fills up during the game."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; the unwritable-folder test covers the message")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(disk)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        result = wargame(
            "play",
            "balakot-2019",
            "--headless",
            "--seed",
            "2",
            "--saves",
            str(disk),
            *[f"--seat={t}=bot:historical" for t in ("india", "pakistan", "china", "usa")],
        )
        assert result.returncode == 1, result.stdout[-500:] + result.stderr
        no_traceback(result)
        assert "its latest state is not saved" in result.stderr
        assert "the last good save is" in result.stderr
        assert not list(disk.glob(".*.tmp"))
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)
