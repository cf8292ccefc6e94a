"""The worker processes of a local batch (`sim.workers.ordered_map`) and how a batch is cut into
chunks (`runner.chunks`): results in order whatever the workers' speed, errors raised in the
parent with the worker's traceback, a dead worker an error rather than a hang, and no worker
left behind when the batch stops early."""

from __future__ import annotations

import itertools
import os
import time

import pytest

from wargame.sim.runner import MAX_CHUNK, MIN_CHUNK, chunks
from wargame.sim.workers import RemoteTraceback, WorkerDied, _spawned, ordered_map


def slow_for_small(x: int) -> tuple[int, int]:
    time.sleep(0.02 if x % 3 == 0 else 0.0)  # some items take longer, so answers come back out of order
    return x * x, os.getpid()


def fails_on_five(x: int) -> int:
    if x == 5:
        raise ValueError(f"item {x} refused")
    return x


def dies_on_three(x: int) -> int:
    if x == 3:
        os._exit(3)
    return x


def pid_of_worker(x: int) -> int:
    return os.getpid()


def test_results_come_in_item_order_from_several_workers():
    got = list(ordered_map(slow_for_small, list(range(40)), 2))
    assert [square for square, _ in got] == [x * x for x in range(40)]
    pids = {pid for _, pid in got}
    assert len(pids) == 2 and os.getpid() not in pids


def test_fewer_items_than_workers_and_no_items():
    assert [sq for sq, _ in ordered_map(slow_for_small, [4], 8)] == [16]
    assert list(ordered_map(slow_for_small, [], 2)) == []


def test_an_error_in_a_worker_is_raised_in_the_parent_with_its_traceback():
    with pytest.raises(ValueError, match="item 5 refused") as caught:
        list(ordered_map(fails_on_five, list(range(10)), 2))
    cause = caught.value.__cause__
    assert isinstance(cause, RemoteTraceback) and "fails_on_five" in str(cause)


def test_a_worker_that_dies_is_an_error_not_a_hang():
    with pytest.raises(WorkerDied):
        list(ordered_map(dies_on_three, list(range(10)), 2))


def test_stopping_early_leaves_no_worker_behind():
    stream = ordered_map(pid_of_worker, list(range(1000)), 2)
    first = next(stream)
    stream.close()
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)


def test_workers_exit_once_the_work_is_done():
    pids = {pid for _, pid in ordered_map(slow_for_small, list(range(6)), 2)}
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_where_processes_cannot_fork_they_are_spawned_with_the_same_results():
    got = list(_spawned(slow_for_small, list(range(12)), 2))
    assert [square for square, _ in got] == [x * x for x in range(12)]
    with pytest.raises(ValueError, match="item 5 refused"):
        list(_spawned(fails_on_five, list(range(10)), 2))


@pytest.mark.parametrize("n", [1, 3, 10, 120, 1000, 12_345, 1_000_000])
@pytest.mark.parametrize("jobs", [1, 2, 7])
def test_chunks_cover_every_seed_once_in_order_and_shrink_towards_the_end(n: int, jobs: int):
    parts = chunks(100, n, jobs)
    assert parts[0][0] == 100 and parts[-1][1] == 100 + n
    assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
    sizes = [b - a for a, b in parts]
    assert all(0 < s <= MAX_CHUNK for s in sizes)
    assert all(s >= MIN_CHUNK for s in sizes[:-1])
    assert sizes[:-1] == sorted(sizes[:-1], reverse=True)
    assert len(parts) <= n // MAX_CHUNK + 8 * jobs * 4  # a few dozen results per worker, not one per game
