"""What kind of file a `stat` mode describes: the one classification both file gates use.

`read` and `write` refuse everything but regular files, each in its own words; they word their
refusals by the `FileKind` this module names, so the two gates can never classify a path differently.
"""

from __future__ import annotations

import enum
import stat

__all__ = ["FileKind", "file_kind", "refusal"]


class FileKind(enum.Enum):
    REGULAR = "regular file"
    FOLDER = "folder"
    FIFO = "pipe (FIFO)"
    DEVICE = "device"
    SOCKET = "socket"
    LINK = "symbolic link"
    OTHER = "not a regular file"


def file_kind(mode: int) -> FileKind:
    """The kind of file `mode` (from `os.stat` or `os.lstat`) describes; block and character devices are both DEVICE."""
    if stat.S_ISREG(mode):
        return FileKind.REGULAR
    if stat.S_ISDIR(mode):
        return FileKind.FOLDER
    if stat.S_ISFIFO(mode):
        return FileKind.FIFO
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return FileKind.DEVICE
    if stat.S_ISSOCK(mode):
        return FileKind.SOCKET
    if stat.S_ISLNK(mode):
        return FileKind.LINK
    return FileKind.OTHER


def refusal(mode: int, reasons: dict[FileKind, str]) -> str | None:
    """Why a gate refuses a file of this mode, in that gate's words (`reasons`); None for a regular file."""
    kind = file_kind(mode)
    if kind is FileKind.REGULAR:
        return None
    return reasons.get(kind, "is not a regular file")
