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
    """The current project: the working directory (its `scenarios/` and `rules/` are searched first)."""
    return Path.cwd()


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, prog_name="wargame")
@click.option(
    "--saves",
    "saves_option",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for saves (default: $WARGAME_SAVES, else saves/ in the user's data folder; see `wargame paths`).",
)
@click.pass_context
def main(ctx: click.Context, saves_option: Path | None) -> None:
    """Crisis wargames in the terminal: scenario cards, turn-based play, explainable adjudication.

    With no command, opens the terminal UI's home screen."""
    if ctx.invoked_subcommand is None:
        from wargame.persistence.saves import saves_dir

        _ui(saves_dir(saves_option))


def _ui(saves: Path, **kwargs: object) -> None:
    if not sys.stdout.isatty() and not kwargs.pop("force", False):
        click.echo(
            "The terminal UI needs a terminal; use `wargame play CARD --headless` to play without one.", err=True
        )
        sys.exit(2)
    from wargame.ui.app import run_ui

    run_ui(_project_root(), saves, **kwargs)  # type: ignore[arg-type]


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-q", "--quiet", is_flag=True, help="Print problems only, no summary.")
def validate(files: tuple[Path, ...], quiet: bool) -> None:
    """Check scenario cards and rulebooks; print FILE:LINE:COL diagnostics.

    Exit status 0 when every file is valid, 1 otherwise."""
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import display_path, load_any
    from wargame.textsafe import line

    failed = 0
    for path in files:
        try:
            loaded = load_any(path)
        except ScenarioError as exc:
            failed += 1
            for diag in exc.diagnostics:
                click.echo(line(diag))
            if not quiet:
                n = len(exc.errors)
                click.echo(line(f"{display_path(path)}: {n} error{'s' if n != 1 else ''}"), err=True)
            continue
        for diag in loaded.warnings:
            click.echo(line(diag))
        if not quiet:
            kind = "rulebook" if hasattr(loaded, "digest") else "scenario"
            click.echo(line(f"{display_path(path)}: valid {kind}"), err=True)
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--check", is_flag=True, help="Exit 1 if the committed schema files are out of date.")
def schema(check: bool) -> None:
    """Write scenarios/schema.json and rules/schema.json from the models."""
    from wargame.scenario import schema as schemas

    root = _project_root()
    if not ((root / "scenarios").is_dir() and (root / "rules").is_dir()):
        click.echo("error: run `wargame schema` in a project folder holding scenarios/ and rules/", err=True)
        sys.exit(2)
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
    """List the scenario cards in FOLDER (default: every card findable by id; see `wargame paths`)."""
    from wargame.paths import card_dirs, card_files
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import display_path, load_scenario
    from wargame.textsafe import line

    files = card_files(_project_root(), folder)
    if not files:
        where = display_path(folder) if folder is not None else ", ".join(map(display_path, card_dirs()))
        click.echo(line(f"no scenario cards (*.yaml) in {where}"), err=True)
        sys.exit(1)
    rows = []
    for path in files:
        try:
            s = load_scenario(path)
        except ScenarioError as exc:
            rows.append(
                (
                    line(path.stem),
                    line(f"INVALID: {len(exc.errors)} error(s), run `wargame validate {display_path(path)}`"),
                    "",
                    "",
                )
            )
            continue
        card = s.card
        teams = ", ".join(t.id for t in card.teams)
        rows.append((line(card.id), line(card.title), line(teams), str(len(card.calendar))))
    widths = [max(len(r[i]) for r in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]) for i in range(4)]
    for row in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _load_card(path: Path):
    """Load a card given as a path or by id (see `wargame paths`); exit 1 with its diagnostics."""
    from wargame.paths import find_card
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import load_scenario
    from wargame.textsafe import line

    try:
        return load_scenario(find_card(path))
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            click.echo(line(diag), err=True)
        click.echo(line(f"{path}: cannot play an invalid card (fix the errors above)"), err=True)
        sys.exit(1)


