"""A seeded mutation fuzz of cards (and orders files): thousands of damaged variants of the shipped
tutorial card are loaded; the only exception allowed is the project's own diagnostic (ScenarioError)."""

from __future__ import annotations

import random

from tests.hostile.helpers import tutorial_text
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_scenario
from wargame.session.orders_file import load_orders

CASES = 2500
TOKENS = [
    ".nan",
    "-.inf",
    "1:0:0",
    "!!timestamp x",
    "!!bool maybe",
    "!!int q",
    "0x" + "f" * 80,
    "9" * 40,
    "1.0e+999",
    "*a",
    "&a",
    "<<: *a",
    "{",
    "[",
    "}",
    "]",
    "'",
    '"',
    "\t",
    "\x1b[2J",
    "\x00",
    "\ud7ff",
    "~",
    "null",
    "-",
    ": ",
    "? ",
    "|",
    ">",
    "#",
    "%YAML 1.1",
    "---",
    "...",
    "!!python/object:os.system",
    "!!binary AAAA",
    "1e400",
    "rung >= 1e400",
    "logistic(" * 50,
    "x" * 5000,
    "[" * 40,
    "yes",
    "on",
    "2019-02-30",
    "-1",
    "0",
    "100000000",
]


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.randrange(7)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            head, sep, _ = lines[i].partition(": ")
            lines[i] = f"{head}{sep or ': '}{rng.choice(TOKENS)}"
        elif op == 3:
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(TOKENS) + lines[i][pos:]
        elif op == 4:
            lines[i] = " " * rng.randrange(8) + lines[i].lstrip()
        elif op == 5 and lines[i]:
            pos = rng.randrange(len(lines[i]))
            lines[i] = lines[i][:pos] + chr(rng.randrange(0x20, 0x2FF)) + lines[i][pos + 1 :]
        else:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def test_mutated_cards_give_diagnostics_never_crashes(project):
    rng = random.Random(20260213)
    base = tutorial_text()
    card = project / "scenarios" / "fuzz.yaml"
    outcomes = {"valid": 0, "diagnosed": 0}
    for case in range(CASES):
        text = mutate(base, rng)
        card.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_scenario(card)
        except ScenarioError as exc:
            assert exc.diagnostics, f"case {case}: an error without diagnostics"
            outcomes["diagnosed"] += 1
        except Exception as exc:  # the test's whole point: report the input that crashed
            raise AssertionError(f"case {case} crashed the loader with {exc!r}; input:\n{text}") from exc
        else:
            outcomes["valid"] += 1
    assert outcomes["diagnosed"] > CASES // 4 and outcomes["valid"] > 0


def test_mutated_orders_files_give_diagnostics_never_crashes(tmp_path):
    rng = random.Random(7)
    base = "1:\n  india: [revoke_mfn]\n2:\n  india:\n    orders: [{move: strike, authorise: true}]\n    answers: {un: accept}\n    choices: {un_offer: accept}\n"
    path = tmp_path / "orders.yaml"
    for case in range(500):
        text = mutate(base, rng)
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            load_orders(path)
        except ScenarioError:
            pass
        except Exception as exc:
            raise AssertionError(f"case {case} crashed the orders reader with {exc!r}; input:\n{text}") from exc
