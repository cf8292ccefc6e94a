"""`wargame validate` has two routes: the launcher's click-free one for a plain `validate [-q] FILE…`, and
the click command for everything else. Both must print the same lines, in the same order, on the same
streams, and exit with the same status."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CARD, ROOT
from wargame.launch import plain_validate

FAST = [sys.executable, "-m", "wargame"]  # the console script's own route: wargame.launch.main
CLICK = [sys.executable, "-c", "from wargame.cli import main; main()"]  # always through click


def run(route: list[str], args: list[str], cwd: Path, merged: bool = False, **env: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [*route, *args],
        cwd=cwd,
        capture_output=not merged,
        stdout=subprocess.PIPE if merged else None,
        stderr=subprocess.STDOUT if merged else None,
        timeout=60,
        env={**os.environ, **env},
    )
    return done.returncode, done.stdout.decode("utf-8"), (done.stderr or b"").decode("utf-8")


@pytest.fixture
def cards(project: Path) -> Path:
    """A project holding a good card, cards broken in the YAML, the fields and the references, a
    rulebook, a folder and a card whose diagnostic quotes non-ASCII text."""
    scenarios = project / "scenarios"
    shutil.copy(ROOT / "scenarios" / "balakot-2019.yaml", scenarios / "balakot-2019.yaml")
    (scenarios / "good.yaml").write_text(MINIMAL_CARD)
    (scenarios / "syntax.yaml").write_text(MINIMAL_CARD.replace("title: Mini\n", "title: [Mini\n"))
    (scenarios / "fields.yaml").write_text(MINIMAL_CARD.replace("title: Mini\n", "tittle: Mini\n"))
    (scenarios / "refs.yaml").write_text(MINIMAL_CARD.replace("  - id: pakistan", "  - id: pakistn"))
    (scenarios / "accents.yaml").write_text(MINIMAL_CARD.replace("rulebook: south-asia", "rulebook: südasien"))
    (scenarios / "folder.yaml").mkdir()
    return project


CASES = [
    ["validate", "scenarios/balakot-2019.yaml"],
    ["validate", "-q", "scenarios/balakot-2019.yaml"],
    ["validate", "scenarios/good.yaml", "--quiet", "rules/south-asia.yaml"],
    ["validate", "scenarios/syntax.yaml"],
    ["validate", "scenarios/fields.yaml", "scenarios/refs.yaml", "scenarios/good.yaml"],
    ["validate", "scenarios/accents.yaml", "nope.yaml", "scenarios/folder.yaml", ""],
    ["validate", "scenarios/refs.yaml", "-q"],
]


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a[1:]))
def test_both_routes_print_the_same_and_exit_the_same(cards: Path, args: list[str]):
    assert plain_validate(args) is not None  # these take the fast route
    fast, slow = run(FAST, args, cards), run(CLICK, args, cards)
    assert fast == slow
    assert fast[0] in (0, 1) and "Traceback" not in fast[2]


def test_both_routes_interleave_stdout_and_stderr_alike(cards: Path):
    args = ["validate", "scenarios/fields.yaml", "scenarios/good.yaml", "scenarios/refs.yaml"]
    fast, slow = run(FAST, args, cards, merged=True), run(CLICK, args, cards, merged=True)
    assert fast == slow
    assert fast[1].splitlines()[-1] == "scenarios/refs.yaml: 1 error"


def test_both_routes_write_utf8_to_a_stream_that_says_ascii(cards: Path):
    args = ["validate", "scenarios/accents.yaml"]
    fast, slow = run(FAST, args, cards, PYTHONIOENCODING="ascii"), run(CLICK, args, cards, PYTHONIOENCODING="ascii")
    assert fast == slow
    assert "südasien" in fast[1]


@pytest.mark.parametrize(
    "args",
    [
        ["validate"],
        ["validate", "-q"],
        ["validate", "--watch", "scenarios/good.yaml"],
        ["validate", "--help"],
        ["validate", "-h", "scenarios/good.yaml"],
        ["validate", "--", "scenarios/good.yaml"],
        ["validate", "-qx", "scenarios/good.yaml"],
        ["--saves", "x", "validate", "scenarios/good.yaml"],
        ["lint", "scenarios/good.yaml"],
    ],
)
def test_anything_but_files_and_quiet_goes_to_click(args: list[str]):
    assert plain_validate(args) is None


def test_click_answers_what_the_fast_route_leaves_to_it(cards: Path):
    code, _out, err = run(FAST, ["validate", "-qx", "scenarios/good.yaml"], cards)
    assert code == 2 and "No such option '-x'" in err
    code, _out, err = run(FAST, ["validate", "--", "scenarios/good.yaml"], cards)
    assert code == 0 and "scenarios/good.yaml: valid scenario" in err


def test_shell_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("_WARGAME_COMPLETE", "bash_complete")
    assert plain_validate(["validate", "scenarios/good.yaml"]) is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_an_unreadable_file_goes_to_click_which_refuses_it(cards: Path):
    locked = cards / "scenarios" / "good.yaml"
    locked.chmod(0)
    assert plain_validate(["validate", str(locked)]) is None
