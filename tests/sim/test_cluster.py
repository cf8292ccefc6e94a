"""`simulate --cluster`: a real `dask scheduler` and two real `dask worker` processes on loopback,
started and stopped here; the cluster's JSON equals the local JSON for the same seeds."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.sim.test_rows import BALAKOT, wargame

pytest.importorskip("distributed", reason="the cluster extra: pip install 'wargame[cluster]'")
TIMING = ("games_per_second", "jobs", "cpus")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dask() -> list[str]:
    exe = Path(sys.executable).with_name("dask")
    return [str(exe)] if exe.exists() else [shutil.which("dask") or "dask"]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = [open(tmp_path / name, "wb") for name in ("scheduler.log", "worker1.log", "worker2.log")]  # noqa: SIM115
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(
            subprocess.Popen(
                [*_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                cwd=tmp_path,
                env=env,
                stdout=logs[0],
                stderr=subprocess.STDOUT,
            )
        )
        for log in logs[1:]:
            procs.append(
                subprocess.Popen(
                    [*_dask(), "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard"],
                    cwd=tmp_path,  # not the checkout: the card travels with the batch
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        from distributed import Client

        deadline = time.monotonic() + 60
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    if len(client.scheduler_info()["workers"]) >= 2:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("the Dask cluster did not come up: " + (tmp_path / "scheduler.log").read_text())
            time.sleep(0.5)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in logs:
            log.close()
    assert all(p.poll() is not None for p in procs)


def test_cluster_json_equals_the_local_json(cluster: str, tmp_path: Path):
    local, remote, rows_local, rows_remote = (tmp_path / n for n in ("l.json", "r.json", "l.csv", "r.csv"))
    args = ["simulate", BALAKOT, "-n", "600", "--seed", "11", "--seat", "india=hawk", "--seat", "pakistan=quantal"]
    done = wargame(*args, "--jobs", "1", "--json", str(local), "--rows", str(rows_local))
    assert done.returncode == 0, done.stderr
    done = wargame(*args, "--cluster", cluster, "--json", str(remote), "--rows", str(rows_remote))
    assert done.returncode == 0, done.stderr
    assert f"cluster {cluster} (2 worker(s))" in done.stdout
    a, b = json.loads(local.read_text()), json.loads(remote.read_text())
    for key in TIMING:
        a.pop(key), b.pop(key)
    assert a == b
    assert rows_local.read_text() == rows_remote.read_text()


def test_an_unreachable_scheduler_is_a_clear_error():
    done = wargame("simulate", BALAKOT, "-n", "10", "--cluster", f"tcp://127.0.0.1:{_free_port()}", timeout=120)
    assert done.returncode == 1
    assert "error: --cluster" in done.stderr and "cannot reach the scheduler" in done.stderr
    assert "Traceback" not in done.stderr
