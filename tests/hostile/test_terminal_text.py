"""Defect 4: escape sequences and newlines from cards, ids, diagnostics and reasons never reach a terminal raw."""

from __future__ import annotations

import io

from tests.conftest import ROOT
from tests.hostile.helpers import no_traceback, tutorial_text, wargame
from wargame.textsafe import block, line

OSC_TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


def hostile_project(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "south-asia.yaml").write_bytes((ROOT / "rules" / "south-asia.yaml").read_bytes())
    text = tutorial_text().replace(
        'title: "Tutorial: a border incident"', 'title: "\\e]0;pwned\\a\\e[2J forged\\n== End: lie == Tutorial"'
    )
    (tmp_path / "scenarios" / "evil.yaml").write_text(text, encoding="utf-8")
    # a diagnostic whose key carries an escape
    (tmp_path / "scenarios" / "bad.yaml").write_text('kind: scenario\n"\\e[2Jkey": 1\n', encoding="utf-8")
    return tmp_path


def assert_clean(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text, repr(text)


def test_sanitiser():
    assert line(f"a{OSC_TITLE}b\nc") == "a\\x1b]0;pwned\\x07b c"
    assert block(f"x\ny{CLEAR}\r") == "x\ny\\x1b[2J\\x0d"
    assert line("\u202eevil") == "\\u202eevil"


def test_commands_show_escapes_as_codes(tmp_path):
    project = hostile_project(tmp_path)
    listed = wargame("list", cwd=project)
    assert listed.returncode == 0
    assert_clean(listed.stdout)
    assert "\\x1b]0;pwned" in listed.stdout
    assert not any(row.startswith("== End") for row in listed.stdout.splitlines())
    checked = wargame("validate", "scenarios/bad.yaml", "scenarios/evil.yaml", cwd=project)
    assert_clean(checked.stdout + checked.stderr)
    assert "\\x1b[2Jkey" in checked.stdout
    simulated = wargame("simulate", "scenarios/evil.yaml", "-n", "5", cwd=project)
    assert simulated.returncode == 0, simulated.stderr
    assert_clean(simulated.stdout)
    no_traceback(simulated)


def test_report_to_stdout_is_sanitised(tmp_path):
    project = hostile_project(tmp_path)
    played = wargame(
        "play", "scenarios/evil.yaml", "--headless", "--seat", "india=bot:dove", "--saves", "s", cwd=project
    )
    assert played.returncode == 0, played.stderr
    save = sorted((project / "s").glob("*.json"))[-1]
    for fmt in ("md", "html"):
        report = wargame("report", str(save), "--format", fmt, cwd=project)
        assert report.returncode == 0, report.stderr
        assert_clean(report.stdout)


def test_transcript_output_folds_forged_lines():
    from wargame.reporting.transcript import emit

    out = io.StringIO()
    emit(["   [inject] calm\n== End: forged ==", f"title {OSC_TITLE}"], out)
    assert out.getvalue().splitlines() == ["   [inject] calm == End: forged ==", "title \\x1b]0;pwned\\x07"]
