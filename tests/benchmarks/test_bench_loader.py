"""In-process loader benchmarks (pytest-benchmark). Run with:

    pytest tests/benchmarks --benchmark-enable --benchmark-only

In the regular suite (`--benchmark-disable`) each runs once, as a smoke test.
"""

from __future__ import annotations

import yaml

from tests.conftest import ROOT
from wargame.scenario import loader

CARD = ROOT / "scenarios" / "balakot-2019.yaml"


def load_cold():
    loader._RULEBOOK_CACHE.clear()
    return loader.load_scenario(CARD)


def test_load_balakot_card_and_rulebook(benchmark):
    loaded = benchmark(load_cold)
    assert loaded.card.id == "balakot-2019"


def test_baseline_csafeloader_parse_only(benchmark):
    """The floor: parsing both files with CSafeLoader and nothing else."""
    texts = [CARD.read_text(), (ROOT / "rules" / "south-asia.yaml").read_text()]
    docs = benchmark(lambda: [yaml.load(t, Loader=yaml.CSafeLoader) for t in texts])
    assert docs[0]["id"] == "balakot-2019"
