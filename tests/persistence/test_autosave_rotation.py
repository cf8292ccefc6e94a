"""Autosave rotation recycles the oldest superseded autosave as the new file's temporary file (no deletion
on the way), never the newest, and never writes through a link."""

from __future__ import annotations

import os

from wargame.files.write import atomic_write
from wargame.persistence.autosave import Autosaver


def test_the_oldest_superseded_file_becomes_the_new_one(tmp_path):
    old = tmp_path / "old.json"
    old.write_bytes(b"x" * 5000)
    inode = old.stat().st_ino
    atomic_write(tmp_path / "new.json", b"short", recycle=old)
    assert not old.exists() and (tmp_path / "new.json").read_bytes() == b"short"
    assert (tmp_path / "new.json").stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.json"]


def test_rotation_keeps_the_newest_whole(tmp_path):
    def payload(i: int) -> bytes:  # shorter and shorter: a recycled file is cut to its new length
        return f"[{i}]".encode() * (30 - i)

    saver = Autosaver(tmp_path, "g", keep=3)
    written = [saver.save_bytes(payload(i)) for i in range(1, 11)]
    assert saver.existing() == written[-3:]
    assert [p.read_bytes() for p in saver.existing()] == [payload(i) for i in (8, 9, 10)]
    assert not list(tmp_path.glob(".*.tmp"))


def test_keep_one_replaces_the_only_save_only_after_the_new_one_is_written(tmp_path):
    saver = Autosaver(tmp_path, "g", keep=1)
    first = saver.save_bytes(b"1")
    inode = first.stat().st_ino
    second = saver.save_bytes(b"2")
    assert saver.existing() == [second] and second.read_bytes() == b"2"
    assert second.stat().st_ino != inode  # a new file: the newest is never recycled


def test_a_planted_link_or_second_name_is_never_written_through(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    saves = tmp_path / "saves"
    saves.mkdir()
    (saves / "g.autosave-0001.json").symlink_to(victim)
    os.link(victim, saves / "g.autosave-0002.json")
    for n in (3, 4):
        (saves / f"g.autosave-{n:04d}.json").write_bytes(b"{}")
    saver = Autosaver(saves, "g", keep=2)
    saver.save_bytes(b'{"new":1}')
    saver.save_bytes(b'{"new":2}')
    assert victim.read_bytes() == b"precious"
    assert [p.name for p in saver.existing()] == ["g.autosave-0005.json", "g.autosave-0006.json"]
    assert all(not p.is_symlink() and p.stat().st_nlink == 1 for p in saver.existing())
    assert not list(saves.glob(".*.tmp"))


def test_keep_zero_deletes_nothing(tmp_path):
    saver = Autosaver(tmp_path, "g", keep=0)
    for _ in range(4):
        saver.save_bytes(b"{}")
    assert len(saver.existing()) == 4


def test_a_planted_folder_is_left_alone(tmp_path):
    (tmp_path / "g.autosave-0001.json").mkdir()
    saver = Autosaver(tmp_path, "g", keep=1)
    saver.save_bytes(b"{}")
    assert (tmp_path / "g.autosave-0001.json").is_dir() and not list(tmp_path.glob(".*.tmp"))
