"""Compiler-style diagnostics: `FILE:LINE:COL: field.path: message`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal


def display_path(path: Path | str) -> str:
    """A path for messages: relative to the working directory when inside it, else as given."""
    path = Path(path)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
    return str(path)


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem (or warning) in a file, at a 1-based line and column."""

    file: str
    line: int
    col: int
    path: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}: "
        tag = "warning: " if self.severity == "warning" else ""
        field = f"{self.path}: " if self.path else ""
        return f"{where}{tag}{field}{self.message}"


class ScenarioError(Exception):
    """A card or rulebook could not be loaded; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def format_path(loc: Iterable[object]) -> str:
    """`("moves", 3, "precondition")` → `moves.3.precondition`."""
    return ".".join(str(p) for p in loc)
