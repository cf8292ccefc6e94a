"""`simulate --cluster tcp://HOST:PORT`: the chunks of a batch run on an existing Dask
distributed cluster (`dask scheduler` + `dask worker`s; the optional extra `wargame[cluster]`).

Each chunk is `runner.run_chunk(spec, bounds)`, exactly as in a local run; the card and rulebook
travel with the spec (workers need wargame installed, not this machine's files), and results are
taken back in chunk order, so the report equals the local one for the same seeds."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from typing import Any

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario import yamlsafe
from wargame.scenario.loader import LoadedScenario
from wargame.sim.runner import BatchSpec, ChunkResult, run_chunk

CONNECT_TIMEOUT = "10s"


class ClusterError(Exception):
    """The cluster cannot be used; the message says why."""


def shipped_files(scenario: LoadedScenario) -> tuple[tuple[str, bytes], ...]:
    """The card and its rulebook as bytes, named as a worker lays them out."""
    try:
        return (
            (f"scenarios/{scenario.path.name}", read_bytes(scenario.path, yamlsafe.MAX_BYTES)),
            (f"rules/{scenario.rulebook.path.name}", read_bytes(scenario.rulebook.path, yamlsafe.MAX_BYTES)),
        )
    except FileRefused as exc:
        raise ClusterError(str(exc)) from None


class ClusterExecutor:
    """Runs a batch's chunks on a Dask scheduler; `close()` disconnects."""

    def __init__(self, address: str, scenario: LoadedScenario) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError("needs Dask distributed: pip install 'wargame[cluster]'") from None
        if not address.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
            raise ClusterError(f"{address}: give the scheduler's address, e.g. tcp://127.0.0.1:8786")
        self.files = shipped_files(scenario)
        try:
            self.client: Any = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"{address}: cannot reach the scheduler ({exc})") from None
        self.workers = len(self.client.scheduler_info().get("workers", {}))

    def __call__(self, spec: BatchSpec, parts: list[tuple[int, int]]) -> Iterator[ChunkResult]:
        spec = dataclasses.replace(spec, files=self.files)
        futures = self.client.map(run_chunk, [spec] * len(parts), parts, pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            self.client.cancel([f for f in futures if not f.done()])

    def close(self) -> None:
        self.client.close()


def cluster_executor(address: str, scenario: LoadedScenario) -> ClusterExecutor:
    return ClusterExecutor(address, scenario)
