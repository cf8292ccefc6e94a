"""Fuzzing the loader: mutated and random YAML gives a card or the project's diagnostic
error — never another exception — and never takes more than a second."""

from __future__ import annotations

from datetime import timedelta

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_scenario

CARD = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
SNIPPETS = [
    "&a ",
    "*a",
    "!!python/object/apply:os.system ",
    "<<: ",
    "- ",
    ": ",
    "{",
    "[",
    "\t",
    "NO",
    "1.10",
    "'",
    '"',
    "\n",
    "#",
    "%YAML 1.1\n",
    "---\n",
    "? ",
    "|\n",
    "\x00",
    "\ufeff",
]
FUZZ = settings(
    max_examples=150, deadline=timedelta(seconds=1), suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load_or_diagnose(path) -> None:
    try:
        load_scenario(path)
    except ScenarioError as exc:
        assert exc.diagnostics, "a ScenarioError always carries at least one diagnostic"
        for diag in exc.diagnostics:
            assert diag.line >= 1 and diag.col >= 1 and diag.message


@st.composite
def mutated_card(draw) -> str:
    text = CARD
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["delete", "insert", "snippet", "truncate", "dup_line"]))
        if action == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 40)) :]
        elif action == "insert":
            text = text[:pos] + draw(st.text(min_size=1, max_size=8)) + text[pos:]
        elif action == "snippet":
            text = text[:pos] + draw(st.sampled_from(SNIPPETS)) + text[pos:]
        elif action == "truncate":
            text = text[:pos]
        else:
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, max(len(lines) - 1, 0)))
            text = "".join(lines[: i + 1] + lines[i:])
    return text


@FUZZ
@given(mutated_card())
def test_mutated_cards(write_card, text):
    load_or_diagnose(write_card(text))


json_like = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5),
    max_leaves=30,
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "kind",
                "schema_version",
                "id",
                "title",
                "teams",
                "calendar",
                "injects",
                "rulebook",
                "initial",
                "claims",
                "version",
                "summary",
            ]
        ),
        json_like,
    )
)
def test_random_documents(write_card, doc):
    doc.setdefault("rulebook", "south-asia")
    load_or_diagnose(write_card(yaml.safe_dump(doc, allow_unicode=True)))


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(write_card, raw):
    path = write_card("")
    path.write_bytes(raw)
    load_or_diagnose(path)
