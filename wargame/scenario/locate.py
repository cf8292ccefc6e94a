"""Finding a card's rulebook without leaving the allowed folders (cheap: no pydantic)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wargame.paths import rulebook_dirs, rulebook_dirs_in_order

__all__ = ["Lookup", "find_rulebook", "lookup_rulebook", "rulebook_dirs"]


@dataclass(frozen=True)
class Lookup:
    """Where a rulebook was found, or why not: the folders searched and the symlinks refused."""

    path: Path | None
    searched: list[Path]
    """The folders looked in, in order (all of them when the rulebook was not found)."""
    refused: list[Path] = field(default_factory=list)
    """`<folder>/<id>.yaml` files that are symlinks leading out of their folder (not followed)."""

    def why_missing(self, name: str) -> str:
        from wargame.scenario.diagnostics import display_path

        where = ", ".join(display_path(d) for d in self.searched)
        message = f"no rulebook '{name}.yaml' in {where}"
        if self.refused:
            links = ", ".join(display_path(p) for p in self.refused)
            message += f"; refused {links}: a symlink leading out of its folder is not followed (copy the file there)"
        return message


def lookup_rulebook(card_path: Path, name: str) -> Lookup:
    """The rulebook file named `name`, never outside the allowed folders (symlinks resolved)."""
    folders: list[Path] = []
    refused: list[Path] = []
    for folder in rulebook_dirs_in_order(card_path):
        folders.append(folder)
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            real = candidate.resolve()
            if real.parent == folder.resolve():
                return Lookup(candidate, folders, refused)
            refused.append(candidate)
    return Lookup(None, folders, refused)


def find_rulebook(card_path: Path, name: str) -> Path | None:
    """The rulebook file named `name`, or None (see `lookup_rulebook` for why)."""
    return lookup_rulebook(card_path, name).path
