"""The `wargame` command. With no arguments it opens the terminal UI's home screen at once, without
importing click or the command-line module (a first frame sooner); anything else goes to `cli.main`."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    if len(sys.argv) == 1 and sys.stdout.isatty():
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as `cli.main` does
        from wargame.paths import saves_dir
        from wargame.ui.app import run_ui

        run_ui(Path.cwd(), saves_dir(None))
        return
    from wargame.cli import main as cli_main

    cli_main()
