"""`wargame lint`: each static rule and the dynamic findings on crafted cards, suppression, the JSON report,
and the shipped cards (no errors)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.minimal import card, move, rulebook
from wargame.lint.codes import RULES
from wargame.lint.run import lint_file
from wargame.scenario.diagnostics import ScenarioError

SOURCE = {"id": "src", "title": "A report", "publisher": "Wire", "confidence": "S", "url": "https://example.org/a"}


def write(tmp_path: Path, book: dict, card_data: dict | None = None, extra: str = "") -> Path:
    (tmp_path / "rules").mkdir(exist_ok=True)
    (tmp_path / "scenarios").mkdir(exist_ok=True)
    (tmp_path / "rules" / "mini.yaml").write_text(yaml.safe_dump(book, sort_keys=False))
    if card_data is None:
        return tmp_path / "rules" / "mini.yaml"
    path = tmp_path / "scenarios" / "mini-card.yaml"
    path.write_text(yaml.safe_dump(card_data, sort_keys=False) + extra)
    return path


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def test_static_rules_on_a_rulebook(tmp_path):
    book = rulebook(
        states=[
            {"id": "calm", "name": "Calm"},
            {"id": "crisis", "name": "Crisis"},
            {"id": "limbo", "name": "Limbo"},
            {"id": "war", "name": "War", "end": "war"},
            {"id": "timeout", "name": "Time ran out", "end": "timeout"},
        ],
        transitions=[
            {"trigger": "flare", "source": ["calm"], "dest": "crisis", "when": "rung >= rungs.r1"},
            {"trigger": "settle", "source": ["crisis"], "dest": "calm", "when": "rung >= rungs.r1 and turn >= 2"},
        ],
        moves=[move("hold_talks"), move("impossible", precondition="intl_attention > 2")],
    )
    book["variables"]["team"].append({"id": "morale", "name": "Morale", "min": 0, "max": 1, "default": 0.5})
    book["variables"]["world"].append({"id": "rungs", "name": "Shadow", "min": 0, "max": 1, "default": 0})
    found = lint_file(write(tmp_path, book))
    by_code = {f.code: f for f in sorted(found, key=lambda f: f.message)}
    assert {"WG001", "WG005", "WG006", "WG007", "WG008", "WG012"} <= codes(found)
    assert any("variable 'morale' is neither read nor changed" in f.message for f in found if f.code == "WG001")
    assert "move 'impossible'" in by_code["WG005"].message
    assert {"state 'limbo' cannot be reached from 'calm'", "state 'war' cannot be reached from 'calm'"} == {
        f.message for f in found if f.code == "WG006"
    }
    assert "'war'" in by_code["WG007"].message
    assert "flare, settle can cycle calm → crisis → calm" in by_code["WG008"].message
    assert "'rungs' shadows the built-in" in by_code["WG012"].message
    assert all(f.file.endswith("rules/mini.yaml") and f.line > 1 for f in found)


def test_static_rules_on_a_card(tmp_path):
    book = rulebook(
        parties=[
            {"id": "blue", "name": "Blue", "role": "principal"},
            {"id": "red", "name": "Red", "role": "principal"},
            {"id": "green", "name": "Green", "role": "third_party"},
        ],
        moves=[move("hold_talks"), move("green_talks", actors=("green",)), move("wait"), move("sit")],
    )
    data = card(
        sources=[SOURCE, {**SOURCE, "id": "unused_src"}],
        claims=[
            {
                "id": "never",
                "subject": "s",
                "trigger": "rung > rungs.r5",
                "truth": "t",
                "claims": {"blue": "b"},
                "evidence": [{"turn": 2, "text": "e", "sources": ["src"]}],
            }
        ],
        injects=[{"id": "turn", "turn": 1, "title": "t", "text": "x"}],
        historical_track=[{"turn": 1, "team": "blue", "moves": ["hold_talks"], "note": "n", "sources": ["src"]}],
    )
    found = lint_file(write(tmp_path, book, data), games=0)
    assert {"WG002", "WG003", "WG004", "WG012"} <= codes(found)
    by_code = {f.code: f for f in found}
    assert "source 'unused_src' is never cited" in by_code["WG003"].message
    # a track entry over the order limit is refused when the card loads (rules version 2), so lint
    # reports it as the loader's error with its line
    data["historical_track"][0]["moves"] = ["hold_talks", "wait", "sit"]
    with pytest.raises(
        ScenarioError, match=r"historical_track\.0\.moves: 3 moves in one turn, over the order limit of 2"
    ):
        lint_file(write(tmp_path, book, data), games=0)


def test_dynamic_findings(tmp_path):
    book = rulebook(
        transitions=[{"trigger": "erupt", "source": ["calm"], "dest": "war", "when": "rung >= rungs.r3"}],
        moves=[move("hold_talks"), move("strike", rung_to="r3"), move("late", precondition="turn >= 3")],
    )
    data = card(
        calendar=[{"date": f"2019-03-{d:02d}", "label": f"Day {d}"} for d in range(1, 9)],
        sources=[SOURCE],
        teams=[
            {
                "id": "blue",
                "briefing": "b",
                "objectives": [
                    {"id": "never", "description": "d", "condition": "turn > 20"},
                    {"id": "always", "description": "d", "condition": "turn >= 1"},
                ],
            },
            {"id": "red", "briefing": "r"},
        ],
        injects=[
            {"id": "quiet", "when": "intl_attention > 0.99 and rung < rungs.r1", "title": "t", "text": "x"},
            {"id": "epilogue", "turn": 7, "title": "t", "text": "x"},
        ],
        historical_track=[
            {"turn": 1, "team": "blue", "moves": ["late"], "note": "n", "sources": ["src"]},
            {"turn": 2, "team": "red", "moves": ["strike"], "note": "n", "sources": ["src"]},
        ],
    )
    found = lint_file(write(tmp_path, book, data), games=40)
    got = codes(found)
    assert {"WG101", "WG104", "WG105", "WG106", "WG107", "WG108", "WG009", "WG011"} <= got, got
    text = {f.code: f.message for f in found}
    assert "'late' for blue in turn 1 was illegal in" in text["WG009"]
    assert "the historical path ends by turn 2" in text["WG011"]
    assert text["WG106"].startswith("40 games: war ")


def test_inline_and_file_suppression(tmp_path):
    data = card(sources=[SOURCE])
    path = write(tmp_path, rulebook(), data)
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- id: src"))
    found = lint_file(path, games=0)
    assert "WG003" in codes(found)
    lines[at] += "  # wargame: allow WG003"
    path.write_text("\n".join(lines) + "\n")
    assert "WG003" not in codes(lint_file(path, games=0))
    path.write_text(
        "# wargame: allow-file WG003\n" + "\n".join([*lines[:at], lines[at].split("  #")[0], *lines[at + 1 :]])
    )
    assert "WG003" not in codes(lint_file(path, games=0))


def test_cli_json_report_is_stable_and_documented(tmp_path):
    path = write(tmp_path, rulebook(), card(sources=[SOURCE]))
    result = subprocess.run(
        [sys.executable, "-m", "wargame", "lint", "--format", "json", "--games", "20", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["version", "files", "summary", "findings"]
    assert report["version"] == 1 and list(report["summary"]) == ["error", "warning", "info"]
    first = report["findings"][0]
    assert list(first) == ["file", "line", "col", "code", "message", "severity", "path", "name"]
    again = subprocess.run(
        [sys.executable, "-m", "wargame", "lint", "--format", "json", "--games", "20", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.stdout == result.stdout  # seeded: the same report every time


def test_every_code_is_documented():
    doc = (ROOT / "docs" / "lint.md").read_text()
    documented = set(re.findall(r"^### (WG\d{3}) ", doc, flags=re.M))
    assert documented == set(RULES)
    for rule in RULES.values():
        assert f"### {rule.code} {rule.name}" in doc


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_cards_lint_without_errors(path):
    assert [str(f) for f in lint_file(path, games=60) if f.severity == "error"] == []
