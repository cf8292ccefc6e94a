"""The `wargame` command.

Heavy modules (the loader's models, and later the engine and the UI) are imported inside
the commands that need them, so each command pays only for what it uses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from wargame import __version__


def _project_root() -> Path:
    """The folder holding `scenarios/` and `rules/`: the working directory when it has them,
    else the checkout wargame was installed from."""
    cwd = Path.cwd()
    if (cwd / "scenarios").is_dir() and (cwd / "rules").is_dir():
        return cwd
    from wargame.scenario.loader import PACKAGE_ROOT

    return PACKAGE_ROOT


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wargame")
def main() -> None:
    """Crisis wargames in the terminal: scenario cards, turn-based play, explainable adjudication."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
def validate(files: tuple[Path, ...], quiet: bool) -> None:
    """Check scenario cards and rulebooks; print FILE:LINE:COL diagnostics.

    Exit status 0 when every file is valid, 1 otherwise."""
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import display_path, load_any

    failed = 0
    for path in files:
        try:
            loaded = load_any(path)
        except ScenarioError as exc:
            failed += 1
            for diag in exc.diagnostics:
                click.echo(str(diag))
            if not quiet:
                n = len(exc.errors)
                click.echo(f"{display_path(path)}: {n} error{'s' if n != 1 else ''}", err=True)
            continue
        for diag in loaded.warnings:
            click.echo(str(diag))
        if not quiet:
            kind = "rulebook" if hasattr(loaded, "digest") else "scenario"
            click.echo(f"{display_path(path)}: valid {kind}", err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files are out of date.")
def schema(check: bool) -> None:
    """Write scenarios/schema.json and rules/schema.json from the models."""
    from wargame.scenario import schema as schemas

    root = _project_root()
    if check:
        stale = schemas.stale(root)
        for path in stale:
            click.echo(f"{path}: out of date; run `wargame schema` and commit the result")
        sys.exit(1 if stale else 0)
    for path in schemas.write(root):
        click.echo(f"wrote {path}")


@main.command(name="list")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def list_cards(folder: Path | None) -> None:
    """List the scenario cards in FOLDER (default: scenarios/)."""
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import display_path, load_scenario

    folder = folder or _project_root() / "scenarios"
    files = sorted(p for p in folder.glob("*.yaml") if p.is_file())
    if not files:
        click.echo(f"no scenario cards (*.yaml) in {display_path(folder)}", err=True)
        sys.exit(1)
    rows = []
    for path in files:
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            rows.append(
                (path.stem, f"INVALID: {len(exc.errors)} error(s), run `wargame validate {display_path(path)}`", "", "")
            )
            continue
        card = s.card
        teams = ", ".join(t.id for t in card.teams)
        rows.append((card.id, card.title, teams, str(len(card.calendar))))
    widths = [max(len(r[i]) for r in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]) for i in range(4)]
    for row in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
