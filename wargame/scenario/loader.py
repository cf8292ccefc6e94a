"""Load rulebooks and scenario cards: safe parse → guards → validate → resolve → compile.

    >>> from wargame.scenario.loader import load_scenario
    >>> scenario = load_scenario("scenarios/balakot-2019.yaml")

Any problem raises `ScenarioError` carrying every diagnostic found, each as
`FILE:LINE:COL: field.path: message`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode

from wargame.files.read import FileRefused, read_bytes
from wargame.scenario import yamlsafe
from wargame.scenario.card_checks import check_card
from wargame.scenario.compose import compose
from wargame.scenario.conditions import Expression
from wargame.scenario.diagnostics import Diagnostic, ScenarioError, display_path, format_path
from wargame.scenario.locate import find_rulebook, lookup_rulebook, rulebook_dirs
from wargame.scenario.models import Rulebook, Scenario
from wargame.scenario.references import Checked, Issue
from wargame.scenario.rulebook_checks import check_rulebook
from wargame.scenario.rung_names import resolve_card, resolve_rulebook
from wargame.scenario.validation import validate

__all__ = [
    "LoadedRulebook",
    "LoadedScenario",
    "display_path",
    "find_rulebook",
    "load_any",
    "load_rulebook",
    "load_scenario",
    "rulebook_dirs",
]


@dataclass(frozen=True)
class LoadedRulebook:
    """A validated rulebook with its compiled expressions."""

    rules: Rulebook
    path: Path
    digest: str
    expressions: Mapping[str, Expression]
    warnings: tuple[Diagnostic, ...] = ()
    files: tuple[Path, ...] = ()
    """This file, then the rulebooks it extends, in order."""


@dataclass(frozen=True)
class LoadedScenario:
    """A validated card, its rulebook, and every compiled expression of both.

    Expression keys: `transitions.<i>.when`, `moves.<id>.precondition@<party>`,
    `moves.<id>.odds@<party>`, `mediators.<id>.probability`, `mediators.<id>.hard_trigger`,
    `hazards.<id>.probability@<party>`, `injects.<id>.when`, `injects.<id>.chances.<chance>`,
    `claims.<id>.trigger`, `claims.<id>.outcomes.<i>`, `objectives.<team>.<id>`."""

    card: Scenario
    rulebook: LoadedRulebook
    path: Path
    content_hash: str
    """sha256 over the card's and the rulebook's bytes: a save records it."""
    expressions: Mapping[str, Expression]
    warnings: tuple[Diagnostic, ...] = field(default=())

    @property
    def rules(self) -> Rulebook:
        return self.rulebook.rules


def _read(path: Path) -> tuple[str, bytes]:
    """The file's bytes through the reading gate (regular file, size cap); problems as diagnostics."""
    shown = display_path(path)
    try:
        return shown, read_bytes(path, yamlsafe.MAX_BYTES)
    except FileRefused as exc:
        reason = "is a directory; expected a .yaml file" if exc.reason.startswith("is a folder") else exc.reason
        raise ScenarioError([Diagnostic(shown, exc.line, exc.col, "", reason)]) from None


def _issue_diagnostic(doc: yamlsafe.Document, issue: Issue) -> Diagnostic:
    if issue.key:
        node = yamlsafe.key_node_at(doc.root, issue.loc)
    else:
        node, _ = yamlsafe.node_at(doc.root, issue.loc)
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    file, text = doc.where(node)
    if issue.expr_pos is not None and isinstance(node, ScalarNode):
        eline, ecol = issue.expr_pos
        if node.style in ("|", ">"):
            first = node.start_mark.line + 1 + eline
            lines = text.splitlines()
            indent = len(lines[first]) - len(lines[first].lstrip()) if first < len(lines) else 0
            line, col = first + 1, indent + ecol + 1
        elif eline == 0:
            col += ecol + (1 if node.style in ("'", '"') else 0)
        else:
            line += eline
    return Diagnostic(file, line, col, format_path(issue.loc), issue.message, issue.severity)  # type: ignore[arg-type]


def _issues(doc: yamlsafe.Document, checked: Checked) -> list[Diagnostic]:
    return [_issue_diagnostic(doc, i) for i in checked.issues]


def _document(path: Path) -> tuple[yamlsafe.Document, bytes]:
    shown, raw = _read(path)
    return yamlsafe.parse(shown, yamlsafe.read_text(shown, raw)), raw


Parsed = tuple[yamlsafe.Document, bytes]


def _parse_as(
    path: Path, model: type[Any], kind: str, parsed: Parsed | None = None
) -> tuple[Any, yamlsafe.Document, bytes, list[Diagnostic]]:
    doc, raw = parsed or _document(path)
    declared = doc.data.get("kind")
    if declared != kind and declared in ("scenario", "rulebook"):
        raise ScenarioError([_issue_diagnostic(doc, Issue(("kind",), f"this file is a {declared}; expected a {kind}"))])
    obj, diags = validate(doc, model)
    if obj is None:
        raise ScenarioError(diags)
    return obj, doc, raw, diags