@main.command()
@click.argument("card", type=click.Path(path_type=Path), required=False)
@click.option("--headless", is_flag=True, help="Print a transcript instead of opening the terminal UI.")
@click.option("--seat", "seats", multiple=True, metavar="TEAM=human|bot:POLICY", help="Who plays a team (repeatable).")
@click.option("--orders", type=click.Path(path_type=Path), help="YAML orders for human seats (headless).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the game's random numbers.")
@click.option("--resume", type=click.Path(path_type=Path), help="Continue a saved game.")
@click.option("--turn", type=click.IntRange(1), help="With --resume: start a new branch from the start of turn N.")
@click.option(
    "--saves",
    "saves_option",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for autosaves (default: $WARGAME_SAVES, else ./saves).",
)
@click.option("--no-autosave", is_flag=True, help="Do not write autosaves.")
@click.option("--facilitator", is_flag=True, help="Facilitator mode: the console is a key away (F).")
def play(
    card: Path | None,
    headless: bool,
    facilitator: bool,
    seats: tuple[str, ...],
    orders: Path | None,
    seed: int,
    resume: Path | None,
    turn: int | None,
    saves_option: Path | None,
    no_autosave: bool,
) -> None:
    """Play a scenario card, or --resume a saved game, in the terminal UI. With --headless,
    bots and scripted orders play it to the end and a transcript is printed. Every turn is
    autosaved."""
    if (card is None) == (resume is None):
        click.echo("error: give a CARD to start a game, or --resume SAVE to continue one", err=True)
        sys.exit(2)
    if turn is not None and resume is None:
        click.echo("error: --turn goes with --resume SAVE (it forks a saved game)", err=True)
        sys.exit(2)
    from wargame.persistence.saves import saves_dir
    from wargame.session.seats import SeatError, normalise

    folder = saves_dir(saves_option)
    if not headless:
        seating: dict[str, str] = {}
        for spec in seats:
            team, _, seat = spec.partition("=")
            try:
                seating[team] = normalise(seat, spec)
            except SeatError as exc:
                click.echo(f"error: {exc}", err=True)
                sys.exit(1)
        if card is not None and not card.is_file():
            click.echo(f"{card}:1:1: no such file", err=True)
            sys.exit(1)
        # the card is checked inside the UI, after its first screen is drawn: errors are
        # shown there with their FILE:LINE:COL
        _ui(folder, card=card, seats=seating or None, seed=seed, facilitator=facilitator, resume=resume, fork_turn=turn)
        return
    sys.exit(_headless(card, seats, orders, seed, resume, turn, None if no_autosave else folder))


def _echo(text: str, err: bool) -> None:
    click.echo(text, err=err)


def _headless(
    card: Path | None,
    seats: tuple[str, ...],
    orders: Path | None,
    seed: int,
    resume: Path | None,
    turn: int | None,
    saves: Path | None,
) -> int:
    """`play --headless`: open the session, seat it, load the script, play it to the end."""
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.session.errors import Refused, ResumeError
    from wargame.session.headless import play_headless
    from wargame.session.orders_file import load_orders
    from wargame.session.seats import SeatError, parse_seats
    from wargame.session.session import PlaySession

    def warn(message: str) -> None:
        click.echo(f"warning: {message}", err=True)

    if resume is not None:
        try:
            session = PlaySession.resume(resume, saves=saves, on_warning=warn)
        except ResumeError as exc:
            click.echo(f"error: {exc}", err=True)
            return 1
        defaults = dict(session.seats)
    else:
        assert card is not None
        scenario = _load_card(card)
        defaults = {t.id: t.default_seat for t in scenario.card.teams}
        session = PlaySession.new(scenario, defaults, seed, saves=saves, undo=False, on_warning=warn)
    try:
        seating = parse_seats(seats, session.teams, defaults)
    except SeatError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    for team, seat in seating.items():
        if session.seats[team] != seat:
            session.set_seat(team, seat)
    if turn is not None:
        try:
            game_id = session.fork(turn)
        except Refused as exc:
            click.echo(f"error: {exc}", err=True)
            return 1
        click.echo(f"forked {resume} at the start of turn {turn} as {game_id} (the original is unchanged)")
    humans = session.humans
    if humans and orders is None and not session.over:
        click.echo(
            f"error: {', '.join(humans)} seated human: give --orders FILE, or seat them with --seat TEAM=bot:POLICY",
            err=True,
        )
        return 1
    script = {}
    if orders is not None:
        try:
            script = load_orders(orders)
        except ScenarioError as exc:
            for diag in exc.diagnostics:
                click.echo(str(diag), err=True)
            return 1
    return play_headless(session, script, _echo)


