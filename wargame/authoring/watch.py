"""`wargame validate --watch`: re-check files whenever one of them (or a rulebook they use) changes.

Polls modification times (no extra dependency, works on every filesystem); a change is seen within
one polling interval and the check itself takes milliseconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

Stamp = tuple[int, int] | None


def _stamp(path: Path) -> Stamp:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def watch(
    check: Callable[[], Iterable[Path]],
    interval: float = 0.1,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Run `check` (which returns the files it read), then again whenever one of those files changes.
    `rounds` bounds the number of polls (None: until interrupted)."""
    files = list(check())
    stamps = {f: _stamp(f) for f in files}
    polls = 0
    while rounds is None or polls < rounds:
        sleep(interval)
        polls += 1
        if any(_stamp(f) != s for f, s in stamps.items()):
            files = list(check())
            stamps = {f: _stamp(f) for f in files}
