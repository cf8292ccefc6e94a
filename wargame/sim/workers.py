"""Worker processes for a local batch: `ordered_map(fn, items, jobs)` runs `fn` on each item in
`jobs` worker processes and yields the results in item order.

A lean stand-in for `multiprocessing.Pool.imap`, for a parent that shares the cores with its
workers. Measured on the 2-core machine: importing and starting a `multiprocessing` pool and
getting its first answers took ~24 ms against ~17 ms here (a 1,000-game batch on two workers is
~400 ms with the batch engine), and the pool's worker-handler thread woke on every result, ~50 ms
of the parent's CPU per batch. Here the parent forks the workers itself (on POSIX; elsewhere
`multiprocessing` spawns them), talks to each over a `multiprocessing.connection` pipe, and sleeps
in one `wait` while they play; each worker is kept `AHEAD` items ahead, so it never waits for the
parent between items. Workers are forked
after the caller has built what they need (they start on their first game at once), with the
parent's objects frozen (`gc.freeze`) so that the workers' collections never walk them.

Workers ignore Ctrl-C (the parent decides: the batch stops after the chunk in hand, see
`runner.simulate`); closing the generator early, or an error, ends the workers at once. An
exception raised by `fn` is raised again in the parent with the worker's traceback as its cause;
a worker that dies is an error (`WorkerDied`), not a hang."""

from __future__ import annotations

import gc
import os
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 2
"""Items sent to a worker before it has answered: the next one is already waiting when it sends a
result (a socket's buffer holds them easily; an item is a few bytes)."""
EXIT_WAIT = 5.0
"""Seconds a worker is given to exit once the work is done, before it is ended."""


class RemoteTraceback(Exception):
    """The traceback of an exception raised in a worker (shown as the cause of the one raised again)."""

    def __str__(self) -> str:
        return f"\n{self.args[0]}" if self.args and self.args[0] else ""


class WorkerDied(RuntimeError):
    """A worker process ended without answering (killed, or out of memory)."""


def ordered_map(fn: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    """`fn(item)` for every item, computed in `jobs` worker processes, yielded in item order."""
    if not items:
        return iter(())
    if hasattr(os, "fork"):
        return _forked(fn, items, max(1, min(jobs, len(items))))
    return _spawned(fn, items, jobs)


class _Worker:
    """A forked worker: its process id, the parent's end of its connection, and how many items it holds."""

    def __init__(self, fn: Callable[[Any], Any], others: list[_Worker]) -> None:
        from multiprocessing.connection import Pipe

        here, there = Pipe()
        try:
            pid = os.fork()
        except OSError:
            here.close()
            there.close()
            raise
        if pid == 0:  # the worker: it never returns from here
            code = 1
            try:
                here.close()
                for other in others:
                    other.conn.close()
                _serve(there, fn)
                code = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(code)
        there.close()
        self.pid = pid
        self.conn = here
        self.busy = 0


def _forked(fn: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    from multiprocessing.connection import wait  # here, not at the top: a batch on one core never needs it

    workers: list[_Worker] = []
    finished = False
    try:
        with _sigint_blocked(), _frozen_heap():
            for _ in range(jobs):
                workers.append(_Worker(fn, workers))
        todo = iter(enumerate(items))
        by_conn = {w.conn: w for w in workers}
        for w in workers:
            for _ in range(AHEAD):
                _send_next(w, todo)
        done: dict[int, R] = {}
        last = len(items) - 1
        for index in range(len(items)):
            while index not in done:
                for conn in wait(list(by_conn)):
                    w = by_conn[conn]
                    at, ok, value = _receive(w.conn)
                    w.busy -= 1
                    if not ok:
                        error, where = value
                        raise error from RemoteTraceback(where)
                    done[at] = value
                    _send_next(w, todo)
            if index == last:
                finished = True
                for w in workers:  # no more work: each worker leaves its loop and exits while we go on
                    with suppress(OSError):  # (one that died since is reaped below)
                        w.conn.send(None)
            yield done.pop(index)
    finally:
        _end(workers, EXIT_WAIT if finished else 0.0)


def _end(workers: list[_Worker], grace: float) -> None:
    """Wait up to `grace` seconds for each worker to exit (its connection closes), end it otherwise; reap it."""
    for w in workers:
        exited = False
        if grace > 0:
            with suppress(OSError):
                exited = w.conn.poll(grace)  # readable: nothing more is sent, so it is the end of the stream
        if not exited:
            with suppress(ProcessLookupError):
                os.kill(w.pid, signal.SIGTERM)
        with suppress(ChildProcessError):
            os.waitpid(w.pid, 0)
        w.conn.close()


def _send_next(w: _Worker, todo: Iterator[tuple[int, Any]]) -> None:
    job = next(todo, None)
    if job is not None:
        try:
            w.conn.send(job)
        except OSError:
            raise WorkerDied("a worker process ended unexpectedly (killed, or out of memory)") from None
        w.busy += 1


def _receive(conn: Connection) -> Any:
    try:
        return conn.recv()
    except (EOFError, OSError):
        raise WorkerDied("a worker process ended unexpectedly (killed, or out of memory)") from None


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """A worker's loop: answer (index, ok, result or (exception, traceback)) for every (index, item) until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C pending since the fork is dropped
    while True:
        try:
            job = _receive(conn)
        except WorkerDied:  # the parent is gone
            return
        if job is None:
            return
        index, item = job
        try:
            answer = (index, True, fn(item))
        except Exception as exc:
            answer = (index, False, (exc, traceback.format_exc()))
        try:
            conn.send(answer)
        except (OSError, EOFError):  # the parent is gone
            return
        except Exception as exc:  # an answer that cannot be sent back: say so rather than leave the parent waiting
            conn.send((index, False, (RuntimeError(f"a worker's result could not be sent back: {exc!r}"), "")))


def _spawned(fn: Callable[[T], R], items: list[T], jobs: int) -> Iterator[R]:
    """Where processes cannot be forked: `multiprocessing` spawns the workers (each loads the card)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(jobs, multiprocessing.get_context("spawn"), initializer=_ignore_sigint)
    try:
        yield from pool.map(fn, items)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class _sigint_blocked:
    """Ctrl-C held back in the parent while it forks, so that a worker never sees one before it
    has set it to be ignored; the parent receives it as soon as the workers exist."""

    def __enter__(self) -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _frozen_heap:
    """The parent's objects moved out of the collector's reach while the workers fork (they
    inherit them frozen: their collections never walk the card, the compiled tables or the
    libraries); given back to the parent's collector afterwards."""

    def __enter__(self) -> None:
        self.ours = gc.get_freeze_count() == 0  # objects frozen by someone else stay frozen
        if self.ours:
            gc.freeze()

    def __exit__(self, *exc: object) -> None:
        if self.ours:
            gc.unfreeze()
