"""`wargame graph`: Mermaid through transitions' GraphMachine, the ladder, Markdown; and a real render with
@mermaid-js/mermaid-cli when `mmdc` and Chromium are installed (CI installs them: see .ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def wargame(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "wargame", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_state_diagram_has_every_state_and_labelled_edges():
    result = wargame("graph", "rules/south-asia.yaml", "--only", "states")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "stateDiagram-v2" in text
    assert "peacetime --> crisis_onset: attack_opens_crisis [rung >= " in text
    assert "any_open_state --> nuclear_use" in text  # the global edges folded into one
    assert "note right of major_war: ends the game (war)" in text
    assert "<lambda>" not in text


def test_ladder_shows_firebreaks_and_the_moves_reaching_each_rung():
    result = wargame("graph", "balakot-2019", "--only", "ladder")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("flowchart BT\n")
    assert "reached by precision_strike_camp" in result.stdout
    assert '==>|"firebreak: ' in result.stdout


def test_markdown_wraps_both_diagrams(tmp_path):
    out = tmp_path / "graph.md"
    result = wargame("graph", "scenarios/tutorial.yaml", "--format", "md", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.count("```mermaid\n") == 2 and "## Escalation ladder" in text


def _mmdc() -> str | None:
    for candidate in (
        os.environ.get("WARGAME_MMDC"),
        shutil.which("mmdc"),
        str(Path.home() / ".cache/wargame-node/node_modules/.bin/mmdc"),
    ):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(_mmdc() is None or CHROMIUM is None, reason="mermaid-cli (mmdc) or chromium not installed")
@pytest.mark.parametrize("only", ["states", "ladder"])
def test_mermaid_cli_renders_the_rulebook(tmp_path, only):
    source = tmp_path / f"{only}.mmd"
    result = wargame("graph", "rules/south-asia.yaml", "--only", only, "-o", str(source))
    assert result.returncode == 0, result.stderr
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": CHROMIUM, "args": ["--no-sandbox"]}))
    svg = tmp_path / f"{only}.svg"
    rendered = subprocess.run(
        [_mmdc(), "-p", str(config), "-i", str(source), "-o", str(svg)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    text = svg.read_text()
    assert "<svg" in text and "Syntax error" not in text
    if only == "states":
        assert "crisis_onset" in text