@main.command()
@click.argument("card", type=click.Path(path_type=Path))
@click.option("-n", "games", type=click.IntRange(1, 10_000_000), default=1000, show_default=True, help="Games to play.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the first game (game i uses seed + i).")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
@click.option(
    "--seat", "seats", multiple=True, metavar="TEAM=POLICY", help="Bot policy of a team (default historical)."
)
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write the aggregate report as JSON.")
def simulate(card: Path, games: int, seed: int, jobs: int, seats: tuple[str, ...], json_path: Path | None) -> None:
    """Play many bot games and summarise how the card behaves."""
    import json

    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.session.seats import SeatError, parse_seats
    from wargame.sim.runner import simulate as run
    from wargame.textsafe import line

    scenario = _load_card(card)
    card = scenario.path
    output = None
    if json_path is not None:  # checked before the batch, so a bad target never costs a finished run
        try:
            output = plan_output(json_path, [card, scenario.rulebook.path])
        except OutputRefused as exc:
            click.echo(line(f"error: --json {exc}"), err=True)
            sys.exit(1)
    teams = [t.id for t in scenario.card.teams]
    try:
        seating = parse_seats(
            [s if "=" not in s or s.split("=", 1)[1].startswith("bot:") else s.replace("=", "=bot:", 1) for s in seats],
            teams,
            {t: "bot:historical" for t in teams},
        )
    except SeatError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    if "human" in seating.values():
        click.echo("error: simulate plays bots only; seat every team with a policy", err=True)
        sys.exit(1)
    if sys.stderr.isatty():
        with click.progressbar(length=games, label="simulating", file=sys.stderr) as bar:
            result = run(card, games, seed, seating, jobs, progress=bar.update)
    else:
        result = run(card, games, seed, seating, jobs)
    click.echo(line(f"{scenario.card.title}: {result['games']} games, seeds {seed}..{seed + games - 1}, {jobs} job(s)"))
    click.echo(line("seats: " + ", ".join(f"{t}={p}" for t, p in result["seats"].items())))
    click.echo("end kind     games   share")
    for kind, count in result["end_kinds"].items():
        click.echo(line(f"{kind:<12} {count:>6}  {100 * count / result['games']:5.1f}%"))
    click.echo(line("peak rung: " + ", ".join(f"{r}: {n}" for r, n in result["peak_rung"].items())))
    click.echo(f"mean turns: {result['mean_turns']:.2f}   games/s: {result['games_per_second']}")
    click.echo(line("mediation activations: " + ", ".join(f"{m} {n}" for m, n in result["mediation"].items())))
    if output is not None:
        try:
            write_output(output, json.dumps(result, indent=2) + "\n")
        except OutputRefused as exc:
            click.echo(line(f"error: --json {exc}"), err=True)
            sys.exit(1)
        if output.path is not None:
            click.echo(line(f"wrote {json_path}"))


@main.command()
@click.argument("save", type=click.Path(path_type=Path))
def replay(save: Path) -> None:
    """Re-run a saved game from its card, seed and recorded inputs, and check it reproduces
    the recorded event log exactly. Exit 0 when identical, 1 otherwise."""
    from wargame.persistence.errors import SaveError
    from wargame.persistence.saves import replay as run
    from wargame.textsafe import line

    try:
        record, result = run(save)
    except SaveError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    if result.identical:
        n = len(record.snapshot.get("log", []))
        click.echo(
            line(f"{save}: identical — {len(record.turns)} turn(s), {n} event(s) reproduced from seed {record.seed}")
        )
        return
    click.echo(line(f"{save}: DIFFERS at turn {result.turn}, event {result.index}"), err=True)
    click.echo(line(f"  recorded: {result.expected}"), err=True)
    click.echo(line(f"  replayed: {result.got}"), err=True)
    sys.exit(1)


@main.command()
@click.argument("save", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of standard output.")
def report(save: Path, fmt: str, output: Path | None) -> None:
    """Write the after-action report of a saved game (Markdown or self-contained HTML)."""
    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.persistence.errors import SaveError
    from wargame.persistence.saves import load_game
    from wargame.reporting import aar, compare
    from wargame.textsafe import block, line

    try:
        target = plan_output(output if output is not None else "-", [save])
    except OutputRefused as exc:
        click.echo(line(f"error: -o {exc}"), err=True)
        sys.exit(1)
    try:
        record, scenario, game = load_game(save)
    except SaveError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    comparison = compare.compare(scenario, game.state, record.seats) if game.over else None
    built = aar.build(scenario, game.state, record.seats, comparison)
    text = aar.markdown(built) if fmt == "md" else aar.html(built)
    if target.path is None:
        click.echo(block(text), nl=False)
        return
    try:
        write_output(target, text)
    except OutputRefused as exc:
        click.echo(line(f"error: -o {exc}"), err=True)
        sys.exit(1)
    click.echo(line(f"wrote {output}"))


@main.command()
def paths() -> None:
    """Print where saves are kept and where cards and rulebooks are searched, in order."""
    from wargame.paths import locations

    rows = locations(_project_root())
    width = max(len(what) for what, _ in rows)
    for what, where in rows:
        click.echo(f"{what + ':':<{width + 1}} {where}")
