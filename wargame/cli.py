"""The `wargame` command.

Heavy modules (the loader's models, and later the engine and the UI) are imported inside
the commands that need them, so each command pays only for what it uses.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import NoReturn

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
    ctx.obj = saves_option  # `wargame --saves DIR play …` means the same as `wargame play --saves DIR …`
    # pydantic looks for plugins (an entry-point scan of every installed package) the first time a
    # model is built; the command needs none, so it skips the scan unless the user asked for plugins
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if ctx.invoked_subcommand is None:
        from wargame.paths import saves_dir

        _ui(saves_dir(saves_option))


def _global_saves() -> Path | None:
    """The `--saves` given before the subcommand, if any."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    return obj if isinstance(obj, Path) else None


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
@click.option("--watch", is_flag=True, help="Keep running: re-check whenever a file (or a rulebook it uses) is saved.")
def validate(files: tuple[Path, ...], quiet: bool, watch: bool) -> None:
    """Check scenario cards and rulebooks; print FILE:LINE:COL diagnostics.

    Exit status 0 when every file is valid, 1 otherwise."""
    from wargame.authoring.validate_files import validate_files

    if watch:
        from wargame.authoring.watch import watch as run_watch

        def again() -> list[Path]:
            read = validate_files(files, quiet)[1]
            click.echo("-- watching for changes (Ctrl-C to stop)", err=True)
            return read

        with contextlib.suppress(KeyboardInterrupt):
            run_watch(again)
        return
    failed, _read = validate_files(files, quiet)
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
    from wargame.scenario.loader import LoadedRulebook, display_path, load_any
    from wargame.textsafe import line

    files = card_files(_project_root(), folder)
    if not files:
        where = display_path(folder) if folder is not None else ", ".join(map(display_path, card_dirs()))
        click.echo(line(f"no scenario cards (*.yaml) in {where}"), err=True)
        sys.exit(1)
    rows = []
    for path in files:
        try:
            s = load_any(path)
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
        if isinstance(s, LoadedRulebook):
            rows.append((line(s.rules.id), line(f"(rulebook) {s.rules.title}"), "", ""))
            continue
        card = s.card
        teams = ", ".join(t.id for t in card.teams)
        rows.append((line(card.id), line(card.title), line(teams), str(len(card.calendar))))
    widths = [max(len(r[i]) for r in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]) for i in range(4)]
    for row in [("ID", "TITLE", "TEAMS", "TURNS"), *rows]:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())


def _card_file(card: Path) -> Path:
    """The card's file, given as a path or by id (see `wargame paths`); exit 1 if there is none."""
    if card.is_file():
        return card
    from wargame.paths import find_card
    from wargame.textsafe import line

    found = find_card(card)
    if not found.is_file():
        click.echo(line(f"{card}:1:1: no such file (and no card with that id; see `wargame list`)"), err=True)
        sys.exit(1)
    return found


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
    help="Folder for autosaves (default: $WARGAME_SAVES, else saves/ in the user's data folder).",
)
@click.option("--no-autosave", is_flag=True, help="Do not write autosaves.")
@click.option("--facilitator", is_flag=True, help="Facilitator mode: the console is a key away (F).")
@click.option("--pin", "facilitator_pin", help="With --facilitator: the console asks for this PIN (hot-seat games).")
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
    facilitator_pin: str | None = None,
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
    from wargame.paths import saves_dir
    from wargame.session.seats import SeatError, parse_seats

    folder = saves_dir(saves_option or _global_saves())
    if not headless:
        try:
            seating = parse_seats(seats)  # team names are checked once the UI has read the card
        except SeatError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        if card is not None:
            card = _card_file(card)
        # the card is checked inside the UI, after its first screen is drawn: errors are
        # shown there with their FILE:LINE:COL
        _ui(
            folder,
            card=card,
            seats=seating or None,
            seed=seed,
            facilitator=facilitator,
            resume=resume,
            fork_turn=turn,
            facilitator_pin=facilitator_pin,
        )
        return
    sys.exit(_headless(card, seats, orders, seed, resume, turn, None if no_autosave else folder))


