"""Same card + seed + policies ⇒ the same game as the accepted golden behaviour."""

import json

from tests.equivalence.golden import GOLDEN, compare, fingerprint


def test_every_card_and_policy_plays_as_the_golden_fingerprints():
    problems = compare(json.loads(GOLDEN.read_text(encoding="utf-8")), fingerprint())
    assert not problems, "\n".join(problems[:20])
