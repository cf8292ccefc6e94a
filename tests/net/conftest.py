"""Shared setup of the network tests: real servers on loopback ports, real clients.

- `tutorial_game`, `balakot_game` (async): a server in the test's own event loop and a `join`
  helper; every client joined through it, and the server, are closed after the test.
- `live`: a served tutorial game on a background thread (`ServerThread`), for Textual join
  clients driven with Pilot (they run their own connection thread).
- `@pytest.mark.served(seed=…, clock_minutes=…, seats={…})` on a test or a module changes the
  game these fixtures serve.
- `until(pilot, condition)`: wait, letting the app run, until a screen gets there."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import pytest

from tests.conftest import ROOT
from wargame.net.client import NetClient
from wargame.net.hosting import ServerThread, make_server
from wargame.net.server import GameServer
from wargame.scenario.loader import load_scenario
from wargame.session.session import PlaySession

BOTH_HUMAN = {"india": "human", "pakistan": "human"}
FOUR_HUMAN = dict.fromkeys(["india", "pakistan", "china", "usa"], "human")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "served(seed, clock_minutes, seats): the game a network fixture serves")


@pytest.fixture(scope="session")
def tutorial_card():
    return load_scenario(ROOT / "scenarios" / "tutorial.yaml")


@pytest.fixture(scope="session")
def balakot_card():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


def _options(request: pytest.FixtureRequest, seats: dict[str, str], seed: int) -> tuple[dict[str, str], int, Any]:
    marker = request.node.get_closest_marker("served")
    options = dict(marker.kwargs) if marker else {}
    return options.pop("seats", seats), options.pop("seed", seed), options


class Served:
    """A real server on a loopback port in the test's event loop, and the clients joined to it."""

    def __init__(self, server: GameServer, port: int) -> None:
        self.server = server
        self.session = server.session
        self.url = f"ws://127.0.0.1:{port}"
        self.clients: list[NetClient] = []

    async def join(self, who: str | None, **kwargs) -> NetClient:
        """Join as a team id, '@facilitator', or None for the public projector."""
        if who is None:
            client = NetClient(self.url, public=True, **kwargs)
        else:
            code = self.server.codes.facilitator if who == "@facilitator" else self.server.codes.teams[who]
            client = NetClient(self.url, code=code, **kwargs)
        client.keep_frames = True
        await client.connect()
        self.clients.append(client)
        return client

    async def close(self) -> None:
        for client in self.clients:
            await client.close()
        await self.server.close()


async def serve(card, seats: dict[str, str], tmp_path, *, seed: int = 3, **options) -> Served:
    session = PlaySession.new(card, seats, seed, facilitator=True, saves=tmp_path / "saves")
    server = make_server(session, **options)
    port = await server.start("127.0.0.1", 0)
    return Served(server, port)


@pytest.fixture
async def tutorial_game(request, tutorial_card, tmp_path) -> AsyncIterator[Served]:
    """The tutorial served with both teams human (seed 3)."""
    seats, seed, options = _options(request, BOTH_HUMAN, 3)
    served = await serve(tutorial_card, seats, tmp_path, seed=seed, **options)
    yield served
    await served.close()


@pytest.fixture
async def balakot_game(request, balakot_card, tmp_path) -> AsyncIterator[Served]:
    """Balakot 2019 served with its four teams human (seed 3)."""
    seats, seed, options = _options(request, FOUR_HUMAN, 3)
    served = await serve(balakot_card, seats, tmp_path, seed=seed, **options)
    yield served
    await served.close()


def serve_in_thread(card, tmp_path, *, seats: dict[str, str] = BOTH_HUMAN, seed: int = 4, port: int = 0, **options):
    """A served game on its own event loop in a background thread (stop it with `.stop()`)."""
    session = PlaySession.new(card, seats, seed, facilitator=True, saves=tmp_path)
    return ServerThread(make_server(session, **options), port=port)


@pytest.fixture
def live(request, tutorial_card, tmp_path) -> Iterator[ServerThread]:
    """The tutorial served from a background thread, both teams human (seed 4)."""
    seats, seed, options = _options(request, BOTH_HUMAN, 4)
    thread = serve_in_thread(tutorial_card, tmp_path / "s", seats=seats, seed=seed, **options)
    yield thread
    thread.stop()


async def until(pilot, condition: Callable[[], object], limit: float = 10.0) -> None:
    """Let the app run until `condition()` holds (fails after `limit` seconds)."""
    for _ in range(int(limit / 0.05)):
        await pilot.pause()
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the screen did not get there")