def _echo(text: str, err: bool) -> None:
    from wargame.textsafe import line

    click.echo(line(text), err=err)


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
    from wargame.session.orders_file import check_orders, read_orders
    from wargame.session.seats import SeatError, parse_seats
    from wargame.session.session import PlaySession

    def warn(message: str) -> None:
        _echo(f"warning: {message}", True)

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
            script, doc = read_orders(orders)
        except ScenarioError as exc:
            for diag in exc.diagnostics:
                click.echo(str(diag), err=True)
            return 1
        problems = check_orders(doc, script, session.loaded_card, session.seats)
        for diag in problems:
            click.echo(str(diag), err=True)
        if any(d.severity == "error" for d in problems):
            return 1
    return play_headless(session, script, _echo)


def _cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@main.command()
@click.argument("card", type=click.Path(path_type=Path))
@click.option("-n", "games", type=click.IntRange(1, 10_000_000), default=1000, show_default=True, help="Games to play.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the first game (game i uses seed + i).")
@click.option("--jobs", type=click.IntRange(1, 256), help="Worker processes (default: the cores available).")
@click.option("--force", is_flag=True, help="Allow --jobs above the cores available.")
@click.option(
    "--seat", "seats", multiple=True, metavar="TEAM=POLICY", help="Bot policy of a team (default historical)."
)
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write the aggregate report as JSON.")
@click.option("--rows", "rows_path", type=click.Path(path_type=Path), help="Write one row per game (.csv or .jsonl).")
@click.option(
    "--turns", "turns_path", type=click.Path(path_type=Path), help="Write one row per game and turn (.csv or .jsonl)."
)
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Write the simulation report (HTML).")
@click.option("--set", "sets", multiple=True, metavar="PATH=VALUE", help="Override a numeric parameter (repeatable).")
@click.option("--sweep", metavar="PATH=V1,V2,…", help="Run the batch once for each value of a parameter.")
@click.option("--cluster", metavar="tcp://HOST:PORT", help="Run on a Dask distributed scheduler (wargame[cluster]).")
def simulate(
    card: Path,
    games: int,
    seed: int,
    jobs: int | None,
    force: bool,
    seats: tuple[str, ...],
    json_path: Path | None,
    rows_path: Path | None,
    turns_path: Path | None,
    report_path: Path | None,
    sets: tuple[str, ...],
    sweep: str | None,
    cluster: str | None,
) -> None:
    """Play many bot games and summarise how the card behaves; optionally write per-game and
    per-turn tables, an HTML report, and sweep a parameter. Ctrl-C stops the batch (exit 130),
    keeping the rows written so far."""
    import json

    from wargame.bots.turn import BotError
    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.scenario.overrides import SettingError, apply_settings, parse_setting, parse_sweep
    from wargame.session.seats import SeatError, parse_seats
    from wargame.sim.batch import BatchStopped, TableTarget, run_batch
    from wargame.sim.tables import table_format
    from wargame.textsafe import line

    cores = _cores()
    if jobs is None:
        jobs = cores
    elif jobs > cores and not force and cluster is None:
        click.echo(f"error: --jobs {jobs} is more than the {cores} core(s) available; add --force to insist", err=True)
        sys.exit(2)
    scenario = _load_card(card)
    card_arg, card = str(card), scenario.path
    inputs = [card, scenario.rulebook.path]
    try:
        base = tuple(parse_setting(s) for s in sets)
        runs = [base]
        if sweep is not None:
            name, values = parse_sweep(sweep)
            runs = [(*[s for s in base if s[0] != name], (name, v)) for v in values]
        for settings in runs:
            if settings:
                apply_settings(scenario, settings)  # refused here, before any game is played
    except SettingError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    targets: dict[str, object] = {}
    for flag, path in (
        ("--json", json_path),
        ("--rows", rows_path),
        ("--turns", turns_path),
        ("--report", report_path),
    ):
        if path is None:
            continue
        if flag in ("--rows", "--turns") and table_format(path) is None:
            click.echo(line(f"error: {flag} {path}: give a .csv or .jsonl file"), err=True)
            sys.exit(2)
        try:  # checked before the batch, so a bad target never costs a finished run
            targets[flag] = plan_output(path, inputs)
        except OutputRefused as exc:
            click.echo(line(f"error: {flag} {exc}"), err=True)
            sys.exit(1)
    teams = [t.id for t in scenario.card.teams]
    try:
        seating = parse_seats(seats, teams, {t: "bot:historical" for t in teams})
    except SeatError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    if "human" in seating.values():
        click.echo("error: simulate plays bots only; seat every team with a policy", err=True)
        sys.exit(1)
    executor = None
    if cluster is not None:
        from wargame.sim.cluster import ClusterError, cluster_executor

        try:
            executor = cluster_executor(cluster, scenario)
        except ClusterError as exc:
            click.echo(line(f"error: --cluster {exc}"), err=True)
            sys.exit(1)
        jobs = max(1, executor.workers)
    rows = TableTarget(targets["--rows"], table_format(rows_path) or "csv") if rows_path else None  # type: ignore[arg-type]
    turns = TableTarget(targets["--turns"], table_format(turns_path) or "csv") if turns_path else None  # type: ignore[arg-type]
    batch = dict(rows=rows, turns=turns, summary=report_path is not None, executor=executor)
    where = f"cluster {cluster} ({jobs} worker(s))" if cluster else f"{jobs} job(s)"
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=games * len(runs), label="simulating", file=sys.stderr) as bar:
                done = run_batch(scenario, games, seed, seating, jobs, runs, progress=bar.update, **batch)  # type: ignore[arg-type]
        else:
            done = run_batch(scenario, games, seed, seating, jobs, runs, **batch)  # type: ignore[arg-type]
    except BotError as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    except BatchStopped as stop:
        played = sum(r.report["games"] for r in stop.runs)
        kept = [str(p) for p in (rows_path, turns_path) if p is not None]
        what = f"error: {stop.failure}" if stop.failure else "interrupted"
        click.echo(
            line(f"{what}: {played} game(s) finished" + (f"; rows kept in {', '.join(kept)}" if kept else "")),
            err=True,
        )
        sys.exit(1 if stop.failure else 130)
    finally:
        if executor is not None:
            executor.close()
    for run in done:
        result = run.report
        if run.settings:
            click.echo(line("with " + ", ".join(f"{k}={v}" for k, v in run.settings)))
        click.echo(line(f"{scenario.card.title}: {result['games']} games, seeds {seed}..{seed + games - 1}, {where}"))
        click.echo(line("seats: " + ", ".join(f"{t}={p}" for t, p in result["seats"].items())))
        click.echo("end kind     games   share")
        for kind, count in result["end_kinds"].items():
            click.echo(line(f"{kind:<12} {count:>6}  {100 * count / result['games']:5.1f}%"))
        click.echo(line("peak rung: " + ", ".join(f"{r}: {n}" for r, n in result["peak_rung"].items())))
        click.echo(f"mean turns: {result['mean_turns']:.2f}   games/s: {result['games_per_second']}")
        click.echo(line("mediation activations: " + ", ".join(f"{m} {n}" for m, n in result["mediation"].items())))
    written = []
    if report_path is not None:
        from wargame.engine.compiled import compile_scenario
        from wargame.sim.records import describe
        from wargame.sim.report import ReportInput, render

        page = render(ReportInput(scenario, card_arg, seed, games, seating, done, describe(compile_scenario(scenario))))
        written.append(("--report", targets["--report"], page, report_path))
    if json_path is not None:
        if sweep is not None:
            payload: object = {"sweep": sweep.partition("=")[0].strip(), "runs": [r.report for r in done]}
        else:
            payload = done[0].report
        written.append(("--json", targets["--json"], json.dumps(payload, indent=2) + "\n", json_path))
    for flag, output, text, path in written:
        try:
            write_output(output, text)  # type: ignore[arg-type]
        except OutputRefused as exc:
            click.echo(line(f"error: {flag} {exc}"), err=True)
            sys.exit(1)
        if output.path is not None:  # type: ignore[attr-defined]
            click.echo(line(f"wrote {path}"))
    for path in (rows_path, turns_path):
        if path is not None:
            click.echo(line(f"wrote {path}"))


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
    from wargame.persistence.format import played_seats
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
    seats = played_seats(record)  # a seat a `join --bot` client played is reported as that bot
    comparison = compare.compare(scenario, game.state, seats) if game.over else None
    built = aar.build(scenario, game.state, seats, comparison)
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
    from wargame.scenario.card_index import index_path

    rows = locations(_project_root(), _global_saves())
    rows.append(("card index", f"{index_path()} (a cache of card titles for the home screen; safe to delete)"))
    width = max(len(what) for what, _ in rows)
    for what, where in rows:
        click.echo(f"{what + ':':<{width + 1}} {where}")


