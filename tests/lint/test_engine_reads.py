"""`ENGINE_READS` cannot drift from the code: every module of the engine, the bots and the reports that
names a rulebook variable in its source lists exactly those names in its `NAMED_VARIABLES`, and lint's
`ENGINE_READS` is the union of those lists.

A module "names" a variable when a string literal in it is the variable's id, or `<team>.<id>`, or an
f-string that can spell one (`f"{team}.mobilising"`, `f"{party}.accept_{style}"`); docstrings do not count.
The ids are those declared by the rulebooks in rules/ and by the modules' own lists."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from wargame.lint.static import ENGINE_READS

READERS = ("engine", "bots", "reporting")
"""The packages whose code may read rulebook variables by name."""


def modules() -> list[str]:
    found = []
    for package in READERS:
        for path in sorted((ROOT / "wargame" / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return found


def declared_variables() -> set[str]:
    ids: set[str] = set(ENGINE_READS)
    for path in (ROOT / "rules").glob("*.yaml"):
        variables = yaml.safe_load(path.read_text(encoding="utf-8")).get("variables", {})
        for scope in ("world", "team", "mediator"):
            ids |= {v["id"] for v in variables.get(scope, [])}
    return ids


def _pattern(node: ast.AST) -> str | None:
    """A regex for the strings this literal can be, or None (not a string, or an f-string of placeholders only)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.escape(node.value)
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if not re.search("[a-z]", text):
            return None
        return "".join(re.escape(v.value) if isinstance(v, ast.Constant) else r"\w+" for v in node.values)
    return None


def named_variables(source: str, variables: set[str]) -> set[str]:
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))  # a docstring
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "NAMED_VARIABLES" for t in node.targets
        ):
            skip |= {id(n) for n in ast.walk(node.value)}  # the list itself
        if isinstance(node, ast.JoinedStr):
            skip |= {id(v) for v in node.values}  # judged as a whole f-string
    named: set[str] = set()
    for node in ast.walk(tree):
        pattern = None if id(node) in skip else _pattern(node)
        if pattern is not None:
            named |= {v for v in variables if re.fullmatch(pattern, v) or re.fullmatch(pattern, f"team.{v}")}
    return named


@pytest.mark.parametrize("name", modules())
def test_each_module_lists_the_variables_it_names(name):
    module = importlib.import_module(name)
    source = Path(module.__file__).read_text(encoding="utf-8")
    listed = getattr(module, "NAMED_VARIABLES", frozenset())
    assert named_variables(source, declared_variables()) == listed


def test_engine_reads_is_the_union_of_the_modules_lists():
    union = frozenset().union(*(getattr(importlib.import_module(m), "NAMED_VARIABLES", frozenset()) for m in modules()))
    assert union == ENGINE_READS


def test_the_scan_sees_plain_qualified_and_formatted_names():
    source = 'def f(env, team, style):\n    """Reads resolve."""\n    return env["tension"], env[f"{team}.mobilising"], env[f"{team}.accept_{style}"]\n'
    assert named_variables(source, {"resolve", "tension", "mobilising", "accept_formulation", "unused"}) == {
        "tension",
        "mobilising",
        "accept_formulation",
    }
