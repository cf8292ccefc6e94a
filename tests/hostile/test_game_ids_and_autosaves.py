"""Defects 2, 7 and 8: game ids never escape the saves folder or act as globs; one writer per game;
a kill or a full disk never loses a save or leaves temporary files behind after the next start."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.hostile.helpers import finished_save
from wargame.persistence import autosave
from wargame.persistence.autosave import AutosaveFailed, Autosaver, GameLocked, is_game_id, new_game_id, safe_game_id
from wargame.persistence.format import parse_save
from wargame.scenario.loader import load_scenario

HOSTILE_IDS = ["../../x", "*", "/etc/passwd", "a\0b", "\x1b[2Jx", "", "A" * 300, "g.autosave-0001", "-x", "ü"]


@pytest.fixture(scope="module")
def payload(tmp_path_factory) -> bytes:
    """The bytes of a real finished save."""
    return finished_save(tmp_path_factory.mktemp("saves")).read_bytes()


@pytest.mark.parametrize("raw", HOSTILE_IDS, ids=repr)
def test_hostile_ids_become_safe_file_names_inside_the_folder(tmp_path, raw):
    saver = Autosaver(tmp_path, raw)
    assert is_game_id(saver.game_id)
    path = saver.save_bytes(b"{}")
    assert path.parent == tmp_path and path.name.startswith(saver.game_id + ".autosave-")
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == [path.name]


def test_rotation_only_touches_its_own_files(tmp_path):
    other = Autosaver(tmp_path, "other-game")
    for _ in range(3):
        other.save_bytes(b"{}")
    star = Autosaver(tmp_path, "*", keep=1)
    for _ in range(4):
        star.save_bytes(b"{}")
    assert len(other.existing()) == 3 and len(star.existing()) == 1
    prefix = Autosaver(tmp_path, "other", keep=1)  # a prefix of another game's id
    prefix.save_bytes(b"{}")
    prefix.save_bytes(b"{}")
    assert len(other.existing()) == 3


def test_two_games_in_the_same_second_get_different_ids():
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    now = dt.datetime(2026, 1, 1, 12, 0, 0)
    ids = {new_game_id(scenario, 1, now) for _ in range(50)}
    assert len(ids) == 50 and all(is_game_id(i) and i.startswith("tutorial-s1-20260101-120000-") for i in ids)
    assert is_game_id(new_game_id(scenario, -(10**5000), now)) and is_game_id(new_game_id(scenario, -5, now))


LOCKER = """
import sys, time
from pathlib import Path
from wargame.persistence.autosave import Autosaver
saver = Autosaver(Path(sys.argv[1]), "shared-game")
saver.save_bytes(b"{}")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_second_process_cannot_write_the_same_game(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"locked"
        second = Autosaver(tmp_path, "shared-game")
        with pytest.raises(GameLocked, match="another wargame process; continue it as a fork"):
            second.save_bytes(b"{}")
        with pytest.raises(GameLocked):
            second.acquire()
    finally:
        proc.kill()
        proc.wait()
    Autosaver(tmp_path, "shared-game").save_bytes(b"{}")  # free again once the writer is gone


WRITER = """
import sys
from pathlib import Path
from wargame.persistence.autosave import Autosaver
data = Path(sys.argv[2]).read_bytes()
saver = Autosaver(Path(sys.argv[1]), "crash-game", keep=3)
print("ready", flush=True)
while True:
    saver.save_bytes(data)
"""


def test_50_sigkills_during_autosave_lose_nothing_and_leave_no_tmp(tmp_path, payload):
    source = tmp_path / "payload.json"
    source.write_bytes(payload)
    folder = tmp_path / "saves"
    rng = random.Random(13)
    for _ in range(50):
        before = Autosaver(folder, "crash-game").existing() if folder.exists() else []
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(folder), str(source)], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.05))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # the next start cleans up; every save there is whole, and the newest is no older than before
        after = Autosaver(folder, "crash-game")
        assert not list(folder.glob(".*.tmp"))
        saves = after.existing()
        assert saves and all(p.read_bytes() == payload for p in saves)
        if before:
            assert saves[-1].name >= before[-1].name
    parse_save(saves[-1])


def _mount_tmpfs(path, size: str) -> bool:
    if os.geteuid() != 0:
        return False
    path.mkdir()
    return (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
        ).returncode
        == 0
    )


def _fill_until_full(saver: Autosaver, payload: bytes) -> AutosaveFailed:
    for _ in range(10_000):
        try:
            saver.save_bytes(payload)
        except AutosaveFailed as exc:
            return exc
    raise AssertionError("the disk never filled")


def test_10_runs_on_a_full_tmpfs(tmp_path, payload):
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "512k"):
        pytest.skip("cannot mount a tmpfs here (not root); the simulated ENOSPC test covers this")
    try:
        rng = random.Random(7)
        for run in range(10):
            folder = disk / f"run{run}"
            filler = disk / "filler"
            with contextlib.suppress(OSError):
                filler.write_bytes(b"x" * rng.randrange(0, 300_000))
            saver = Autosaver(folder, f"full-{run}", keep=1000)
            failure = _fill_until_full(saver, payload)
            assert failure.errno == errno.ENOSPC and "the disk is full" in str(failure)
            assert str(saver.last_saved) in str(failure) or saver.last_saved is None
            assert not list(folder.glob(".*.tmp"))
            assert all(p.read_bytes() == payload for p in saver.existing())
            for p in saver.existing():
                p.unlink()
            filler.unlink(missing_ok=True)
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)  # lazy: lock files may still be open


def test_simulated_enospc_is_loud_and_leaves_no_tmp(tmp_path, payload, monkeypatch):
    saver = Autosaver(tmp_path, "sim-full")
    first = saver.save_bytes(payload)
    real_write = os.write

    def full_disk(fd, data):
        real_write(fd, bytes(data)[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(autosave.os, "write", full_disk)
    for _ in range(10):
        with pytest.raises(AutosaveFailed, match=f"the disk is full; the last good save is {first}"):
            saver.save_bytes(payload)
    monkeypatch.undo()
    assert not list(tmp_path.glob(".*.tmp")) and saver.existing() == [first]
    assert first.read_bytes() == payload
    assert safe_game_id("sim-full") == "sim-full"
