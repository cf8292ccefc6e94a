"""Errors a designer can act on: orders files checked against the card (FILE:LINE:COL, did you mean),
`list` shows rulebooks as rulebooks, and `--saves` works before or after the subcommand."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CARD


def wargame(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wargame", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def mini(project: Path) -> Path:
    """The scratch project with the minimal card as scenarios/mini.yaml."""
    (project / "scenarios" / "mini.yaml").write_text(MINIMAL_CARD)
    return project


def play_mini(
    project: Path,
    seats: dict[str, str],
    *options: str,
    orders: str | None = None,
    before: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """`wargame [BEFORE] play scenarios/mini.yaml --headless [OPTIONS]` with these seats (and this orders
    file, dedented)."""
    args = [*before, "play", "scenarios/mini.yaml", "--headless", *options]
    for team, seat in seats.items():
        args += ["--seat", f"{team}={seat}"]
    if orders is not None:
        (project / "orders.yaml").write_text(textwrap.dedent(orders))
        args += ["--orders", "orders.yaml"]
    return wargame(*args, cwd=project, env=env)


PREFIX = "…"
"""An expected line ending in this is matched by its beginning (the rest lists every choice)."""

ORDERS_PROBLEMS = {
    "did-you-mean": (
        {"india": "human", "pakistan": "human"},
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
        [
            "orders.yaml:2:3: no team 'indai' on this card; did you mean 'india'?",
            "orders.yaml:3:14: no move 'solemn_warnin' for pakistan on this card; did you mean 'solemn_warning'?",
            "orders.yaml:3:29: pakistan cannot play 'revoke_mfn' (actors: india)",
            "orders.yaml:7:15: no mediator or offer 'saudi_arabiaa'; did you mean 'saudi_arabia'?…",
            "orders.yaml:8:15: no inject with choices 'no_such_inject'…",
        ],
    ),
    "team-at-the-top": (
        {"india": "human", "pakistan": "bot:dove"},
        "india: [revoke_mfn]\n2:\n  india: [revoke_mfn]\n",
        [
            "orders.yaml:1:1: 'india' is not a turn number: an orders file maps turns (1, 2, …) to teams, "
            "e.g. `1:` then `  india: [MOVE, …]`"
        ],
    ),
    "bot-seat": (
        {"india": "human", "pakistan": "bot:dove"},
        "1:\n  india: [revoke_mfn]\n  pakistan: [revoke_mfn]\n",
        [
            "orders.yaml:3:3: 'pakistan' is seated bot:dove, so these orders would be ignored; "
            "seat it with --seat pakistan=human, or remove them"
        ],
    ),
    "unknown-field": (
        {"india": "human", "pakistan": "bot:dove"},
        "1:\n  india:\n    ordrs: [revoke_mfn]\n",
        [
            "orders.yaml:3:5: 1.india.ordrs: unknown field 'ordrs'; did you mean 'orders'? "
            "expected one of: answers, choices, orders"
        ],
    ),
}


@pytest.mark.parametrize(("seats", "orders", "expected"), ORDERS_PROBLEMS.values(), ids=ORDERS_PROBLEMS.keys())
def test_orders_file_problems_are_placed_with_did_you_mean(mini, seats, orders, expected):
    result = play_mini(mini, seats, "--no-autosave", orders=orders)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for want in expected:
        if want.endswith(PREFIX):
            assert any(line.startswith(want.removesuffix(PREFIX)) for line in lines), (want, lines)
        else:
            assert want in lines, (want, lines)


def test_list_reports_rulebooks_as_rulebooks(project):
    result = wargame("list", "rules", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "INVALID" not in result.stdout
    assert "(rulebook)" in result.stdout


def test_saves_option_before_the_subcommand_is_honoured(mini, tmp_path):
    saves = tmp_path / "elsewhere"
    saves.mkdir()
    result = play_mini(
        mini,
        {"india": "bot:dove", "pakistan": "bot:dove"},
        before=("--saves", str(saves)),
        env={"WARGAME_SAVES": str(tmp_path / "not-here")},
    )
    assert result.returncode == 0, result.stderr
    assert list(saves.glob("*.json")), list(saves.iterdir())
    assert not (tmp_path / "not-here").exists()
    shown = wargame("--saves", str(saves), "paths", cwd=mini)
    assert f"{saves} (from --saves)" in shown.stdout


def test_paths_names_the_card_index(mini, tmp_path):
    cache = tmp_path / "cache"
    shown = wargame("paths", cwd=mini, env={"WARGAME_CACHE": str(cache)})
    assert shown.returncode == 0, shown.stderr
    index_line = next(line for line in shown.stdout.splitlines() if line.startswith("card index:"))
    assert str(cache / "cards.json") in index_line
