"""The `wargame` command. Two common commands start without importing click or the command-line module
(an answer sooner): with no arguments on a terminal it opens the terminal UI's home screen, and a plain
`wargame validate [-q] FILE…` checks the files at once. Anything else goes to `cli.main`."""

from __future__ import annotations

import errno
import gc
import os
import sys
from pathlib import Path


def main() -> None:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as `cli.main` does, for every route
    args = sys.argv[1:]
    if not args and sys.stdout.isatty():
        from wargame.paths import saves_dir
        from wargame.ui.app import run_ui

        run_ui(Path.cwd(), saves_dir(None))
        return
    plain = plain_validate(args)
    if plain is not None:
        validate(*plain)
    from wargame.cli import main as cli_main

    cli_main()


def plain_validate(args: list[str]) -> tuple[tuple[Path, ...], bool] | None:
    """(files, quiet) when `args` are `validate` with only files and `-q`/`--quiet`, in a form the click
    command would take as it is; None for anything else (options, `--`, help, no file, a file click
    would refuse as unreadable, shell completion, Windows' argument expansion): click handles those."""
    if len(args) < 2 or args[0] != "validate" or os.name == "nt" or "_WARGAME_COMPLETE" in os.environ:
        return None
    quiet = False
    files: list[Path] = []
    for arg in args[1:]:
        if arg in ("-q", "--quiet"):
            quiet = True
        elif arg.startswith("-") or (os.path.exists(arg) and not os.access(arg, os.R_OK)):
            return None
        else:
            files.append(Path(arg))
    return (tuple(files), quiet) if files else None


def validate(files: tuple[Path, ...], quiet: bool) -> None:
    """Run `validate` and exit as the click command does (0 all valid, 1 otherwise; Ctrl-C prints
    "Aborted!" and a closed pipe ends quietly, both with status 1, as click's standalone mode does)."""
    try:
        # the imports below (the models above all) build objects that live as long as the process: no
        # collection while they load, then they are set aside. Nor during the checks: they free what they
        # build by reference counting (a valid card leaves no cycle, a broken one a few hundred small
        # objects), so the cycle collector would only walk the young objects again and again
        gc.disable()
        from wargame.authoring.validate_files import validate_files

        gc.freeze()
        try:
            failed, _read = validate_files(files, quiet)
        finally:
            gc.enable()
    except (EOFError, KeyboardInterrupt):
        from wargame.authoring.validate_files import echo

        echo("", err=True)
        echo("Aborted!", err=True)
        sys.exit(1)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        devnull = os.open(os.devnull, os.O_WRONLY)  # nothing more can be written: end without a flush error
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    sys.exit(1 if failed else 0)
