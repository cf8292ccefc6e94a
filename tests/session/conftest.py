from __future__ import annotations

import pytest

from tests.conftest import ROOT
from wargame.scenario.loader import load_scenario


@pytest.fixture(scope="session")
def balakot():
    return load_scenario(ROOT / "scenarios" / "balakot-2019.yaml")


@pytest.fixture(scope="session")
def tutorial():
    return load_scenario(ROOT / "scenarios" / "tutorial.yaml")
