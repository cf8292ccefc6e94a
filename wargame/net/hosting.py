"""Starting a served game: the session, its codes and the server, in this event loop or in a
background thread (tests, benchmarks, and the web front end's parent process)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from wargame.net.codes import Codes
from wargame.net.server import GameServer
from wargame.session.session import PlaySession

T = TypeVar("T")


def make_server(
    session: PlaySession,
    *,
    clock_minutes: float | None = None,
    public_code: bool = False,
    log: Callable[[str], None] = lambda _line: None,
) -> GameServer:
    """A server for `session` with fresh codes: one per team (bot seats included, so the
    facilitator can hand them back to people), the facilitator's, and a public one if asked."""
    codes = Codes.issue(session.teams, public=public_code)
    return GameServer(session, codes, clock_minutes=clock_minutes, log=log)


def join_lines(server: GameServer, url: str) -> list[str]:
    """What `wargame serve` prints: each code and its join command."""
    s = server.session
    lines = [f"wargame — {s.title} — game {s.game_id}", f"Serving on {url}", ""]
    width = max([len(s.name(t)) for t in s.teams] + [len("Facilitator")])
    bots = []
    for team in s.teams:
        code = server.codes.teams[team]
        if s.seats[team] == "human":
            lines.append(f"  {s.name(team):<{width}}  {code}   wargame join {url} --code {code}")
        else:
            bots.append(f"  {s.name(team):<{width}}  played by {s.seats[team]} (code {code} lets people watch")
            bots[-1] += " the team's screens; they play once the facilitator hands them the seat: console S)"
    lines.append(
        f"  {'Facilitator':<{width}}  {server.codes.facilitator}   wargame join {url} --code {server.codes.facilitator}"
    )
    if server.codes.public:
        code = server.codes.public
        lines.append(f"  {'Projector':<{width}}  {code}   wargame join {url} --public --code {code}")
    else:
        lines.append(f"  {'Projector':<{width}}  (no code)   wargame join {url} --public")
    if bots:
        lines += ["", "Bot seats:", *bots]
    return lines


class ServerThread:
    """A served game running on its own event loop in a background thread."""

    def __init__(self, server: GameServer, host: str = "127.0.0.1", port: int = 0) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="wargame-server", daemon=True)
        self._thread.start()
        self.port = self.call(server.start(host, port))
        self.url = f"ws://{host}:{self.port}"

    def call(self, coro: Any, timeout: float = 30) -> Any:
        """Run a coroutine on the server's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def run(self, fn: Callable[[], T], timeout: float = 30) -> T:
        """Run a function on the server's loop (where the session may be touched) and wait."""
        done: Future[T] = Future()

        def go() -> None:
            try:
                done.set_result(fn())
            except BaseException as exc:
                done.set_exception(exc)

        self.loop.call_soon_threadsafe(go)
        return done.result(timeout)

    def stop(self) -> None:
        self.call(self.server.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.loop.close()
