"""The one gate every file wargame reads goes through: cards, rulebooks, saves, orders files.

Regular files only, checked by type before anything is read (a FIFO is opened with O_NONBLOCK, so it can
never block; devices and folders are refused by `stat`), a size cap checked before reading and again
while reading (a file that grows, or lies about its size, is cut off), and UTF-8 checked for text.
Every refusal is a `FileRefused` with a short reason; callers add FILE:LINE:COL or their own wording.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from wargame.files.kinds import FileKind, refusal

__all__ = ["FileRefused", "check_regular", "read_bytes", "read_text"]


class FileRefused(Exception):
    """A file that cannot or may not be read; `reason` says why, in a few words."""

    def __init__(self, path: Path, reason: str, line: int = 1, col: int = 1) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.line = line
        self.col = col


_REFUSALS = {
    FileKind.FOLDER: "is a folder, not a file",
    FileKind.FIFO: "is a pipe (FIFO), not a regular file",
    FileKind.DEVICE: "is a device, not a regular file",
    FileKind.SOCKET: "is a socket, not a regular file",
}


def _refusal(mode: int) -> str | None:
    """Why a file of this type may not be read (None for a regular file)."""
    return refusal(mode, _REFUSALS)


def _why(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "too many levels of symbolic links"
    return f"cannot read file: {exc.strerror or exc}"


def check_regular(path: Path, limit: int) -> int:
    """The file's size, if `path` is a regular file of at most `limit` bytes (symlinks followed)."""
    try:
        st = os.stat(path)
    except OSError as exc:
        raise FileRefused(path, _why(exc)) from None
    except ValueError:  # a NUL byte in the name
        raise FileRefused(path, "the file name is not valid") from None
    refusal = _refusal(st.st_mode)
    if refusal:
        raise FileRefused(path, refusal)
    if st.st_size > limit:
        raise FileRefused(path, f"file is {st.st_size:,} bytes; the limit is {limit:,}")
    return st.st_size


def read_bytes(path: Path, limit: int) -> bytes:
    """All of a regular file's bytes, at most `limit` of them; FileRefused otherwise."""
    check_regular(path, limit)
    try:
        # O_NONBLOCK: if the file was swapped for a FIFO after the check, opening cannot hang
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileRefused(path, _why(exc)) from None
    try:
        st = os.fstat(fd)
        refusal = _refusal(st.st_mode)  # checked again on what was opened
        if refusal:
            raise FileRefused(path, refusal)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise FileRefused(path, f"file is more than {limit:,} bytes; the limit is {limit:,}")
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(path, _why(exc)) from None
    finally:
        os.close(fd)


def read_text(path: Path, limit: int) -> str:
    """A regular file's text: at most `limit` bytes of UTF-8 (a leading BOM is dropped)."""
    raw = read_bytes(path, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileRefused(path, "file is not valid UTF-8 text", line, col) from None
