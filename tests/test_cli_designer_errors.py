"""Errors a designer can act on: orders files checked against the card (FILE:LINE:COL, did you mean),
`list` shows rulebooks as rulebooks, and `--saves` works before or after the subcommand."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import MINIMAL_CARD


def wargame(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "wargame", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def _orders(project: Path, text: str) -> Path:
    path = project / "orders.yaml"
    path.write_text(textwrap.dedent(text))
    return path


def test_orders_file_problems_are_placed_with_did_you_mean(project):
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    _orders(
        project,
        """\
        1:
          indai: [revoke_mfn]
          pakistan: [solemn_warnin, revoke_mfn]
        2:
          pakistan:
            orders: [solemn_warning]
            answers: {saudi_arabiaa: accept}
            choices: {no_such_inject: yes_please}
        """,
    )
    result = wargame(
        "play",
        "scenarios/mini.yaml",
        "--headless",
        "--no-autosave",
        "--seat",
        "india=human",
        "--seat",
        "pakistan=human",
        "--orders",
        "orders.yaml",
        cwd=project,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "orders.yaml:2:3: no team 'indai' on this card; did you mean 'india'?" in lines
    assert (
        "orders.yaml:3:14: no move 'solemn_warnin' for pakistan on this card; did you mean 'solemn_warning'?" in lines
    )
    assert "orders.yaml:3:29: pakistan cannot play 'revoke_mfn' (actors: india)" in lines
    assert any(
        line.startswith("orders.yaml:7:15: no mediator or offer 'saudi_arabiaa'; did you mean 'saudi_arabia'?")
        for line in lines
    )
    assert any(line.startswith("orders.yaml:8:15: no inject with choices 'no_such_inject'") for line in lines)


def test_orders_for_a_bot_seat_are_an_error(project):
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    _orders(project, "1:\n  india: [revoke_mfn]\n  pakistan: [revoke_mfn]\n")
    result = wargame(
        "play",
        "scenarios/mini.yaml",
        "--headless",
        "--no-autosave",
        "--seat",
        "india=human",
        "--seat",
        "pakistan=bot:dove",
        "--orders",
        "orders.yaml",
        cwd=project,
    )
    assert result.returncode == 1
    assert (
        "orders.yaml:3:3: 'pakistan' is seated bot:dove, so these orders would be ignored; "
        "seat it with --seat pakistan=human, or remove them" in result.stderr
    )


def test_list_reports_rulebooks_as_rulebooks(project):
    result = wargame("list", "rules", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "INVALID" not in result.stdout
    assert "(rulebook)" in result.stdout


def test_saves_option_before_the_subcommand_is_honoured(project, tmp_path):
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    saves = tmp_path / "elsewhere"
    saves.mkdir()
    result = wargame(
        "--saves",
        str(saves),
        "play",
        "scenarios/mini.yaml",
        "--headless",
        "--seat",
        "india=bot:dove",
        "--seat",
        "pakistan=bot:dove",
        cwd=project,
        env={"WARGAME_SAVES": str(tmp_path / "not-here")},
    )
    assert result.returncode == 0, result.stderr
    assert list(saves.glob("*.json")), list(saves.iterdir())
    assert not (tmp_path / "not-here").exists()
    shown = wargame("--saves", str(saves), "paths", cwd=project)
    assert f"{saves} (from --saves)" in shown.stdout


def test_orders_file_unknown_field_gets_a_did_you_mean(project):
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    _orders(project, "1:\n  india:\n    ordrs: [revoke_mfn]\n")
    result = wargame(
        "play",
        "scenarios/mini.yaml",
        "--headless",
        "--no-autosave",
        "--seat",
        "india=human",
        "--seat",
        "pakistan=bot:dove",
        "--orders",
        "orders.yaml",
        cwd=project,
    )
    assert result.returncode == 1
    assert (
        "orders.yaml:3:5: 1.india.ordrs: unknown field 'ordrs'; did you mean 'orders'? "
        "expected one of: answers, choices, orders" in result.stderr
    )
