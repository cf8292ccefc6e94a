"""Lint one file: load it, run the static rules (and the dynamic ones for a card), place each finding
at FILE:LINE:COL, drop suppressed ones, and format them as text or JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wargame.lint.codes import RULES
from wargame.lint.finding import Finding
from wargame.lint.static import Subject, static_findings
from wargame.lint.suppress import allowances
from wargame.scenario.loader import LoadedRulebook, LoadedScenario, load_any, locate, read_document

JSON_VERSION = 1


def lint_file(path: Path, games: int = 200, seed: int = 0, with_rulebook: bool = False) -> list[Finding]:
    """Every finding for one card or rulebook (raises ScenarioError when it does not validate)."""
    loaded = load_any(path)
    if isinstance(loaded, LoadedRulebook):
        subject = Subject(loaded.rules, None, loaded.expressions)
        raws = static_findings(subject)
        docs = {"rulebook": read_document(path)}
    else:
        assert isinstance(loaded, LoadedScenario)
        subject = Subject(loaded.rules, loaded.card, loaded.expressions)
        raws = [r for r in static_findings(subject) if with_rulebook or r[1] == "card"]
        if games > 0:
            from wargame.lint.dynamic import findings, play

            raws += findings(loaded, play(loaded, games, seed))
        docs = {"card": read_document(path), "rulebook": read_document(loaded.rulebook.path)}
    out: set[Finding] = set()
    texts: dict[str, Any] = {}
    for code, where, loc, message in raws:
        rule = RULES[code]
        diag = locate(docs[where], loc, message)
        if diag.file not in texts:
            texts[diag.file] = allowances(_text_of(docs[where], diag.file))
        if texts[diag.file].allows(diag.line, code):
            continue
        out.add(Finding(diag.file, diag.line, diag.col, code, message, rule.severity, diag.path))
    return sorted(out)


def _text_of(doc: Any, file: str) -> str:
    if doc.file == file:
        return doc.text
    for parent in doc.parents:
        if parent.file == file:
            return parent.text
    return ""


def as_text(findings: list[Finding]) -> str:
    return "".join(f"{f}\n" for f in findings)


def as_json(findings: list[Finding], files: list[str]) -> str:
    """The stable JSON report (documented in docs/lint.md)."""
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    report = {
        "version": JSON_VERSION,
        "files": files,
        "summary": counts,
        "findings": [f.to_json() for f in findings],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
