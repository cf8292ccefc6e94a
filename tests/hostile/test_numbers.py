"""Defect 5: hostile numbers are refused at load with FILE:LINE:COL, in linear time; evaluation never raises."""

from __future__ import annotations

import time

import pytest

from tests.conftest import MINIMAL_CARD, ROOT
from tests.hostile.helpers import no_traceback, tutorial_text, wargame
from wargame.scenario import yamlsafe
from wargame.scenario.conditions import MAX_CONSTANT, Namespace, compile_expr
from wargame.scenario.diagnostics import ScenarioError

CASES = {
    "nan": ("x: .nan", "NaN and infinity"),
    "inf": ("x: -.inf", "NaN and infinity"),
    "overflowing float": ("x: 1.0e+400", "would be infinite"),
    "huge hex": ("x: 0x" + "f" * 5000, "number too long"),
    "huge decimal": ("x: " + "9" * 60, "number too large"),
    "sexagesimal": ("x: 1:0:0", "base-60"),
    "bad timestamp": ("x: !!timestamp hello", "is not a date"),
    "bad bool": ("x: !!bool hello", "is not true or false"),
    "bad int": ("x: !!int hello", "is not an integer"),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_with_a_position(name):
    text, message = CASES[name]
    with pytest.raises(ScenarioError) as exc:
        yamlsafe.parse("f.yaml", f"a: 1\n{text}\n")
    (diag,) = exc.value.diagnostics
    assert str(diag).startswith("f.yaml:2:4: ") and message in str(diag)


def test_dates_and_ordinary_numbers_still_load():
    data = yamlsafe.parse("f.yaml", "d: 2019-02-14\ni: -12\nf: 0.25\nb: true\n").data
    assert str(data["d"]) == "2019-02-14" and data["i"] == -12 and data["f"] == 0.25 and data["b"] is True


def test_sexagesimal_is_refused_in_linear_time():
    times = []
    for n in (50_000, 200_000):
        text = "a: 1" + ":0" * (n // 2) + "\n"
        start = time.perf_counter()
        with pytest.raises(ScenarioError):
            yamlsafe.parse("f.yaml", text)
        times.append(time.perf_counter() - start)
    assert times[1] < 1.0 and times[1] < 12 * max(times[0], 0.005)


def test_validate_refuses_inf_bounds_on_integer_variables(project):
    card = project / "scenarios" / "card.yaml"
    card.write_text(MINIMAL_CARD + "x: -.inf\n")
    result = wargame("validate", str(card))
    assert result.returncode == 1 and ":16:4: NaN and infinity are not allowed" in result.stdout
    no_traceback(result)


def test_expressions_clamp_huge_literals_and_never_raise():
    ns = Namespace(numbers=frozenset({"rung"}))
    huge = compile_expr("1" + "0" * 400 + " * rung", ns)
    assert huge.warnings and "clamped" in huge.warnings[0][0]
    assert huge({"rung": 2}) == 2 * MAX_CONSTANT
    inf = compile_expr("1e400 - 1e400", ns)
    assert inf({}) == 0
    tower = compile_expr(" * ".join(["rung"] * 30), ns)
    assert float(tower({"rung": 10**20})) <= 1e300
    assert compile_expr("logistic(rung * rung * rung)", ns)({"rung": 10**200}) == 1.0
    assert float(compile_expr("rung * rung * rung / 3", ns)({"rung": 10**200})) == 1e300


def test_a_401_digit_probability_loads_with_a_warning_and_plays(tmp_path):
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rules").mkdir()
    card = tmp_path / "scenarios" / "tutorial.yaml"
    card.write_text(tutorial_text(), encoding="utf-8")
    rules = (ROOT / "rules" / "south-asia.yaml").read_text(encoding="utf-8")
    head, _, tail = rules.partition("probability: ")
    _, _, rest = tail.partition("\n")
    (tmp_path / "rules" / "south-asia.yaml").write_text(f'{head}probability: "1{"0" * 400}"\n{rest}', encoding="utf-8")
    checked = wargame("validate", "rules/south-asia.yaml", "scenarios/tutorial.yaml", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    line = head.count("\n") + 1
    assert (
        f"rules/south-asia.yaml:{line}:21: warning: mediators.0.activation.probability: number too large; "
        "clamped to 1e+12" in checked.stdout
    )
    played = wargame(
        "play", "scenarios/tutorial.yaml", "--headless", "--seat", "india=bot:dove", "--no-autosave", cwd=tmp_path
    )
    assert played.returncode == 0, played.stderr
    no_traceback(played)
