"""The one gate every output file goes through (`report -o`, `simulate --json`, …).

`plan_output` checks a target BEFORE any work is done, so a long batch is never lost to a bad path:
`-` means standard output; otherwise the target must be a regular file or not exist yet in an existing,
writable folder. Devices, FIFOs, sockets and folders are refused by type (never opened), as is any of
the command's input files. A symlink the user named is followed only when it points to a regular file,
and then the file it points to is replaced, never the link. `write_output` writes atomically (a
temporary file in the same folder, fsync, rename), so a failed write (full disk, killed process) leaves
the old file whole and no temporary file behind. Every problem is an `OutputRefused` with a reason.

`atomic_write` is wargame's one atomic file writer: saves, autosaves, reports and output files all use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from wargame.files.kinds import FileKind, file_kind, refusal

__all__ = [
    "STDOUT",
    "Output",
    "OutputRefused",
    "OutputStream",
    "atomic_write",
    "commit_temp",
    "open_temp",
    "plan_output",
    "refusal_for_mode",
    "write_all",
    "write_output",
]

STDOUT = "-"


class OutputRefused(Exception):
    """An output target that cannot or may not be written; `reason` says why."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"{target}: {reason}")
        self.target = target
        self.reason = reason


@dataclass(frozen=True)
class Output:
    """A checked output target: `path` is None for standard output, else the real file to replace."""

    shown: str
    path: Path | None
    mode: int = 0o644


_REFUSALS = {
    FileKind.FOLDER: "is a folder; give a file name",
    FileKind.FIFO: "is a pipe (FIFO); give a regular file, or - for standard output",
    FileKind.DEVICE: "is a device; give a regular file, or - for standard output",
    FileKind.SOCKET: "is a socket; give a regular file",
}


def refusal_for_mode(mode: int) -> str | None:
    """Why a file of this type may not be written over (None for a regular file)."""
    return refusal(mode, _REFUSALS)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device (nothing was written)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if exc.errno == errno.EROFS:
        return "read-only file system"
    if exc.errno == errno.ENOENT:
        return "its folder does not exist"
    return exc.strerror or str(exc)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def plan_output(target: str | Path, inputs: Iterable[Path] = ()) -> Output:
    """Check `target` before any work; raise OutputRefused with the reason."""
    shown = str(target)
    if shown == STDOUT:
        return Output(shown, None)
    if not shown or "\0" in shown:
        raise OutputRefused(shown, "not a valid file name")
    path = Path(shown)
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except OSError as exc:
        raise OutputRefused(shown, _reason(exc)) from None
    mode = 0o644
    if link is not None:
        try:
            st = os.stat(path)  # follows a symlink the user named
        except OSError:
            raise OutputRefused(shown, "is a symbolic link to nothing; give a regular file") from None
        refusal = refusal_for_mode(st.st_mode)
        if refusal:
            target_of = " (through a symbolic link)" if file_kind(link.st_mode) is FileKind.LINK else ""
            raise OutputRefused(shown, refusal + target_of)
        if (st.st_dev, st.st_ino) in {i for i in map(_identity, inputs) if i is not None}:
            raise OutputRefused(shown, "is an input of this command; it would be overwritten — give another file")
        path = path.resolve() if file_kind(link.st_mode) is FileKind.LINK else path
        mode = stat.S_IMODE(st.st_mode)
        if not os.access(path, os.W_OK):
            raise OutputRefused(shown, "permission denied")
    folder = path.parent
    try:
        folder_mode = os.stat(folder).st_mode
    except OSError as exc:
        reason = "its folder does not exist" if exc.errno == errno.ENOENT else _reason(exc)
        raise OutputRefused(shown, reason) from None
    if file_kind(folder_mode) is not FileKind.FOLDER:
        raise OutputRefused(shown, f"{folder} is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputRefused(shown, f"cannot create files in {folder} (permission denied)")
    return Output(shown, path, mode)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int = 0o644,
    sync_folder: bool = False,
    before_replace: Callable[[], None] | None = None,
    recycle: Path | None = None,
) -> None:
    """Replace `path` by `data` so that it always holds either the old or the new content.

    The bytes go to a temporary file in the same folder, which is flushed (fsync) and renamed over
    `path`; with `sync_folder` the folder is fsynced too, so the rename itself survives a power cut.
    `before_replace` runs just before the rename and may raise to stop it. On any failure the temporary
    file is removed and the exception (an OSError for the disk's own errors) goes to the caller.

    `recycle` names a file in the same folder that the caller was going to delete: if it is a plain
    regular file (not a link, no other name), it is renamed to the temporary name and overwritten, which
    costs the disk far less than creating a new file and deleting the old one (no blocks freed or
    allocated); the rename is made durable (folder fsync) before anything is overwritten. It is gone
    afterwards, also when the write fails."""
    fd, tmp, recycled = open_temp(path, mode, recycle)
    try:
        write_all(fd, data)
        if recycled:
            os.ftruncate(fd, len(data))  # the old content may have been longer
    except BaseException:
        _close_and_remove(fd, tmp)
        raise
    commit_temp(fd, tmp, path, sync_folder=sync_folder, before_replace=before_replace)


