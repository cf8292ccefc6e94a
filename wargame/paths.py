"""Where wargame finds cards and rulebooks and keeps saves. Cheap to import: no pydantic, no engine.

Search order for a card named by id (`wargame play balakot-2019`) and for the rulebook a card names:

1. an explicit path (a card given as a file; for a rulebook: `rules/` beside the card's folder, `rules/`
   inside it, then the card's own folder);
2. the current project: `./scenarios/` and `./rules/` in the working directory;
3. the user's data folder (`wargame paths` prints it): `scenarios/` and `rules/` there;
4. the cards and rulebooks shipped inside the package (`wargame.cards`, `wargame.rulebooks`).

Nothing else is searched: in particular never a `rules/` folder beside the installed package.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

APP = "wargame"
SAVES_ENV = "WARGAME_SAVES"
CARD_SUFFIX = ".yaml"
_CARD_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def user_data() -> Path:
    """The user's wargame data folder (e.g. ~/.local/share/wargame on Linux)."""
    from platformdirs import user_data_path  # here: a card whose rulebook lies beside it never asks

    return user_data_path(APP, appauthor=False)


@cache
def shipped_cards() -> Path:
    """The folder of the cards shipped with the package."""
    return _package_folder("wargame.cards")


@cache
def shipped_rulebooks() -> Path:
    """The folder of the rulebooks shipped with the package."""
    return _package_folder("wargame.rulebooks")


def _package_folder(name: str) -> Path:
    """The folder of a package, as `importlib.resources.files(name)` gives it for a package on disk, without
    importing `importlib.resources` (with `tempfile`, `shutil` and the archive modules: slower start-up)."""
    module = importlib.import_module(name)
    if module.__file__ is None:  # a namespace package: let importlib.resources find it
        from importlib.resources import files

        return Path(str(files(name)))
    return Path(module.__file__).parent


def saves_dir(option: Path | None = None) -> Path:
    """`--saves DIR`, else $WARGAME_SAVES, else `saves/` in the user's data folder."""
    if option is not None:
        return option
    env = os.environ.get(SAVES_ENV)
    return Path(env) if env else user_data() / "saves"


def _unique(dirs: Iterator[Path] | list[Path]) -> Iterator[Path]:
    """`dirs` in order, each folder once (the first of the paths that resolve to it)."""
    seen: set[Path] = set()
    for d in dirs:
        key = d.resolve()
        if key not in seen:
            seen.add(key)
            yield d


def card_dirs(project: Path | None = None) -> list[Path]:
    """Folders searched for cards by id, first match wins: the project's, the user's, the package's."""
    project = Path.cwd() if project is None else project
    return list(_unique([project / "scenarios", user_data() / "scenarios", shipped_cards()]))


def rulebook_dirs(card_path: Path, project: Path | None = None) -> list[Path]:
    """Folders a card's rulebook may come from, first match wins: `rules/` beside the card's folder,
    `rules/` inside the card's folder, the card's own folder, the project's `rules/`, the user's `rules/`,
    the package's rulebooks."""
    return list(rulebook_dirs_in_order(card_path, project))


def rulebook_dirs_in_order(card_path: Path, project: Path | None = None) -> Iterator[Path]:
    """`rulebook_dirs`, one folder at a time: a search that stops at the first match never looks up the
    later ones (the user's folder needs `platformdirs`)."""
    here = card_path.resolve().parent
    project = Path.cwd() if project is None else project

    def folders() -> Iterator[Path]:
        yield from (here.parent / "rules", here / "rules", here, project / "rules")
        yield user_data() / "rules"
        yield shipped_rulebooks()

    return _unique(folders())


def card_files(project: Path | None = None, folder: Path | None = None) -> list[Path]:
    """Every card findable by id (one file per id, the first in search order), sorted by id; or the
    `*.yaml` files of one `folder`."""
    if folder is not None:
        return sorted(p for p in folder.glob(f"*{CARD_SUFFIX}") if p.is_file())
    found: dict[str, Path] = {}
    for d in card_dirs(project):
        if d.is_dir():
            for p in sorted(d.glob(f"*{CARD_SUFFIX}")):
                if p.is_file():
                    found.setdefault(p.stem, p)
    return [found[k] for k in sorted(found)]


def looks_like_path(name: str) -> bool:
    return name.endswith((CARD_SUFFIX, ".yml")) or "/" in name or os.sep in name


def card_by_id(card_id: str, project: Path | None = None) -> Path | None:
    """The first `ID.yaml` in `card_dirs`, or None (also for anything that is not a plain id)."""
    if not _CARD_ID.fullmatch(card_id):
        return None
    for d in card_dirs(project):
        candidate = d / f"{card_id}{CARD_SUFFIX}"
        if candidate.is_file():
            return candidate
    return None


def find_card(name: str | Path, project: Path | None = None) -> Path:
    """A card given as a path (returned as is) or by id (`balakot-2019`, see `card_by_id`). An id
    that is not found is returned as a path, so the caller reports it missing."""
    text = str(name)
    if looks_like_path(text) or Path(text).exists():
        return Path(name)
    return card_by_id(text, project) or Path(name)


def locations(project: Path | None = None, saves: Path | None = None) -> list[tuple[str, str]]:
    """(what, where) for `wargame paths` (`saves`: a `--saves` option given)."""
    project = Path.cwd() if project is None else project
    env = os.environ.get(SAVES_ENV)
    saves_note = " (from --saves)" if saves is not None else f" (from ${SAVES_ENV})" if env else ""
    return [
        ("saves", f"{saves_dir(saves)}{saves_note}"),
        ("user data", str(user_data())),
        ("cards", " → ".join(str(d) for d in card_dirs(project))),
        ("rulebooks", " → ".join(str(d) for d in rulebook_dirs(project / "scenarios" / "x.yaml", project))),
        ("shipped cards", str(shipped_cards())),
        ("shipped rulebooks", str(shipped_rulebooks())),
    ]
