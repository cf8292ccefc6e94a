from __future__ import annotations

import pytest

from tests.conftest import ROOT
from wargame.net.client import NetClient
from wargame.net.hosting import make_server
from wargame.net.server import GameServer
from wargame.scenario.loader import load_scenario
from wargame.session.session import PlaySession


@pytest.fixture(scope="session")
def tutorial_card():
    return load_scenario(ROOT / "scenarios" / "tutorial.yaml")


@pytest.fixture(scope="session")
def balakot_card():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


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


async def serve(card, seats: dict[str, str], tmp_path, *, seed: int = 3, **options) -> Served:
    session = PlaySession.new(card, seats, seed, facilitator=True, saves=tmp_path / "saves")
    server = make_server(session, **options)
    port = await server.start("127.0.0.1", 0)
    return Served(server, port)


@pytest.fixture
async def tutorial_game(tutorial_card, tmp_path):
    served = await serve(tutorial_card, {"india": "human", "pakistan": "human"}, tmp_path)
    yield served
    for client in served.clients:
        await client.close()
    await served.server.close()