_RULEBOOK_CACHE: dict[str, tuple[tuple[tuple[str, int, int], ...], LoadedRulebook]] = {}


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


def _cached(path: Path) -> LoadedRulebook | None:
    try:
        hit = _RULEBOOK_CACHE.get(str(path.resolve()))
        if hit and all(_stamp(Path(stamp[0])) == stamp for stamp in hit[0]):
            return hit[1]
    except OSError:
        pass
    return None


def _find_parent(path: Path, name: str, doc: yamlsafe.Document) -> Path:
    lookup = lookup_rulebook(path, name)
    if lookup.path is None:
        raise ScenarioError([_issue_diagnostic(doc, Issue(("extends",), lookup.why_missing(name)))])
    return lookup.path


def load_rulebook(path: str | os.PathLike[str], _parsed: Parsed | None = None) -> LoadedRulebook:
    """Load and check a rulebook file, its `extends` chain merged in (cached per version of its files)."""
    p = Path(path)
    hit = _cached(p)
    if hit is not None:
        return hit
    raws: dict[Path, bytes] = {}

    def parse(q: Path) -> yamlsafe.Document:
        d, raws[q] = _document(q)
        return d

    doc, raw = _parsed or _document(p)
    raws[p] = raw
    if doc.data.get("kind") == "rulebook":
        doc, chain = compose(p, doc, parse, _find_parent)
    else:
        chain = (p,)
    rules, doc, raw, warnings = _parse_as(p, Rulebook, "rulebook", (doc, raw))
    checked = check_rulebook(rules)
    if rules.id != p.stem:
        checked.error(("id",), f"the id must match the file name: '{p.stem}' (cards find a rulebook by its file name)")
    diags = warnings + _issues(doc, checked)
    if any(d.severity == "error" for d in diags):
        raise ScenarioError(diags)
    rules = resolve_rulebook(rules)
    digest = hashlib.sha256(b"\0".join(raws[f] for f in chain)).hexdigest() if len(chain) > 1 else None
    loaded = LoadedRulebook(
        rules, p, digest or hashlib.sha256(raw).hexdigest(), checked.expressions, tuple(diags), chain
    )
    with contextlib.suppress(OSError):
        _RULEBOOK_CACHE[str(p.resolve())] = (tuple(_stamp(f) for f in chain), loaded)
    return loaded


def load_scenario(path: str | os.PathLike[str], _parsed: Parsed | None = None) -> LoadedScenario:
    """Load a scenario card and its rulebook; raise ScenarioError with every problem."""
    p = Path(path)
    card, doc, raw, warnings = _parse_as(p, Scenario, "scenario", _parsed)
    lookup = lookup_rulebook(p, card.rulebook)
    rb_path = lookup.path
    if rb_path is None:
        missing = _issue_diagnostic(doc, Issue(("rulebook",), lookup.why_missing(card.rulebook)))
        raise ScenarioError([*warnings, missing])
    try:
        rulebook = load_rulebook(rb_path)
    except ScenarioError as exc:
        note = _issue_diagnostic(doc, Issue(("rulebook",), f"rulebook '{card.rulebook}' has errors (listed)"))
        raise ScenarioError([*exc.diagnostics, *warnings, note]) from None
    checked = check_card(card, rulebook.rules)
    diags = warnings + _issues(doc, checked)
    if any(d.severity == "error" for d in diags):
        raise ScenarioError(diags)
    card = resolve_card(card, rulebook.rules)
    digest = hashlib.sha256(raw + b"\0" + rulebook.digest.encode()).hexdigest()
    expressions = {**rulebook.expressions, **checked.expressions}
    return LoadedScenario(card, rulebook, p, digest, expressions, tuple(diags))


def load_any(path: str | os.PathLike[str]) -> LoadedScenario | LoadedRulebook:
    """Load a card or a rulebook, by its `kind:` field (for `wargame validate`)."""
    p = Path(path)
    parsed = _document(p)
    if parsed[0].data.get("kind") == "rulebook":
        return load_rulebook(p, parsed)
    return load_scenario(p, parsed)


def read_document(path: str | os.PathLike[str]) -> yamlsafe.Document:
    """A card's or rulebook's parsed document (a rulebook's with its `extends` chain merged in), to
    place findings about it (e.g. by `wargame lint`)."""
    p = Path(path)
    doc, _raw = _document(p)
    if doc.data.get("kind") == "rulebook":
        doc, _chain = compose(p, doc, lambda q: _document(q)[0], _find_parent)
    return doc


def locate(doc: yamlsafe.Document, loc: tuple[str | int, ...], message: str, severity: str = "error") -> Diagnostic:
    """A diagnostic at the value `loc` names in `doc` (the file and line it came from)."""
    return _issue_diagnostic(doc, Issue(loc, message, severity=severity))