@main.command()
@click.argument("card", type=click.Path(path_type=Path), required=False)
@click.option("--seat", "seats", multiple=True, metavar="TEAM=human|bot:POLICY", help="Who plays a team (repeatable).")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the game's random numbers.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: the LAN).")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one).")
@click.option(
    "--turn-clock", "turn_clock", type=click.FloatRange(0, 24 * 60), help="Minutes per turn (none: no clock)."
)
@click.option("--resume", type=click.Path(path_type=Path), help="Continue a saved (served or local) game.")
@click.option("--web", "web_port", type=click.IntRange(1, 65535), help="Also serve the join client to browsers.")
@click.option("--public-code", is_flag=True, help="The projector view needs a code too.")
@click.option("--qr", is_flag=True, help="Print the join commands as terminal QR codes (needs `segno`).")
@click.option(
    "--saves",
    "saves_option",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for autosaves (default: $WARGAME_SAVES, else saves/ in the user's data folder).",
)
def serve(
    card: Path | None,
    seats: tuple[str, ...],
    seed: int,
    host: str,
    port: int,
    turn_clock: float | None,
    resume: Path | None,
    web_port: int | None,
    public_code: bool,
    qr: bool,
    saves_option: Path | None,
) -> None:
    """Serve a game to a classroom: each team joins from its own laptop with its code
    (`wargame join`), the facilitator with theirs, the projector with --public."""
    if (card is None) == (resume is None):
        click.echo("error: give a CARD to start a game, or --resume SAVE to continue one", err=True)
        sys.exit(2)
    import asyncio

    from wargame.net.serving import open_session, run_served
    from wargame.persistence.saves import saves_dir
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.session.errors import ResumeError
    from wargame.session.seats import SeatError, parse_seats
    from wargame.textsafe import line

    try:
        seating = parse_seats(seats)  # team names are checked once the card is read
    except SeatError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if card is not None:
        card = _card_file(card)
    try:
        session = open_session(card, resume, seating, seed, saves_dir(saves_option))
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            click.echo(line(str(diag)), err=True)
        sys.exit(1)
    except ResumeError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    if resume is not None and session.over:
        _finished_game(resume, session.turns_played)
    try:
        parse_seats(seats, session.teams)
    except SeatError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    for team, seat in seating.items():
        session.set_seat(team, seat)
    options = {"host": host, "port": port, "clock_minutes": turn_clock, "public_code": public_code}
    try:
        asyncio.run(
            run_served(session, web_port=web_port, qr=qr, echo=lambda s: click.echo(s), saves=saves_option, **options)
        )
    except OSError as exc:
        click.echo(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)


def _finished_game(save: Path, turns: int) -> NoReturn:
    """`serve --resume` of a game that has ended: nothing to serve; say what can be done with it."""
    from wargame.net.serving import next_steps

    click.echo(
        f"error: the game in {save} is over ({turns} turn(s) played): there is nothing left to serve.\n"
        + next_steps(save),
        err=True,
    )
    sys.exit(1)


# ---------------------------------------------------------------------------------------------- designer tools


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--games",
    type=click.IntRange(0, 100_000),
    default=200,
    show_default=True,
    help="Bot games per card for the dynamic rules (0: static rules only).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the first game.")
