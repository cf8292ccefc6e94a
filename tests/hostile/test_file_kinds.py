"""The read and write gates classify a path the same way (one `file_kind`), each in its own words."""

from __future__ import annotations

import os
import socket
import stat

import pytest

from wargame.files.kinds import FileKind, file_kind
from wargame.files.read import FileRefused, read_bytes
from wargame.files.write import OutputRefused, plan_output


@pytest.fixture
def paths(tmp_path):
    (tmp_path / "file").write_text("x")
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "link").symlink_to(tmp_path / "file")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "sock"))
    yield tmp_path
    sock.close()


def test_every_kind_is_named(paths):
    kinds = {name: file_kind(os.lstat(paths / name).st_mode) for name in ("file", "folder", "fifo", "link", "sock")}
    assert kinds == {
        "file": FileKind.REGULAR,
        "folder": FileKind.FOLDER,
        "fifo": FileKind.FIFO,
        "link": FileKind.LINK,
        "sock": FileKind.SOCKET,
    }
    assert file_kind(stat.S_IFCHR | 0o666) is file_kind(stat.S_IFBLK | 0o660) is FileKind.DEVICE


@pytest.mark.parametrize(
    ("name", "read_reason", "write_reason"),
    [
        ("folder", "is a folder, not a file", "is a folder; give a file name"),
        (
            "fifo",
            "is a pipe (FIFO), not a regular file",
            "is a pipe (FIFO); give a regular file, or - for standard output",
        ),
        ("sock", "is a socket, not a regular file", "is a socket; give a regular file"),
    ],
)
def test_both_gates_refuse_the_same_kinds_in_their_own_words(paths, name, read_reason, write_reason):
    with pytest.raises(FileRefused) as read:
        read_bytes(paths / name, 1000)
    with pytest.raises(OutputRefused) as write:
        plan_output(paths / name)
    assert (read.value.reason, write.value.reason) == (read_reason, write_reason)


def test_both_gates_accept_a_regular_file_and_a_link_to_one(paths):
    for name in ("file", "link"):
        assert read_bytes(paths / name, 1000) == b"x"
        assert plan_output(paths / name).path == (paths / "file")
