"""Separation and safety rules that hold for the whole package."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

HEADLESS = [
    "wargame",
    "wargame.cli",
    "wargame.scenario.loader",
    "wargame.scenario.schema",
    "wargame.engine.game",
    "wargame.engine.rules.resolve",
    "wargame.bots",
    "wargame.sim.runner",
    "wargame.reporting.transcript",
    "wargame.session.session",
    "wargame.session.headless",
]


def test_headless_modules_do_not_import_textual():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in HEADLESS)
        + ("bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\nprint(','.join(bad))")
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_only_ui_imports_textual():
    offenders = [
        p.relative_to(ROOT)
        for p in (ROOT / "wargame").rglob("*.py")
        if "ui" not in p.relative_to(ROOT / "wargame").parts[:1]
        and re.search(r"^\s*(from|import)\s+textual\b", p.read_text(), re.M)
    ]
    assert offenders == []


def test_no_code_execution_on_untrusted_input():
    pattern = re.compile(
        r"yaml\.(load|load_all|unsafe_load)\(|(?<![\w.])(eval|exec)\(|pickle|marshal\.loads|(?<![\w.])compile\("
    )
    offenders = []
    for path in (ROOT / "wargame").rglob("*.py"):
        for n, line in enumerate(path.read_text().splitlines(), 1):
            if pattern.search(line) and "Safe" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_engine_rules_and_bots_are_pure():
    """No I/O, clock or process control in the engine, the rules module or the bots."""
    forbidden = re.compile(
        r"\bopen\(|\bprint\(|^\s*import (os|sys|time|subprocess|socket|click|pathlib)\b|"
        r"^\s*from (os|sys|time|subprocess|socket|click|pathlib)\b|datetime\.now|\.read_text\(|\.write_text\("
    )
    offenders = []
    for package in ("engine", "bots"):
        for path in (ROOT / "wargame" / package).rglob("*.py"):
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if forbidden.search(line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert offenders == []


def test_policy_names_match_the_policies():
    from wargame.bots.policies import POLICIES
    from wargame.scenario.vocabulary import POLICY_NAMES

    assert tuple(POLICIES) == POLICY_NAMES


def test_the_ui_draws_its_first_screen_without_the_models():
    """Start-up stays fast: the UI module does not pull in pydantic, the engine or jinja2."""
    code = (
        "import sys, wargame.ui.app\n"
        "print(','.join(m for m in ('pydantic', 'wargame.scenario.models', 'wargame.engine.game', 'jinja2', 'transitions')"
        " if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
