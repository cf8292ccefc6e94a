"""Finding a card's rulebook without leaving the allowed folders (cheap: no pydantic)."""

from __future__ import annotations

from pathlib import Path

from wargame.paths import PACKAGE_ROOT


def rulebook_dirs(card_path: Path) -> list[Path]:
    """Folders a card's rulebook may come from: `rules/` beside the card's folder, the card's
    own folder, and the `rules/` folder shipped with wargame."""
    here = card_path.resolve().parent
    dirs = [here.parent / "rules", here, PACKAGE_ROOT / "rules"]
    unique: list[Path] = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def find_rulebook(card_path: Path, name: str) -> Path | None:
    """The rulebook file named `name`, never outside the allowed folders (symlinks resolved)."""
    for folder in rulebook_dirs(card_path):
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            real = candidate.resolve()
            if real.parent == folder.resolve():
                return candidate
    return None
