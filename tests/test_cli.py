"""The real `wargame` command, run as a user would (a subprocess per call)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import MINIMAL_CARD, ROOT


def wargame(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_validate_all_shipped_files():
    cards = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").glob("*.yaml"))
    result = wargame("validate", *cards, "rules/south-asia.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scenarios/balakot-2019.yaml: valid scenario" in result.stderr
    assert "rules/south-asia.yaml: valid rulebook" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_every_problem_and_exits_1(project):
    bad = project / "scenarios" / "bad.yaml"
    bad.write_text(MINIMAL_CARD.replace("title: Mini\n", "").replace("  - id: pakistan", "  - id: pakistn"))
    good = project / "scenarios" / "good.yaml"
    good.write_text(MINIMAL_CARD)
    result = wargame("validate", "scenarios/good.yaml", "scenarios/bad.yaml", cwd=project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["scenarios/bad.yaml:1:1: title: missing required field 'title'"]
    assert "scenarios/good.yaml: valid scenario" in result.stderr
    assert "scenarios/bad.yaml: 1 error" in result.stderr
    # the reference check runs once the structure is valid
    bad.write_text(MINIMAL_CARD.replace("  - id: pakistan", "  - id: pakistn"))
    result = wargame("validate", "scenarios/bad.yaml", cwd=project)
    assert result.stdout.splitlines() == [
        "scenarios/bad.yaml:11:9: teams.1.id: no rulebook party 'pakistn'; did you mean 'pakistan'?"
    ]


def test_validate_missing_file_is_a_diagnostic_not_a_traceback(tmp_path):
    result = wargame("validate", "nope.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.strip() == "nope.yaml:1:1: no such file"


def test_usage_errors_exit_2():
    assert wargame("validate").returncode == 2
    assert wargame("frobnicate").returncode == 2


def test_list_shows_cards_with_title_teams_and_turns():
    result = wargame("list")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "TEAMS", "TURNS"]
    balakot = next(line for line in lines if line.startswith("balakot-2019 "))
    assert "Pulwama–Balakot, February 2019" in balakot and "india, pakistan, china, usa" in balakot
    assert balakot.rstrip().endswith("9")
    assert any(line.startswith("tutorial ") for line in lines)


def test_list_marks_invalid_cards(project):
    (project / "scenarios" / "broken.yaml").write_text("kind: scenario\n")
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    result = wargame("list", cwd=project)
    rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
    # the project's cards, then every shipped card by id (sorted by id)
    assert "broken INVALID: 8 error(s), run `wargame validate scenarios/broken.yaml`" in rows
    assert [r.split()[0] for r in rows] == [
        "ID",
        "balakot-2019",
        "balakot-2019-pilot-held",
        "broken",
        "kargil-1999",
        "mini",
        "next-crisis",
        "tutorial",
    ]
    only = wargame("list", "scenarios", cwd=project)
    assert [line.split()[0] for line in only.stdout.splitlines()] == ["ID", "broken", "mini"]


def test_schema_check_passes_on_the_checkout_and_fails_when_stale(project):
    assert wargame("schema", "--check").returncode == 0
    result = wargame("schema", "--check", cwd=project)
    assert result.returncode == 1
    assert "out of date; run `wargame schema`" in result.stdout
    assert wargame("schema", cwd=project).returncode == 0
    assert wargame("schema", "--check", cwd=project).returncode == 0


def test_python_dash_m_and_version():
    result = wargame("--version")
    assert result.returncode == 0 and result.stdout.startswith("wargame, version ")
