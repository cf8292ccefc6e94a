"""The `wargame serve` process: open or resume the session, print the codes, run the server
(and, with --web, the browser front end as a child process) until Ctrl+C."""

from __future__ import annotations

import asyncio
import contextlib
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
) -> None:
    server: GameServer = make_server(session, clock_minutes=clock_minutes, public_code=public_code, log=echo)
    bound = await server.start(host, port)
    url = f"ws://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{bound}"
    for line in join_lines(server, url):
        echo(line)
    if qr:
        for team, code in server.codes.teams.items():
            echo(f"\n{session.name(team)}: wargame join {url} --code {code}")
            for line in qr_lines(f"wargame join {url} --code {code}"):
                echo(line)
    web: subprocess.Popen[bytes] | None = None
    if web_port is not None:
        web = subprocess.Popen([sys.executable, "-m", "wargame.net.web", url, host, str(web_port)])
        echo(f"\nIn a browser: http://{'localhost' if host == '127.0.0.1' else host}:{web_port}/  (type the code)")
    if host not in ("127.0.0.1", "localhost", "::1"):
        echo(f"\nListening on {host}: anyone on this network with a code can join.")
    else:
        echo("\nListening on this computer only: start with --host 0.0.0.0 to let laptops on the LAN join.")
    echo("Ctrl+C stops the server (the game is autosaved after every turn).\n")
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
        if session.last_save is not None:
            echo(f"Saved: {session.last_save}  (continue with: wargame serve --resume {session.last_save})")


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
