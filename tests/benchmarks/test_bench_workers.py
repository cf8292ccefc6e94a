"""The workers benchmark runs as its command does: a small batch of the real `simulate --jobs 2`
is timed chunk by chunk and every figure is reported."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT


def test_a_small_run_reports_where_the_batch_spent_its_time(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / "bench_workers.py"), "-n", "80", "--repeats", "1"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    line = next(x for x in done.stdout.splitlines() if x.startswith("this checkout:"))
    busy = float(re.search(r"workers busy ([\d.]+)%", line).group(1))
    assert 0 < busy <= 100
    assert "first game after" in line and "idle at the end" in line and "main process CPU" in line
