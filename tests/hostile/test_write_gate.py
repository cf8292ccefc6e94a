"""Defects 1 and 9: output targets are checked before any work and written atomically, regular files only.
Targets are made in tmp_path; the real /dev/null is never written (a character device is refused by type)."""

from __future__ import annotations

import os
import stat

import pytest

from tests.hostile.helpers import finished_save, no_traceback, wargame
from wargame.files.write import OutputRefused, plan_output, refusal_for_mode, write_output


def test_refuses_folders_fifos_dangling_links_missing_folders_and_inputs(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    (tmp_path / "dir").mkdir()
    (tmp_path / "dangling").symlink_to(tmp_path / "nothing")
    (tmp_path / "to-dir").symlink_to(tmp_path / "dir")
    (tmp_path / "to-fifo").symlink_to(fifo)
    source = tmp_path / "in.json"
    source.write_text("{}")
    (tmp_path / "alias").symlink_to(source)
    cases = {
        "fifo": "pipe",
        "dir": "folder",
        "dangling": "symbolic link to nothing",
        "to-dir": r"folder.*\(through a symbolic link\)",
        "to-fifo": "pipe",
        "missing/out.md": "folder does not exist",
        "in.json": "is an input",
        "alias": "is an input",
    }
    for name, reason in cases.items():
        with pytest.raises(OutputRefused, match=reason):
            plan_output(tmp_path / name, [source])
    assert source.read_text() == "{}" and stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_character_device_is_refused_by_type_alone():
    assert "device" in (refusal_for_mode(stat.S_IFCHR | 0o666) or "")
    assert "device" in (refusal_for_mode(stat.S_IFBLK | 0o660) or "")
    assert refusal_for_mode(stat.S_IFREG | 0o644) is None


def test_a_symlink_to_a_regular_file_is_written_through(tmp_path):
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_output(plan_output(link), "new")
    assert link.is_symlink() and real.read_text() == "new"
    assert not list(tmp_path.glob(".*.tmp"))


def test_dash_means_standard_output(capfdbinary):
    write_output(plan_output("-"), "to stdout\n")
    assert capfdbinary.readouterr().out == b"to stdout\n"


def test_report_output_targets(tmp_path):
    save = finished_save(tmp_path / "saves")
    before = save.read_bytes()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, reason in (
        (save, "is an input"),
        (fifo, "pipe"),
        (tmp_path, "folder"),
        (tmp_path / "no/x.md", "not exist"),
    ):
        result = wargame("report", str(save), "-o", str(target), timeout=30)
        assert result.returncode == 1 and reason in result.stderr, result.stderr
        no_traceback(result)
    assert save.read_bytes() == before
    ok = wargame("report", str(save), "-o", str(tmp_path / "aar.md"))
    assert ok.returncode == 0 and (tmp_path / "aar.md").read_text().startswith("# After-action report")


def test_simulate_json_target_is_checked_before_the_batch(tmp_path):
    # ten million games would take hours: refusing in seconds proves the check comes first
    for target in (tmp_path, tmp_path / "missing" / "r.json"):
        result = wargame("simulate", "scenarios/tutorial.yaml", "-n", "10000000", "--json", str(target), timeout=30)
        assert result.returncode == 1 and "--json" in result.stderr, result.stderr
        no_traceback(result)
    ok = wargame("simulate", "scenarios/tutorial.yaml", "-n", "20", "--json", str(tmp_path / "r.json"))
    assert ok.returncode == 0 and '"games": 20' in (tmp_path / "r.json").read_text()
