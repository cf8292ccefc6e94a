"""The terminal UI drives only the play session: no module of `wargame/ui/` imports the
engine, the rules, the saves or the batch simulator, or reaches into a game's internals."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

FORBIDDEN_PACKAGES = ("wargame.engine", "wargame.persistence", "wargame.sim", "wargame.bots")
FORBIDDEN_ATTRIBUTES = {"game", "state", "c", "compiled", "rng", "_engine"}
UI = ROOT / "wargame" / "ui"


def offences(path: Path, root: Path = ROOT) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(root)
    found = []
    for node in ast.walk(tree):
        modules: list[str] = []
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        for module in modules:
            if module.startswith(FORBIDDEN_PACKAGES):
                found.append(f"{where}:{node.lineno}: imports {module}")
        if isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{where}:{node.lineno}: reaches .{node.attr}")
    return found


def test_the_ui_uses_only_the_session_interface():
    files = sorted(UI.rglob("*.py"))
    assert len(files) >= 10
    assert [o for path in files for o in offences(path)] == []


def test_the_scan_catches_what_it_forbids(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from wargame.engine.state import Event\n"
        "import wargame.engine.rules.legality\n"
        "from wargame import persistence\n"
        "x = session.game.state.vars\n"
        "y = game.c.rules\n"
    )
    found = {line.split(": ", 1)[1] for line in offences(bad, tmp_path)}
    assert found == {
        "imports wargame.engine.state",
        "imports wargame.engine.state.Event",
        "imports wargame.engine.rules.legality",
        "imports wargame.persistence",
        "reaches .game",
        "reaches .state",
        "reaches .c",
    }
