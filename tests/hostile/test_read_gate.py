"""Defect 3: every command that takes a file reads regular files only, bounded, without blocking."""

from __future__ import annotations

import json
import os

import pytest

from tests.hostile.helpers import finished_save, no_traceback, wargame
from wargame.files.read import FileRefused, read_bytes, read_text
from wargame.persistence.listing import saved_games


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "{f}"),
        ("simulate", "{f}", "-n", "1"),
        ("report", "{f}"),
        ("replay", "{f}"),
        ("play", "--resume", "{f}", "--headless"),
        ("play", "scenarios/tutorial.yaml", "--headless", "--orders", "{f}"),
    ],
    ids=lambda a: " ".join(a[:2]),
)
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_commands_refuse_fifos_devices_and_folders_without_blocking(tmp_path, fifo, args, kind):
    target = {"fifo": str(fifo), "device": "/dev/zero", "folder": str(tmp_path)}[kind]
    result = wargame(*(a.replace("{f}", target) for a in args), timeout=30)
    assert result.returncode == 1, result.stdout + result.stderr
    no_traceback(result)
    words = {"fifo": ("pipe",), "device": ("device",), "folder": ("folder", "directory")}[kind]
    assert any(w in result.stdout + result.stderr for w in words), result.stdout + result.stderr


def test_oversize_files_are_refused_before_reading(tmp_path):
    sparse = tmp_path / "orders.yaml"
    with open(sparse, "wb") as f:
        f.truncate(3 * 1024**3)  # 3 GB, no disk used
    result = wargame(
        "play", "scenarios/tutorial.yaml", "--headless", "--orders", str(sparse), "--saves", str(tmp_path / "s")
    )
    assert result.returncode == 1 and "the limit is" in result.stderr
    with pytest.raises(FileRefused, match="the limit is"):
        read_bytes(sparse, 1024)


def test_text_must_be_utf8_with_a_position(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"ok: 1\nno: \xff\n")
    with pytest.raises(FileRefused) as exc:
        read_text(bad, 1024)
    assert (exc.value.line, exc.value.col) == (2, 5)


def test_a_symlink_to_a_device_is_refused(tmp_path):
    link = tmp_path / "card.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(FileRefused, match="device"):
        read_bytes(link, 1024)


def test_home_screen_scan_survives_hostile_save_folders(tmp_path):
    good = finished_save(tmp_path / "real")
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / good.name).write_bytes(good.read_bytes())
    os.mkfifo(folder / "fifo.autosave-0001.json")
    (folder / "dir.autosave-0001.json").mkdir()
    (folder / "list.autosave-0001.json").write_text("[1, 2, 3]")
    (folder / "deep.autosave-0001.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "cardless.autosave-0001.json").write_text(json.dumps({"card": 5}))
    (folder / "dangling.autosave-0001.json").symlink_to(tmp_path / "missing")
    games = dict((p.name, label) for p, label in saved_games(folder))
    assert "fifo.autosave-0001.json" not in games and "dir.autosave-0001.json" not in games
    assert games["list.autosave-0001.json"].startswith("list (unreadable")
    assert games["deep.autosave-0001.json"].startswith("deep (unreadable")
    assert games["cardless.autosave-0001.json"].startswith("cardless (unreadable")
    assert "tutorial · seed 1" in games[good.name]
