"""Worker processes for a local batch: `ordered_map(fn, items, jobs)` runs `fn` on each item in
`jobs` forked processes and yields the results in item order.

A lean stand-in for `multiprocessing.Pool.imap`, for a parent that shares two cores with its
workers: no helper threads (the pool's worker-handler thread wakes on every result and spun
for ~50 ms of CPU per 1,000-game batch, measured), the parent sleeps in one `wait` on the
workers' pipes and does nothing else while they play; each worker is kept `AHEAD` items ahead
so it never waits for the parent between chunks. Workers are forked after the caller has built
what they need, so they start on their first game at once, and the parent's objects are frozen
for the fork (`gc.freeze`) so the workers' collections never walk them (and never copy their pages).

Workers ignore Ctrl-C (the parent decides: the batch stops after the chunk in hand, see
`runner.simulate`); closing the generator early, or an error, ends the workers at once. An
exception raised by `fn` is raised again in the parent; a worker that dies is an error, not a hang."""

from __future__ import annotations

import gc
import signal
import traceback
from collections.abc import Callable, Iterator
from contextlib import suppress
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

AHEAD = 2
"""Items sent to a worker before it has answered: the next is already waiting in its pipe when
it sends a result (the pipe's buffer holds them; an item is a few bytes)."""


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
        return
    import multiprocessing as mp
    from multiprocessing.connection import wait

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    workers: list[Any] = []
    pipes: list[Any] = []
    finished = False
    try:
        with _sigint_blocked(), _frozen_heap():
            for _ in range(max(1, min(jobs, len(items)))):
                here, there = ctx.Pipe()
                process = ctx.Process(target=_serve, args=(there, fn), daemon=True)
                process.start()
                there.close()
                workers.append(process)
                pipes.append(here)
        todo = iter(enumerate(items))
        busy = dict.fromkeys(pipes, 0)
        for pipe in pipes:
            for _ in range(AHEAD):
                _send_next(pipe, todo, busy)
        done: dict[int, R] = {}
        last = len(items) - 1
        for index in range(len(items)):
            while index not in done:
                for pipe in wait([p for p, n in busy.items() if n]):
                    try:
                        at, ok, value = pipe.recv()
                    except (EOFError, OSError):
                        raise WorkerDied("a worker process ended unexpectedly") from None
                    busy[pipe] -= 1
                    if not ok:
                        error, where = value
                        raise error from RemoteTraceback(where)
                    done[at] = value
                    _send_next(pipe, todo, busy)
            if index == last:
                finished = True
                for pipe in pipes:  # no more work: each worker leaves its loop and exits while we go on
                    with suppress(OSError):  # (one that died since is reaped below)
                        pipe.send(None)
            yield done.pop(index)
    finally:
        for process in workers:
            process.join(EXIT_WAIT if finished else 0)
            if process.is_alive():  # stopped early (Ctrl-C, an error) or stuck: ended at once
                process.terminate()
                process.join()
        for pipe in pipes:
            pipe.close()


def _send_next(pipe: Any, todo: Iterator[tuple[int, T]], busy: dict[Any, int]) -> None:
    job = next(todo, None)
    if job is not None:
        try:
            pipe.send(job)
        except OSError:
            raise WorkerDied("a worker process ended unexpectedly") from None
        busy[pipe] += 1


def _serve(pipe: Any, fn: Callable[[Any], Any]) -> None:
    """A worker's loop: answer (index, ok, result or exception) for every (index, item) until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a Ctrl-C pending since the fork is dropped
    while True:
        try:
            job = pipe.recv()
        except EOFError:  # the parent is gone
            return
        if job is None:
            return
        index, item = job
        try:
            answer = (index, True, fn(item))
        except Exception as exc:
            answer = (index, False, (exc, traceback.format_exc()))
        try:
            pipe.send(answer)
        except Exception as exc:  # an answer that cannot be pickled: say so rather than hang the parent
            pipe.send((index, False, (RuntimeError(f"a worker's result could not be sent back: {exc!r}"), "")))


class _sigint_blocked:
    """Ctrl-C held back in the parent while it forks, so that a worker never sees one before it
    has set it to be ignored; the parent receives it as soon as the workers exist."""

    def __enter__(self) -> None:
        self.mask = hasattr(signal, "pthread_sigmask")
        if self.mask:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})

    def __exit__(self, *exc: object) -> None:
        if self.mask:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _frozen_heap:
    """The parent's objects moved out of the collector's reach while the workers fork (they
    inherit them frozen: their collections never touch the card, the compiled tables or the
    libraries, so those pages stay shared); given back to the parent's collector afterwards."""

    def __enter__(self) -> None:
        self.ours = gc.get_freeze_count() == 0  # objects frozen by someone else stay frozen
        if self.ours:
            gc.freeze()

    def __exit__(self, *exc: object) -> None:
        if self.ours:
            gc.unfreeze()
