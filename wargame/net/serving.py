"""The `wargame serve` process: open or resume the session, print the codes, run the server
(and, with --web, the browser front end as a child process) until Ctrl+C."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import shlex
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from wargame.net.hosting import join_lines, make_server
from wargame.net.server import GameServer
from wargame.session.session import PlaySession


def qr_lines(text: str) -> list[str]:
    """A join command as a terminal QR code (needs the optional `segno` package)."""
    try:
        import segno  # type: ignore[import-not-found]
    except ImportError:
        return ["(install `segno` for QR codes: pip install segno)"]
    import io

    out = io.StringIO()
    segno.make(text, micro=False).terminal(out=out, compact=True)
    return out.getvalue().splitlines()


async def run_served(
    session: PlaySession,
    *,
    host: str,
    port: int,
    clock_minutes: float | None,
    public_code: bool,
    web_port: int | None,
    qr: bool,
    echo: Callable[[str], None],
    saves: Path | None = None,
) -> None:
    """Serve until Ctrl+C; then say where the game is saved and how to go on with it. `saves`:
    the folder given with --saves (the command to continue names it again)."""
    server: GameServer = make_server(session, clock_minutes=clock_minutes, public_code=public_code, log=echo)
    server.compare_ahead = True  # the debrief's simulated games, played in a worker while the class plays
    bound = await server.start(host, port)
    everywhere = host in ("0.0.0.0", "::", "")
    local_url = f"ws://{'127.0.0.1' if everywhere else host}:{bound}"
    address = lan_address() if everywhere else host
    url = f"ws://{address}:{bound}"
    for line in join_lines(server, url):
        echo(line)
    if qr:
        for team, code in server.codes.teams.items():
            echo(f"\n{session.name(team)}: wargame join {url} --code {code}")
            for line in qr_lines(f"wargame join {url} --code {code}"):
                echo(line)
    web: subprocess.Popen[bytes] | None = None
    if web_port is not None:
        web = subprocess.Popen([sys.executable, "-m", "wargame.net.web", local_url, host, str(web_port)])
        echo(f"\nIn a browser: http://{'localhost' if host == '127.0.0.1' else address}:{web_port}/  (type the code)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(f"\nListening on {host}: anyone on this network with a code can join.")
        if everywhere:
            echo(f"This computer's address looks like {address}: check it with `ip addr` or `ipconfig`.")
    else:
        echo("\nListening on this computer only: start with --host 0.0.0.0 to let laptops on the LAN join.")
    echo("Ctrl+C stops the server (the game is autosaved after every turn).\n")
    gc.freeze()  # the card, the session and the libraries: full collections no longer walk them (a 20 ms pause)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        session.autosave()
        await server.close()
        if web is not None:
            web.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                web.wait(5)
        if session.last_save is not None and session.over:
            echo(f"Saved: {session.last_save}\n{finished_lines(session.last_save)}")
        elif session.last_save is not None:
            again = resume_command(session.last_save, host, port, server.clock.minutes, web_port, public_code, saves)
            echo(f"Saved: {session.last_save}\nContinue with: {again}")


def lan_address() -> str:
    """This computer's address on the room's network, as best known without sending anything
    (a UDP socket's `connect` only picks the route), else a placeholder to replace."""
    import socket

    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, nothing is sent
        address = str(probe.getsockname()[0])
        if not address.startswith(("127.", "0.")):
            return address
    return "THIS-COMPUTER"


def finished_lines(save: Path) -> str:
    """What can be done with the save of a game that has ended (it is not served again)."""
    return "The game is over: there is nothing left to serve.\n" + next_steps(save)


def next_steps(save: Path) -> str:
    """The commands that read the save of an ended game."""
    quoted = shlex.quote(str(save))
    return (
        f"  Read its after-action report: wargame report {quoted}\n"
        f"  Check it replays exactly:     wargame replay {quoted}"
    )


def resume_command(
    save: Path,
    host: str,
    port: int,
    clock_minutes: float | None,
    web_port: int | None,
    public_code: bool,
    saves: Path | None = None,
) -> str:
    """The command that continues this served game as it was served (the clock as last set, the
    saves folder if one was given)."""
    parts = ["wargame serve --resume", shlex.quote(str(save))]
    if host != "127.0.0.1":
        parts.append(f"--host {shlex.quote(host)}")
    if port != 8765:
        parts.append(f"--port {port}")
    if clock_minutes:
        parts.append(f"--turn-clock {clock_minutes:g}")
    if web_port is not None:
        parts.append(f"--web {web_port}")
    if public_code:
        parts.append("--public-code")
    if saves is not None:
        parts.append(f"--saves {shlex.quote(str(saves.resolve()))}")
    return " ".join(parts)


def open_session(
    card: Path | None, resume: Path | None, seats: dict[str, str], seed: int, saves: Path | None
) -> PlaySession:
    """A new served game of `card` (its teams seated as the card says unless `seats` says
    otherwise), or a saved one to continue (raises ResumeError, ScenarioError)."""
    if resume is not None:
        return PlaySession.resume(resume, saves=saves, seats=seats or None)
    from wargame.scenario.loader import load_scenario

    scenario = load_scenario(card)  # type: ignore[arg-type]
    defaults = {t.id: t.default_seat for t in scenario.card.teams}  # as `wargame play`: the card's seats
    return PlaySession.new(scenario, defaults | seats, seed, facilitator=True, saves=saves)
