from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT
from wargame.scenario.loader import load_scenario

CARD_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="session")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


@pytest.fixture(scope="session")
def cards():
    return {p.stem: load_scenario(p) for p in CARD_FILES}


def log_bytes(game) -> bytes:
    return json.dumps(game.snapshot()["log"], sort_keys=True).encode()
