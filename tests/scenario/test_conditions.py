"""The condition language: evaluation, checking at load time, and safety."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.scenario.conditions import MAX_RESULT, ExprError, Namespace, compile_expr, logistic

NS = Namespace(
    numbers=frozenset(
        {"rung", "turn", "intl_attention", "pakistan.domestic_pressure", "india.alert_level", "usa.leverage.india"}
    ),
    strings={"state": frozenset({"peacetime", "ceasefire", "resolved"})},
    injects=frozenset({"pulwama_attack"}),
    moves=frozenset({"precision_strike_camp"}),
    teams=frozenset({"india", "pakistan"}),
)
ENV = {
    "rung": 7,
    "turn": 3,
    "intl_attention": 0.5,
    "pakistan.domestic_pressure": 0.7,
    "india.alert_level": 2,
    "usa.leverage.india": 0.5,
    "state": "ceasefire",
    "fired.pulwama_attack": True,
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rung >= 7 and pakistan.domestic_pressure > 0.6", True),
        ("rung >= 8 or not (turn == 3)", False),
        ("0.05 + 0.6*intl_attention + 0.3*(rung >= 7)", 0.05 + 0.3 + 0.3),
        ("1 < turn <= 3 < rung", True),
        ("1 < turn < 3", False),
        ('state == "ceasefire"', True),
        ('state in ["resolved", "peacetime"]', False),
        ('state not in ["resolved", "peacetime"]', True),
        ("turn in [1, 2, 3]", True),
        ("clip(rung / 0, 0, 1)", 0.0),
        ("max(india.alert_level, 3) - min(1, 2, 0.5) + abs(-2)", 4.5),
        ("logistic(0)", 0.5),
        ('fired("pulwama_attack") and not played("india", "precision_strike_camp")', True),
        ("usa.leverage.india * 2 if rung > 5 else 0", 1.0),
        ("true and not false", True),
        ("-rung + +turn", -4),
    ],
)
def test_evaluates(text, expected):
    assert compile_expr(text, NS)(ENV) == pytest.approx(expected)


def test_binding_self_and_opponent():
    bound = NS.bind({"self": "india", "opponent": "pakistan"})
    expr = compile_expr("self.alert_level >= 2 and opponent.domestic_pressure > 0.5", bound)
    assert expr(ENV) is True
    assert expr.names == {"india.alert_level", "pakistan.domestic_pressure"}


@pytest.mark.parametrize(
    ("text", "message", "col"),
    [
        (
            "rung >= 7 and pakistan.domestic_presure > 1",
            "unknown name `pakistan.domestic_presure`; did you mean pakistan.domestic_pressure?",
            14,
        ),
        (
            "self.alert_level > 1",
            "`self` can only be used in a move or a hazard of a principal party; name the party here "
            "(e.g. india.alert_level)",
            0,
        ),
        ('state == "war"', "`state` is never 'war'; expected one of: ceasefire, peacetime, resolved", 9),
        ("rung ** 2", "operator ** is not supported; use + - * /", 0),
        ("rung = 7", "cannot parse expression", 5),
        ("rung >= 7 &&", "cannot parse expression", 11),
        ('__import__("os")', "unknown function `__import__`", 0),
        ("rung.__class__", "unknown name `rung.__class__`", 0),
        ("[x for x in rung]", "comprehensions is not part of the condition language", 0),
        ("ENV['rung']", "indexing with [...] is not part of the condition language", 0),
        ("lambda: 1", "lambda is not part of the condition language", 0),
        ('fired("nope")', "no inject `nope` on this card", 6),
        ('played("china", "precision_strike_camp")', "no party `china`; expected one of: india, pakistan", 7),
        ("state + 1", "expected a number or a condition here, found text", 0),
        ('rung == "high"', "cannot compare number with text", 0),
        ("turn in 3", "`in` needs a list", 8),
        ("min(rung)", "min() takes 2+ argument(s)", 0),
        ("None", "None is not a number, text or true/false", 0),
    ],
)
def test_rejects_with_position(text, message, col):
    with pytest.raises(ExprError) as info:
        compile_expr(text, NS)
    assert info.value.message.startswith(message)
    assert (info.value.line, info.value.col) == (0, col)


def test_deep_nesting_is_refused_not_crashed():
    with pytest.raises(ExprError, match="nested more than"):
        compile_expr("not " * 100 + "true", NS)
    with pytest.raises(ExprError, match="cannot parse"):
        compile_expr("(" * 300 + "1" + ")" * 300, NS)


def test_logistic_is_stable_for_large_inputs():
    assert logistic(1000) == 1.0
    assert logistic(-1000) == 0.0


numbers = st.integers(min_value=-50, max_value=50)


@st.composite
def arithmetic(draw, depth=0):
    """Random arithmetic over rung/turn and integer literals, as (text, python_value)."""
    if depth > 3 or draw(st.booleans()):
        choice = draw(st.sampled_from(["rung", "turn", "lit"]))
        if choice == "lit":
            n = draw(numbers)
            return (f"({n})", n)
        return (choice, ENV[choice])
    op = draw(st.sampled_from(["+", "-", "*", "<", ">=", "==", "and", "or"]))
    left = draw(arithmetic(depth + 1))
    right = draw(arithmetic(depth + 1))
    ops = {
        "+": lambda a, b: a + b,
        "-": lambda a, b: a - b,
        "*": lambda a, b: a * b,
        "<": lambda a, b: a < b,
        ">=": lambda a, b: a >= b,
        "==": lambda a, b: a == b,
        "and": lambda a, b: bool(a) and bool(b),
        "or": lambda a, b: bool(a) or bool(b),
    }
    return (f"({left[0]} {op} {right[0]})", ops[op](left[1], right[1]))


@given(arithmetic())
def test_random_expressions_evaluate_like_arithmetic(case):
    text, expected = case
    assert compile_expr(text, NS)(ENV) == expected


@given(st.text(max_size=80))
def test_arbitrary_text_compiles_or_raises_expr_error(text):
    with contextlib.suppress(ExprError):
        compile_expr(text, NS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 * rung", 0),
        ("false * rung", 0),
        ("rung * 0", 0),
        ("0.5 * (rung >= 7) * (turn >= 9)", 0),
        ("2 * rung + 1", 15),
        ("1 + rung * 2", 15),
        ("rungs_x * 2 - 1", 5),
        ("0.2 * (rung >= 7) + 0.4 * (turn >= 3)", 0.6000000000000001),
    ],
)
def test_numbers_written_out_are_read_once_with_the_same_result(text, expected):
    ns = Namespace(numbers=NS.numbers, constants={"rungs_x": 3})
    assert compile_expr(text, ns)(ENV) == expected


def test_a_product_of_large_numbers_is_still_clamped():
    """Numbers and true/false combined by + - * need no overflow clamp unless they could exceed it."""
    huge = " * ".join(["1e12"] * 26)  # 1e312: beyond MAX_RESULT
    assert compile_expr(huge, NS)(ENV) == MAX_RESULT
    assert compile_expr(f"-({huge}) * (rung >= 1)", NS)(ENV) == -MAX_RESULT
    assert compile_expr(" * ".join(["1e12"] * 25), NS)(ENV) == pytest.approx(1e300)


def test_a_whole_number_too_large_for_a_float_is_clamped_not_a_crash():
    expr = compile_expr("0.1 * 1" + "0" * 400, NS)
    assert expr(ENV) == pytest.approx(0.1 * 1e12)
    assert [w[0] for w in expr.warnings] == ["number too large; clamped to 1e+12"]


def test_a_text_compiled_again_against_the_same_names_is_the_same_expression():
    ns = Namespace(
        numbers=frozenset({"rung", "india.alert_level", "pakistan.alert_level"}),
        moves=frozenset({"strike"}),
        teams=frozenset({"india", "pakistan"}),
    )
    india, pakistan = ns.bind({"self": "india", "opponent": "pakistan"}), ns.bind({"self": "pakistan"})
    plain = compile_expr("rung >= 7", india)
    assert compile_expr("rung >= 7", pakistan) is plain and compile_expr("rung >= 7", ns) is plain
    mine = [compile_expr("self.alert_level > 1", bound).names for bound in (india, pakistan)]
    assert mine == [frozenset({"india.alert_level"}), frozenset({"pakistan.alert_level"})]
    played = [compile_expr('played("self", "strike")', bound).names for bound in (india, pakistan)]
    assert played == [frozenset({"played.india.strike"}), frozenset({"played.pakistan.strike"})]
    with pytest.raises(ExprError, match="`self` can only be used"):
        compile_expr("self.alert_level > 1", ns)


def test_a_namespace_with_other_names_does_not_reuse_expressions():
    from dataclasses import replace

    narrower = replace(NS, numbers=frozenset({"turn"}))
    assert compile_expr("turn > 1", NS).names == frozenset({"turn"})
    with pytest.raises(ExprError, match="unknown name `rung`"):
        compile_expr("rung >= 7", narrower)
    compile_expr("rung >= 7", NS)
    with pytest.raises(ExprError, match="unknown name `rung`"):
        compile_expr("rung >= 7", narrower)


@pytest.mark.parametrize(
    "text",
    [
        'played("self", "precision_strike_camp")',
        'played("sel" "f", "precision_strike_camp")',
        'played("\\x73elf", "precision_strike_camp")',
        'played("s\\u0065lf", "precision_strike_camp")',
    ],
)
def test_a_compiled_expression_is_never_shared_across_bindings_however_self_is_spelled(text):
    """Python's parser joins, unescapes and normalises what the text spells: the cache keys on the
    names the compiler looked up, not on the text (found by the review of the compile cache)."""
    ns = Namespace(numbers=NS.numbers, moves=NS.moves, teams=NS.teams)
    india, pakistan = ns.bind({"self": "india"}), ns.bind({"self": "pakistan"})
    a, b = compile_expr(text, india), compile_expr(text, pakistan)
    assert a.names == {"played.india.precision_strike_camp"}
    assert b.names == {"played.pakistan.precision_strike_camp"}
    assert compile_expr(text, pakistan) is b  # still remembered


def test_full_width_self_is_bound_too():
    ns = Namespace(numbers=NS.numbers | {"india.alert_level", "pakistan.alert_level"})
    text = "\uff53\uff45\uff4c\uff46.alert_level >= 1"  # ｓｅｌｆ, which Python reads as self
    a = compile_expr(text, ns.bind({"self": "india"}))
    b = compile_expr(text, ns.bind({"self": "pakistan"}))
    assert a.names == {"india.alert_level"} and b.names == {"pakistan.alert_level"}


def test_a_text_that_reads_no_binding_is_compiled_once_for_every_binding():
    ns = Namespace(numbers=NS.numbers)
    text = "rung >= 3 and turn < 5"
    assert compile_expr(text, ns.bind({"self": "india"})) is compile_expr(text, ns.bind({"self": "pakistan"}))
