"""The bounce check's exact search only ever saves time: `can_bounce` answers as the seeded samples
alone do, for every cycle and for sets of one to three transition conditions of the shipped rulebooks."""

from __future__ import annotations

import itertools
import random

import pytest

from tests.conftest import ROOT
from wargame.scenario import bounce
from wargame.scenario.loader import load_rulebook


@pytest.mark.parametrize("name", ["south-asia", "south-asia-1999"])
def test_the_search_never_changes_an_answer(name):
    rulebook = load_rulebook(ROOT / "rules" / f"{name}.yaml")
    rb, expressions = rulebook.rules, rulebook.expressions
    when = [e for key, e in expressions.items() if key.startswith("transitions.") and key.endswith(".when")]
    sets = [list(s) for size in (1, 2, 3) for s in itertools.combinations(when, size)]
    sets = random.Random(3).sample(sets, min(len(sets), 50))
    sets += [[expressions[f"transitions.{i}.when"] for i in cycle] for cycle in bounce.cycles(rb)]
    answers = [(bounce.can_bounce(rb, s), bounce.sampled(rb, s)) for s in sets]
    assert all(fast == slow for fast, slow in answers)
    assert {fast for fast, _ in answers} == {True, False}  # both answers were put to the test