@click.option(
    "--rulebook", "with_rulebook", is_flag=True, help="For a card, also report its rulebook's static findings."
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too, not only on errors.")
def lint(files: tuple[Path, ...], fmt: str, games: int, seed: int, with_rulebook: bool, strict: bool) -> None:
    """Find dead or suspect content in cards and rulebooks: static rules (WG001…) and, for cards, seeded bot
    games with mixed policies (WG101…). Codes and the JSON format are documented in docs/lint.md; silence a
    finding with `# wargame: allow WG012` on its line or the line above.

    Exit status 1 when a file does not validate or a finding is an error (with --strict: or a warning)."""
    from wargame.lint.run import as_json, as_text, lint_file
    from wargame.paths import find_card
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.textsafe import block, line

    findings = []
    invalid = 0
    for name in files:
        try:
            findings += lint_file(find_card(name), games, seed, with_rulebook)
        except ScenarioError as exc:
            invalid += 1
            for diag in exc.diagnostics:
                click.echo(line(diag), err=True)
            click.echo(line(f"{name}: does not validate; fix the errors above first"), err=True)
    findings = sorted(set(findings))  # a rulebook shared by several files is reported once
    if fmt == "json":
        click.echo(block(as_json(findings, [str(f) for f in files])), nl=False)
    else:
        click.echo(block(as_text(findings)), nl=False)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        click.echo(line(", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())), err=True)
    failing = {"error", "warning"} if strict else {"error"}
    sys.exit(1 if invalid or any(f.severity in failing for f in findings) else 0)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["mermaid", "md"]), default="mermaid", show_default=True)
@click.option(
    "--only",
    type=click.Choice(["states", "ladder"]),
    help="One diagram (mermaid-cli renders one diagram per file).",
)
@click.option("--no-fold", is_flag=True, help="Draw transitions from every open state one by one (denser).")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to FILE instead of standard output.")
def graph(file: Path, fmt: str, only: str | None, no_fold: bool, output: Path | None) -> None:
    """Draw a card's or rulebook's crisis state machine (Mermaid stateDiagram-v2, through transitions) and its
    escalation ladder with firebreaks and the moves that reach each rung. `--format md` writes Markdown that
    renders on any forge."""
    from wargame.authoring import graph as g
    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.paths import find_card
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import LoadedScenario, load_any
    from wargame.textsafe import block, line

    path = find_card(file)
    try:
        loaded = load_any(path)
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            click.echo(line(diag), err=True)
        sys.exit(1)
    card = loaded.card if isinstance(loaded, LoadedScenario) else None
    rb = loaded.rules
    if only == "states":
        text = g.state_diagram(rb, fold_global=not no_fold, start=card.start_state if card else None)
    elif only == "ladder":
        text = g.ladder_diagram(rb, card)
    elif fmt == "md":
        text = g.markdown(rb, card)
    else:
        text = g.mermaid(rb, card)
    if fmt == "md" and only:
        text = f"```mermaid\n{text}```\n"
    try:
        target = plan_output(output if output is not None else "-", [path])
        if target.path is None:
            click.echo(block(text), nl=False)
        else:
            write_output(target, text)
            click.echo(line(f"wrote {output}"), err=True)
    except OutputRefused as exc:
        click.echo(line(f"error: -o {exc}"), err=True)
        sys.exit(1)


@main.command()
@click.argument("url")
@click.option("--code", help="The join code of your team (or the facilitator's).")
@click.option("--public", is_flag=True, help="The projector view: public information only.")
@click.option(
    "--bot", "bot", metavar="POLICY", help="Play the code's seat headless with a bot (hawk, dove, random, idle)."
)
def join(url: str, code: str | None, public: bool, bot: str | None) -> None:
    """Join a served game: your team's screens, the facilitator console, or the projector."""
    if not url.startswith(("ws://", "wss://")):
        url = f"ws://{url}"
    if bot is not None:
        import asyncio
        import gc

        from wargame.net.botplay import check_policy, play_seat
        from wargame.net.client import JoinRefused, NetClient

        if not code:
            click.echo("error: --bot needs the --code of the seat it plays", err=True)
            sys.exit(2)
        try:
            check_policy(bot.removeprefix("bot:"))
        except ValueError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

        async def run() -> int:
            def link(up: bool) -> None:
                click.echo("reconnected" if up else "disconnected from the server: trying to reconnect…")

            client = NetClient(url, code=code, label=f"bot:{bot}", on_link=link)
            welcome = await client.connect()
            gc.freeze()  # full collections no longer walk the objects of start-up and the first snapshot
            click.echo(f"joined {welcome.title} as {welcome.team or welcome.role}, playing {bot}")
            try:
                return await play_seat(client, bot.removeprefix("bot:"))
            finally:
                await client.close()

        try:
            played = asyncio.run(run())
        except JoinRefused as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        click.echo(f"the game is over; {played} turn(s) submitted")
        return
    import os

    if not sys.stdout.isatty() and "TEXTUAL_DRIVER" not in os.environ:  # a browser tab (textual-serve) is fine
        click.echo("The join client needs a terminal; use --bot POLICY to play a seat without one.", err=True)
        sys.exit(2)
    from wargame.ui.join import run_join

    run_join(url, code, public)


@main.command()
@click.argument("card_id")
@click.option("--from", "source", help="Start from a copy of this card (a path or an id).")
@click.option("--rules", "rulebook_id", help="Also write rules/RULEBOOK.yaml extending the card's rulebook.")
@click.option("--rulebook", "base", default="south-asia", show_default=True, help="Rulebook of a blank card.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("scenarios"),
    show_default=True,
    help="Folder for the card.",
)
def new(card_id: str, source: str | None, rulebook_id: str | None, base: str, folder: Path) -> None:
    """Start a new card CARD_ID (and with --rules an extending rulebook) that validates, lints clean and
    plays; each file gets a working `$schema` modeline (the schema is written beside it when missing)."""
    import re

    from wargame.authoring import new as make
    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.paths import find_card
    from wargame.scenario import schema as schemas
    from wargame.scenario.diagnostics import ScenarioError
    from wargame.scenario.loader import load_any, load_rulebook, load_scenario
    from wargame.scenario.locate import lookup_rulebook
    from wargame.scenario.models import Rulebook, Scenario
    from wargame.textsafe import line

    for value, what in ((card_id, "CARD_ID"), (rulebook_id, "--rules")):
        if value is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", value):
            click.echo(f"error: {what} must be lower-case letters, digits and hyphens (like kargil-1999)", err=True)
            sys.exit(2)
    card_path = folder / f"{card_id}.yaml"
    rules_dir = make.rules_folder(folder)
    try:
        if source is not None:
            loaded = load_scenario(find_card(source))
            parent = loaded.rules
        else:
            loaded = None
            lookup = lookup_rulebook(card_path, base)
            if lookup.path is None:
                click.echo(line(f"error: --rulebook: {lookup.why_missing(base)}"), err=True)
                sys.exit(1)
            parent = load_rulebook(lookup.path).rules
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            click.echo(line(diag), err=True)
        sys.exit(1)
    planned = []
    target_rules = rulebook_id or parent.id
    if loaded is not None:
        planned.append(make.Planned(card_path, make.copied_card(card_id, loaded, rulebook_id)))
    else:
        planned.append(make.Planned(card_path, make.blank_card(card_id, target_rules, parent)))
    if rulebook_id:
        planned.append(make.Planned(rules_dir / f"{rulebook_id}.yaml", make.extending_rulebook(rulebook_id, parent)))
    for item in list(planned):
        if item.path.exists():
            click.echo(line(f"error: {item.path} exists; choose another id (nothing was written)"), err=True)
            sys.exit(1)
        schema_path = item.path.parent / "schema.json"
        if not schema_path.exists():
            model, name = (Rulebook, "rulebook.json") if item.path.parent == rules_dir else (Scenario, "scenario.json")
            planned.append(make.Planned(schema_path, schemas.render(model, name)))
    try:
        for item in planned:
            item.path.parent.mkdir(parents=True, exist_ok=True)
            write_output(plan_output(item.path, []), item.text)
            click.echo(line(f"wrote {item.path}"))
    except (OutputRefused, OSError) as exc:
        click.echo(line(f"error: {exc}"), err=True)
        sys.exit(1)
    try:
        load_any(card_path)
    except ScenarioError as exc:
        for diag in exc.diagnostics:
            click.echo(line(diag), err=True)
        sys.exit(1)
    click.echo(line(f"next: wargame validate --watch {card_path}   (then wargame lint, wargame graph, wargame play)"))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only list what would change; exit 1 if anything would.")
def migrate(files: tuple[Path, ...], check: bool) -> None:
    """Rewrite rungs referred to by number as rungs referred to by id, in place (`rung_to: 7` →
    `rung_to: cross_border_strike`, `rung >= 7` → `rung >= rungs.cross_border_strike`). Only those
    characters change: comments and layout stay as written."""
    from wargame.authoring.migrate import apply, ladder_of, plan
    from wargame.files.write import OutputRefused, plan_output, write_output
    from wargame.scenario.diagnostics import ScenarioError, display_path
    from wargame.textsafe import line

    pending = 0
    for path in files:
        try:
            rungs = ladder_of(path)
            text = path.read_text(encoding="utf-8")
        except ScenarioError as exc:
            for diag in exc.diagnostics:
                click.echo(line(diag), err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(line(f"{display_path(path)}: {exc.strerror}"), err=True)
            sys.exit(1)
        edits = plan(text, rungs)
        for e in edits:
            click.echo(line(f"{display_path(path)}:{e.line}:{e.col}: {text[e.start : e.end]} → {e.text}"))
        pending += len(edits)
        if edits and not check:
            try:
                write_output(plan_output(path, []), apply(text, edits))
            except OutputRefused as exc:
                click.echo(line(f"error: {exc}"), err=True)
                sys.exit(1)
        click.echo(
            line(f"{display_path(path)}: {len(edits)} reference(s) {'to rewrite' if check else 'rewritten'}"), err=True
        )
    sys.exit(1 if check and pending else 0)
