"""A lint finding, placed at FILE:LINE:COL like a validation diagnostic."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from wargame.lint.codes import RULES, Severity


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity
    path: str = ""
    """The field the finding is about, e.g. `moves.12.precondition`."""

    @property
    def name(self) -> str:
        return RULES[self.code].name

    def __str__(self) -> str:
        field = f"{self.path}: " if self.path else ""
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.code} {self.name}: {field}{self.message}"

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "name": self.name}
