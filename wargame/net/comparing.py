"""The debrief's comparison with simulated games, played in a worker process.

When a game ends the debrief places it among 200 bot games from the same start: about half a
second of CPU the first time for a card and seats. On the server's event loop that would hold
up every request and update behind it; in a worker process the loop goes on serving, and the
comparison follows the debrief when it is ready. The games are the session's own job (the same
function as in-process, so the same counts)."""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any


def _ignore_interrupts() -> None:
    """In the worker: Ctrl-C in the terminal reaches the whole process group; the server stops
    the worker itself (`Comparer.close`), so the worker leaves the signal to the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class Comparer:
    """One worker process, started when a comparison is first needed and kept for the next."""

    def __init__(self, log: Callable[[str], None] = lambda _line: None) -> None:
        self.log = log
        self._pool: ProcessPoolExecutor | None = None

    async def play(self, job: Callable[[], Any]) -> Any | None:
        """What `job()` returns, computed in the worker process; None if the worker could not
        run it (no process could be started, or it died): the caller then plays it itself."""
        try:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_ignore_interrupts,
                )
            return await asyncio.get_running_loop().run_in_executor(self._pool, job)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise  # the server is stopping
            return None  # the job was cancelled with the pool (after another job failed): play it here
        except Exception as exc:  # e.g. BrokenProcessPool, OSError; ValueError when stderr has no file; in a daemon
            self.log(f"the debrief's simulated games could not run in a worker process ({exc}); playing them here")
            await self.close()
            return None

    async def close(self) -> None:
        """Stop the worker process (after the games it is playing, if any: under a second).
        Waited for here, off the loop: a pool left to the interpreter's exit can hang it."""
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
