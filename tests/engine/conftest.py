from __future__ import annotations

import json

from tests.conftest import ROOT

CARD_FILES = sorted((ROOT / "scenarios").glob("*.yaml"))


def log_bytes(game) -> bytes:
    return json.dumps(game.snapshot()["log"], sort_keys=True).encode()