def open_temp(path: Path, mode: int = 0o644, recycle: Path | None = None) -> tuple[int, Path, bool]:
    """A temporary file next to `path` (`.<name>.<random>.tmp`), opened for writing at its start:
    (fd, its path, whether it is the `recycle` file renamed rather than a new, empty file)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    if recycle is not None:
        fd = _take_over(recycle, tmp)
        if fd is not None:
            return fd, tmp, True
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
    return fd, tmp, False


def _take_over(old: Path, tmp: Path) -> int | None:
    """`old` renamed to `tmp` and opened for writing, if it is a regular file with no other name; else
    None (and `old` is left alone, or removed if it was swapped after the check and cannot be used)."""
    try:
        st = os.lstat(old)
        if file_kind(st.st_mode) is not FileKind.REGULAR or st.st_nlink != 1:
            return None
        os.rename(old, tmp)
    except OSError:
        return None
    # the rename must be on disk before the old file's blocks are overwritten: otherwise a power cut
    # could leave new, torn bytes under the old autosave's own name
    sync_folder_of(tmp)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:  # a symbolic link (O_NOFOLLOW), a FIFO with no reader, …
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return None
    st = os.fstat(fd)
    if file_kind(st.st_mode) is FileKind.REGULAR and st.st_nlink == 1:
        return fd
    _close_and_remove(fd, tmp)  # never write through another name of the same file
    return None


def write_all(fd: int, data: bytes) -> None:
    """All of `data` to `fd` (os.write may write less than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def commit_temp(
    fd: int,
    tmp: Path,
    path: Path,
    *,
    sync_folder: bool = False,
    before_replace: Callable[[], None] | None = None,
) -> None:
    """Flush and close `fd`, then rename `tmp` over `path`; on any failure `tmp` is removed."""
    try:
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync_folder:
        sync_folder_of(path)


def sync_folder_of(path: Path) -> None:
    """fsync the folder holding `path`, so a rename in it survives a power cut (where the platform can)."""
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _close_and_remove(fd: int, tmp: Path) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _still_writable(output: Output) -> Callable[[], None]:
    """A check that the target was not swapped for a folder, FIFO, device… since `plan_output`."""

    def check() -> None:
        assert output.path is not None
        st = os.lstat(output.path) if os.path.lexists(output.path) else None
        refusal = refusal_for_mode(st.st_mode) if st is not None else None
        if refusal:
            raise OutputRefused(output.shown, refusal)

    return check


def write_output(output: Output, data: str | bytes) -> None:
    """Write `data` to a checked target: standard output, or atomically replace the file."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output.path is None:
        sys.stdout.buffer.write(raw)
        sys.stdout.flush()
        return
    try:
        atomic_write(output.path, raw, mode=output.mode, before_replace=_still_writable(output))
    except OSError as exc:
        raise OutputRefused(output.shown, _reason(exc)) from None


class OutputStream:
    """A checked output target written piece by piece (rows of a long batch), then committed.

    The pieces go to a temporary file in the target's folder; `commit` fsyncs it and renames it
    over the target (so a reader never sees a half-written file under the target's name), and
    `discard` removes it. Standard output is written through directly. Use as a context manager:
    leaving the block normally, or by KeyboardInterrupt (the rows so far are kept), commits;
    any other exception discards."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self._fd: int | None = None
        self._tmp: Path | None = None
        if output.path is not None:
            try:
                self._fd, self._tmp, _ = open_temp(output.path, output.mode)
            except OSError as exc:
                raise OutputRefused(output.shown, _reason(exc)) from None

    def write(self, text: str) -> None:
        raw = text.encode("utf-8")
        if self._fd is None:
            sys.stdout.buffer.write(raw)
            return
        try:
            write_all(self._fd, raw)
        except OSError as exc:
            self.discard()
            raise OutputRefused(self.output.shown, _reason(exc)) from None

    def commit(self) -> None:
        if self._fd is None:
            if self.output.path is None:
                sys.stdout.flush()
            return
        fd, self._fd = self._fd, None
        tmp, self._tmp = self._tmp, None
        assert tmp is not None and self.output.path is not None
        try:
            commit_temp(fd, tmp, self.output.path, before_replace=_still_writable(self.output))
        except OSError as exc:
            raise OutputRefused(self.output.shown, _reason(exc)) from None

    def discard(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)

    def __enter__(self) -> OutputStream:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        if kind is None or issubclass(kind, KeyboardInterrupt):
            self.commit()
        else:
            self.discard()
