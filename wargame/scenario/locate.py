"""Finding a card's rulebook without leaving the allowed folders (cheap: no pydantic)."""

from __future__ import annotations

from pathlib import Path

from wargame.paths import rulebook_dirs

__all__ = ["find_rulebook", "rulebook_dirs"]


def find_rulebook(card_path: Path, name: str) -> Path | None:
    """The rulebook file named `name`, never outside the allowed folders (symlinks resolved)."""
    for folder in rulebook_dirs(card_path):
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            real = candidate.resolve()
            if real.parent == folder.resolve():
                return candidate
    return None
