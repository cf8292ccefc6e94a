"""The condition language: small, safe expressions over named state variables.

Used for preconditions, triggers, transition guards, odds, probabilities and objectives.
An expression is parsed once with Python's `ast` parser (which only parses), checked against
a whitelist of node types and a `Namespace` of known names, and compiled into nested
closures. Nothing is ever passed to `eval`/`exec`, and evaluation of a compiled
expression cannot raise for well-formed state (division by zero gives 0).

Grammar (lowest precedence first)::

    expr       := ifexpr
    ifexpr     := or_expr ["if" or_expr "else" ifexpr]
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | comparison
    comparison := sum (("<" | "<=" | ">" | ">=" | "==" | "!=") sum)*
                | sum ("in" | "not in") "[" literal ("," literal)* "]"
    sum        := term (("+" | "-") term)*
    term       := unary (("*" | "/") unary)*
    unary      := ("-" | "+") unary | atom
    atom       := NUMBER | "string" | true | false | name | call | "(" expr ")"
    name       := IDENT ("." IDENT)*          e.g. rung, intl_attention, pakistan.alert_level,
                                              usa.leverage.india, self.resolve (in moves)
    call       := min(expr, ...) | max(expr, ...) | abs(expr) | clip(expr, lo, hi)
                | logistic(expr) | fired("inject_id") | played("team", "move_id")
                | succeeded("team", "move_id") | happened("inject_id", "chance_id")
                | chose("inject_id", "choice_id")

`succeeded` holds once the team's move has won its outcome roll in this game; `happened` once
the inject's chance part has come up; `chose` once the inject's chooser picked that choice.

Comparisons yield true/false, which count as 1/0 in arithmetic (`0.3*(rung >= 7)`).
`state` holds the crisis state's id as a string: `state == "ceasefire"`; unknown state ids
are load errors, as are unknown names and functions.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

Env = Mapping[str, Any]
Evaluator = Callable[[Env], Any]

MAX_DEPTH = 40
MAX_CONSTANT = 1e12
"""Largest number written in an expression; larger ones (and `1e400`, which is infinite) are clamped to
it, with a warning at load."""
MAX_RESULT = 1e300
"""A computed number beyond this (or NaN) is clamped, so the engine can always convert it to a float."""
FUNCTIONS = ("min", "max", "abs", "clip", "logistic", "fired", "played", "succeeded", "happened", "chose")
EVENT_FUNCTIONS = {
    "fired": 'fired("inject_id")',
    "played": 'played("team", "move_id")',
    "succeeded": 'succeeded("team", "move_id")',
    "happened": 'happened("inject_id", "chance_id")',
    "chose": 'chose("inject_id", "choice_id")',
}


class ExprError(Exception):
    """A problem in an expression, at a 0-based line and column within its text."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Namespace:
    """The names an expression may use, and what it is bound to."""

    numbers: frozenset[str]
    """Qualified names of numeric variables."""
    strings: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """String-valued names and the values they can take (e.g. `state` → state ids)."""
    injects: frozenset[str] = frozenset()
    chances: frozenset[str] = frozenset()
    """`inject.chance` of every chance part of the card's injects."""
    moves: frozenset[str] = frozenset()
    teams: frozenset[str] = frozenset()
    bindings: Mapping[str, str] = field(default_factory=dict)
    """Aliases for the first part of a name, e.g. `self` → `india`."""
    constants: Mapping[str, float] = field(default_factory=dict)
    """Names fixed when the card is loaded, e.g. `rungs.cross_border_strike` → its ladder index."""
    choices: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Inject id → the ids of its choices (for `chose("inject", "choice")`)."""
    compiled: dict[str | tuple[str, tuple[tuple[str, str], ...]], Expression] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    """`compile_expr`'s results for this namespace and the copies `bind` makes of it: by text when
    compiling read no binding (a move's precondition without `self` is the same for every actor),
    else by text and bindings. Not passed on by `dataclasses.replace`: a namespace with other names
    starts empty."""

    def bind(self, bindings: Mapping[str, str]) -> Namespace:
        """The same namespace with `self`/`opponent` bound to parties."""
        bound = replace(self, bindings=dict(bindings))
        object.__setattr__(bound, "compiled", self.compiled)  # the same names: the same results
        return bound


def logistic(x: float) -> float:
    """1 / (1 + e^-x), safe for large |x| (also for integers too large for a float)."""
    try:
        if x >= 0:
            return 1.0 / (1.0 + math.exp(-x))
        z = math.exp(x)
    except OverflowError:
        return 1.0 if x > 0 else 0.0
    return z / (1.0 + z)


def _div(a: float, b: float) -> float:
    try:
        return a / b if b else 0.0
    except OverflowError:  # a huge integer quotient: clamp, evaluation never raises
        return MAX_RESULT if (a > 0) == (b > 0) else -MAX_RESULT


def _finite(x: Any) -> Any:
    """x, or x clamped to ±MAX_RESULT (NaN → 0.0)."""
    if -MAX_RESULT <= x <= MAX_RESULT:
        return x
    if x != x:
        return 0.0
    return MAX_RESULT if x > 0 else -MAX_RESULT


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: _div,
}
_CMPOPS: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_SYMBOL = {
    ast.Pow: "**",
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.BitAnd: "&",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.MatMult: "@",
    ast.Invert: "~",
    ast.Is: "is",
    ast.IsNot: "is not",
}

NUM, STR, SEQ = "number", "text", "list"


@dataclass(frozen=True)
class Expression:
    """A checked, compiled expression."""

    source: str
    names: frozenset[str]
    """Qualified variable names it reads (after binding)."""
    fn: Evaluator
    warnings: tuple[tuple[str, int, int], ...] = ()
    """(message, line, col) of things clamped at load (numbers too large)."""

    def __call__(self, env: Env) -> Any:
        return self.fn(env)


def compile_expr(text: str, ns: Namespace) -> Expression:
    """Parse, check and compile `text`; raise ExprError with a position on any problem. A text compiled
    before against the same names gives the same expression: under the same bindings, or under any
    when compiling it read none (the compiler notes each name it looks up as `self`/`opponent`, however
    the text spells it: Python's parser may join, unescape or normalise it)."""
    shared = ns.compiled.get(text)
    if shared is not None:
        return shared
    key = (text, tuple(sorted(ns.bindings.items())))
    done = ns.compiled.get(key)
    if done is None:
        done, used_binding = _compile(text, ns)
        ns.compiled[key if used_binding else text] = done
    return done


def _compile(text: str, ns: Namespace) -> tuple[Expression, bool]:
    """The expression, and whether compiling it read a binding (`self`, `opponent`)."""
    source = text.strip()
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        line = (exc.lineno or 1) - 1
        col = max((exc.offset or 1) - 1, 0) + (lead if line == 0 else 0)
        msg = (exc.msg or "invalid syntax").replace("Perhaps you forgot a comma?", "").strip()
        raise ExprError(
            f"cannot parse expression ({msg}); expected e.g. `rung >= 7 and pakistan.alert_level > 1`",
            line,
            col,
        ) from None
    except (ValueError, RecursionError, MemoryError):
        raise ExprError("cannot parse expression (null byte or nesting too deep)") from None
    checker = _Compiler(source, ns, lead)
    fn, kind = checker.visit(tree.body, 0)
    arithmetic = any(isinstance(n, ast.BinOp) for n in ast.walk(tree.body))
    if kind == NUM and arithmetic and not _is_truth(tree.body) and not checker.bounded(tree.body):
        inner = fn

        def fn(env: Env) -> Any:  # arithmetic may overflow: the result is clamped, never raises
            x = inner(env)
            return x if -MAX_RESULT <= x <= MAX_RESULT else _finite(x)

    return Expression(text, frozenset(checker.names), fn, tuple(checker.warnings)), checker.used_binding


class _Compiler:
    def __init__(self, source: str, ns: Namespace, lead: int) -> None:
        self.lines = source.splitlines() or [""]
        self.ns = ns
        self.lead = lead
        self.names: set[str] = set()
        self.warnings: list[tuple[str, int, int]] = []
        self.used_binding = False
        """Whether a name was looked up as `self` or `opponent` (the result then depends on the bindings)."""

    def _bound_to(self, head: str) -> str | None:
        """The party `head` stands for when it is a binding (`self`, `opponent`); notes the use."""
        if head in self.ns.bindings or head in ("self", "opponent"):
            self.used_binding = True
        return self.ns.bindings.get(head)

    def bounded(self, node: ast.AST) -> bool:
        """Whether the numeric node's value is always within ±MAX_RESULT whatever the state: built
        of numbers written out (or fixed at load) and true/false results (comparisons, `and`,
        `or`, `not`) by +, - and *, so that its evaluation needs no overflow clamp."""
        bound = self._bound(node)
        return bound is not None and bound <= MAX_RESULT / 2  # margin: the bound is reckoned in floats

    def _bound(self, node: ast.AST) -> float | None:
        """An upper bound of |value| for such a node; None for any other (it reads a variable, divides, …)."""
        if _is_truth(node):
            return 1.0
        if isinstance(node, ast.Constant) and isinstance(node.value, bool | int | float):
            return min(abs(node.value), MAX_CONSTANT)  # as written: an integer may be too large for a float
        if isinstance(node, ast.Name) and node.id in ("true", "false"):
            return 1.0
        dotted = _dotted(node)
        if dotted is not None:
            head, _, rest = dotted.partition(".")
            party = self._bound_to(head)
            if party is not None:
                dotted = party + ("." + rest if rest else "")
            value = self.ns.constants.get(dotted)
            return None if value is None else abs(float(value))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            return self._bound(node.operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub | ast.Mult):
            a, b = self._bound(node.left), self._bound(node.right)
            if a is None or b is None:
                return None
            return a * b if isinstance(node.op, ast.Mult) else a + b
        return None

    def error(self, node: ast.AST, message: str) -> ExprError:
        line = getattr(node, "lineno", 1) - 1
        byte_col = getattr(node, "col_offset", 0)
        text = self.lines[line] if line < len(self.lines) else ""
        col = len(text.encode()[:byte_col].decode(errors="ignore"))
        return ExprError(message, line, col + (self.lead if line == 0 else 0))

    # -- dispatch --------------------------------------------------------------
    def visit(self, node: ast.AST, depth: int) -> tuple[Evaluator, str]:
        if depth > MAX_DEPTH:
            raise self.error(node, f"expression nested more than {MAX_DEPTH} levels deep")
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise self.error(node, self._unsupported(node))
        return method(node, depth + 1)

    def _unsupported(self, node: ast.AST) -> str:
        what = {
            "Subscript": "indexing with [...]",
            "Lambda": "lambda",
            "JoinedStr": "f-strings",
            "Dict": "dictionaries",
            "Set": "sets",
            "ListComp": "comprehensions",
            "GeneratorExp": "comprehensions",
            "NamedExpr": "assignment (:=); use == to compare",
            "Starred": "*",
            "Await": "await",
            "Slice": "slices",
        }.get(type(node).__name__, type(node).__name__)
        return f"{what} is not part of the condition language"

    def num(self, node: ast.AST, depth: int) -> Evaluator:
        fn, kind = self.visit(node, depth)
        if kind != NUM:
            raise self.error(node, f"expected a number or a condition here, found {kind}")
        return fn

    # -- leaves ---------------------------------------------------------------
    def visit_Constant(self, node: ast.Constant, depth: int) -> tuple[Evaluator, str]:
        value = node.value
        if isinstance(value, bool | int | float):
            v: Any = value
            if not isinstance(value, bool) and not -MAX_CONSTANT <= value <= MAX_CONSTANT:
                v = MAX_CONSTANT if value > 0 else -MAX_CONSTANT
                at = self.error(node, "")
                self.warnings.append((f"number too large; clamped to {v:g}", at.line, at.col))
            return _fixed(v), NUM
        if isinstance(value, str):
            s = value
            return (lambda env: s), STR
        raise self.error(node, f"{value!r} is not a number, text or true/false")

    def visit_Name(self, node: ast.Name, depth: int) -> tuple[Evaluator, str]:
        if node.id in ("true", "false"):
            return _fixed(node.id == "true"), NUM
        return self._lookup(node, [node.id])

    def visit_Attribute(self, node: ast.Attribute, depth: int) -> tuple[Evaluator, str]:
        parts: list[str] = []
        cur: ast.AST = node
        while isinstance(cur, ast.Attribute):
            parts.append(cur.attr)
            cur = cur.value
        if not isinstance(cur, ast.Name):
            raise self.error(node, "names are words joined by dots, like pakistan.alert_level")
        parts.append(cur.id)
        return self._lookup(node, parts[::-1])

    def _lookup(self, node: ast.AST, parts: list[str]) -> tuple[Evaluator, str]:
        head = parts[0]
        written = ".".join(parts)
        party = self._bound_to(head)
        if party is not None:
            parts = [party, *parts[1:]]
        elif head in ("self", "opponent"):
            raise self.error(
                node,
                f"`{head}` can only be used in a move or a hazard of a principal party; "
                f"name the party here (e.g. india.{'.'.join(parts[1:]) or 'narrative'})",
            )
        name = ".".join(parts)
        if name in FUNCTIONS:
            raise self.error(node, f"{name} is a function: call it as {name}(...)")
        if name in self.ns.constants:
            return _fixed(self.ns.constants[name]), NUM
        if name in self.ns.numbers:
            self.names.add(name)
            return (lambda env: env[name]), NUM
        if name in self.ns.strings:
            self.names.add(name)
            return (lambda env: env[name]), STR
        raise self.error(node, self._unknown(written, name))

    def _unknown(self, written: str, name: str) -> str:
        import difflib

        known = sorted(self.ns.numbers | set(self.ns.strings) | set(self.ns.constants))
        head, bound_head = written.split(".")[0], name.split(".")[0]
        if "." in name:  # suggest among the same party's (or mediator's) names, shown as written
            prefix = bound_head + "."
            tails = [k[len(prefix) :] for k in known if k.startswith(prefix)]
            close = [f"{head}.{t}" for t in difflib.get_close_matches(name[len(prefix) :], tails, n=3, cutoff=0.7)]
        else:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.7)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        return f"unknown name `{written}`{hint}"

    # -- operators --------------------------------------------------------------
    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> tuple[Evaluator, str]:
        fns = [self.num(v, depth) for v in node.values]
        fold: Evaluator = fns[0]
        exact = _is_truth(node.values[0])
        is_and = isinstance(node.op, ast.And)
        for value, nxt in zip(node.values[1:], fns[1:], strict=True):
            fold = (_and if is_and else _or)(fold, exact, nxt, _is_truth(value))
            exact = True
        return fold, NUM

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> tuple[Evaluator, str]:
        if isinstance(node.op, ast.Not):
            f = self.num(node.operand, depth)
            return (lambda env: not f(env)), NUM
        if isinstance(node.op, ast.USub):
            f = self.num(node.operand, depth)
            return (lambda env: -f(env)), NUM
        if isinstance(node.op, ast.UAdd):
            return self.num(node.operand, depth), NUM
        raise self.error(node, f"operator {_SYMBOL.get(type(node.op), '?')} is not supported")

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> tuple[Evaluator, str]:
        op = _BINOPS.get(type(node.op))
        if op is None:
            sym = _SYMBOL.get(type(node.op), "?")
            raise self.error(node, f"operator {sym} is not supported; use + - * /")
        a, b = self.num(node.left, depth), self.num(node.right, depth)
        ka, kb = getattr(a, "fixed", _UNSET), getattr(b, "fixed", _UNSET)
        if isinstance(node.op, ast.Mult):  # short-circuit: 0.12*(rung >= 8)*(…) stops at the first 0
            if ka is not _UNSET:  # a number written out: read once, here
                return ((lambda env: ka * b(env)) if ka else (lambda env: 0)), NUM
            if kb is not _UNSET:

                def mul_by(env: Env) -> Any:
                    x = a(env)
                    return x * kb if x else 0

                return mul_by, NUM

            def mul(env: Env) -> Any:
                x = a(env)
                return x * b(env) if x else 0

            return mul, NUM
        if isinstance(node.op, ast.Add):
            if ka is not _UNSET:
                return (lambda env: ka + b(env)), NUM
            if kb is not _UNSET:
                return (lambda env: a(env) + kb), NUM
            return (lambda env: a(env) + b(env)), NUM
        return (lambda env: op(a(env), b(env))), NUM

    def visit_IfExp(self, node: ast.IfExp, depth: int) -> tuple[Evaluator, str]:
        t, tk = self.visit(node.body, depth)
        c = self.num(node.test, depth)
        f, fk = self.visit(node.orelse, depth)
        if tk != fk:
            raise self.error(node, "both branches of `if ... else` must be numbers, or both text")
        return (lambda env: t(env) if c(env) else f(env)), tk

    def visit_Compare(self, node: ast.Compare, depth: int) -> tuple[Evaluator, str]:
        operands = [node.left, *node.comparators]
        fns: list[Evaluator] = []
        kinds: list[str] = []
        for operand in operands:
            if isinstance(operand, ast.List | ast.Tuple):
                fns.append(self._literal_list(operand))
                kinds.append(SEQ)
            else:
                fn, kind = self.visit(operand, depth)
                fns.append(fn)
                kinds.append(kind)
        ops = []
        for i, op in enumerate(node.ops):
            impl = _CMPOPS.get(type(op))
            if impl is None:
                raise self.error(node, f"`{_SYMBOL.get(type(op), '?')}` is not supported; use == or !=")
            left, right = kinds[i], kinds[i + 1]
            membership = isinstance(op, ast.In | ast.NotIn)
            if membership and right != SEQ:
                raise self.error(operands[i + 1], '`in` needs a list, e.g. state in ["ceasefire", "resolved"]')
            if not membership and SEQ in (left, right):
                raise self.error(node, "a list can only follow `in` or `not in`")
            if not membership and left != right:
                raise self.error(node, f"cannot compare {left} with {right}")
            if left == STR and not membership and not isinstance(op, ast.Eq | ast.NotEq):
                raise self.error(node, "text can only be compared with == and !=")
            self._check_values(operands[i], operands[i + 1])
            self._check_rung_number(operands[i], operands[i + 1])
            ops.append(impl)
        if len(ops) == 1:
            a, b, o = fns[0], fns[1], ops[0]
            name, const = self._simple(operands[0]), self._constant(operands[1])
            if const is None and _dotted(operands[1]) in self.ns.constants:
                const = self.ns.constants[_dotted(operands[1]) or ""]
            if name is not None and const is not None:  # the common `rung >= 7`: one closure
                return _compare_name(o, name, const), NUM
            return (lambda env: o(a(env), b(env))), NUM

        def chain(env: Env) -> bool:
            left = fns[0](env)
            for o, f in zip(ops, fns[1:], strict=True):
                right = f(env)
                if not o(left, right):
                    return False
                left = right
            return True

        return chain, NUM

    def _check_rung_number(self, a: ast.AST, b: ast.AST) -> None:
        """`rung >= 7`: deprecated (adding a rung renumbers it); the rung's id says which rung is meant."""
        if not any(k.startswith("rungs.") for k in self.ns.constants):
            return
        for name, other in ((a, b), (b, a)):
            if (
                isinstance(name, ast.Name)
                and name.id in ("rung", "peak_rung")
                and isinstance(other, ast.Constant)
                and type(other.value) is int
            ):
                ids = [k for k, v in self.ns.constants.items() if k.startswith("rungs.") and v == other.value]
                hint = f" (`{ids[0]}`)" if ids else ""
                at = self.error(other, "")
                self.warnings.append(
                    (
                        f"deprecated: compare {name.id} with a rung id{hint}, not the number {other.value}; "
                        "`wargame migrate FILE` rewrites it",
                        at.line,
                        at.col,
                    )
                )

    def _simple(self, node: ast.AST) -> str | None:
        """The qualified variable a plain name node reads (already checked), else None."""
        dotted = _dotted(node)
        if dotted is None or dotted in ("true", "false"):
            return None
        head, _, rest = dotted.partition(".")
        party = self._bound_to(head)
        if party is not None:
            dotted = party + ("." + rest if rest else "")
        return dotted if dotted in self.ns.numbers or dotted in self.ns.strings else None

    @staticmethod
    def _constant(node: ast.AST) -> Any:
        value = getattr(node, "value", None)
        if isinstance(node, ast.Constant) and isinstance(value, int | float | str) and not isinstance(value, bool):
            return value
        return None

    def _literal_list(self, node: ast.List | ast.Tuple) -> Evaluator:
        values = []
        for elt in node.elts:
            if not isinstance(elt, ast.Constant) or not isinstance(elt.value, str | int | float):
                raise self.error(elt, "a list after `in` holds numbers or quoted text only")
            values.append(elt.value)
        frozen = frozenset(values)
        return lambda env: frozen

    def _check_values(self, a: ast.AST, b: ast.AST) -> None:
        """`state == "ceasfire"`: check quoted values against the name's known values."""
        for name_node, value_node in ((a, b), (b, a)):
            name = _dotted(name_node)
            allowed = self.ns.strings.get(name) if name else None
            if allowed is None:
                continue
            literals = value_node.elts if isinstance(value_node, ast.List | ast.Tuple) else [value_node]
            for lit in literals:
                if isinstance(lit, ast.Constant) and isinstance(lit.value, str) and lit.value not in allowed:
                    raise self.error(
                        lit, f"`{name}` is never {lit.value!r}; expected one of: {', '.join(sorted(allowed))}"
                    )

    # -- calls ------------------------------------------------------------------
    def visit_Call(self, node: ast.Call, depth: int) -> tuple[Evaluator, str]:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            shown = ast.unparse(node.func) if hasattr(ast, "unparse") else "?"
            raise self.error(node, f"unknown function `{shown}`; available: {', '.join(FUNCTIONS)}")
        if node.keywords:
            raise self.error(node, "functions take positional arguments only")
        name, args = node.func.id, node.args
        if name in EVENT_FUNCTIONS:
            return self._event_call(node, name, args), NUM
        arity = {"abs": (1, 1), "logistic": (1, 1), "clip": (3, 3), "min": (2, 99), "max": (2, 99)}[name]
        if not arity[0] <= len(args) <= arity[1]:
            raise self.error(node, f"{name}() takes {arity[0]}{'+' if arity[1] > arity[0] else ''} argument(s)")
        fns = [self.num(a, depth) for a in args]
        if name == "abs":
            f = fns[0]
            return (lambda env: abs(f(env))), NUM
        if name == "logistic":
            f = fns[0]
            return (lambda env: logistic(f(env))), NUM
        if name == "clip":
            x, lo, hi = fns
            return (lambda env: _clip(x(env), lo(env), hi(env))), NUM
        agg = min if name == "min" else max
        return (lambda env: agg(f(env) for f in fns)), NUM

    def _event_call(self, node: ast.Call, name: str, args: list[ast.expr]) -> Evaluator:
        want = 1 if name == "fired" else 2
        if len(args) != want or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
            raise self.error(node, f"expected {EVENT_FUNCTIONS[name]} with quoted ids")
        values = [a.value for a in args]  # type: ignore[attr-defined]
        if name == "chose":
            inject, choice = values
            if inject not in self.ns.injects:
                raise self.error(args[0], f"no inject `{inject}` on this card")
            known = self.ns.choices.get(inject, frozenset())
            if choice not in known:
                listed = ", ".join(sorted(known)) or "(it has no choices)"
                raise self.error(args[1], f"inject `{inject}` has no choice `{choice}`; expected one of: {listed}")
            key = f"chose.{inject}.{choice}"
        elif name == "fired":
            (inject,) = values
            if inject not in self.ns.injects:
                raise self.error(args[0], f"no inject `{inject}` on this card")
            key = f"fired.{inject}"
        elif name == "happened":
            inject, chance = values
            if inject not in self.ns.injects:
                raise self.error(args[0], f"no inject `{inject}` on this card")
            if f"{inject}.{chance}" not in self.ns.chances:
                raise self.error(args[1], f"inject `{inject}` has no chance part `{chance}`")
            key = f"happened.{inject}.{chance}"
        else:
            team, move = values
            team = self._bound_to(team) or team
            if team not in self.ns.teams:
                raise self.error(args[0], f"no party `{team}`; expected one of: {', '.join(sorted(self.ns.teams))}")
            if move not in self.ns.moves:
                raise self.error(args[1], f"no move `{move}` in the rulebook")
            key = f"{name}.{team}.{move}"
        self.names.add(key)
        return lambda env: env.get(key, False)


def _dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(parts[::-1])
    return None


_UNSET = object()


def _fixed(value: Any) -> Evaluator:
    """The evaluator of a number fixed when the card is loaded; it carries the number (`fixed`),
    so that arithmetic with it reads it once, at compile time."""

    def fixed(env: Env) -> Any:
        return value

    fixed.fixed = value  # type: ignore[attr-defined]
    return fixed


def _compare_name(op: Callable[[Any, Any], bool], name: str, k: Any) -> Evaluator:
    """`name OP k` as one closure with the comparison written out (no operator call)."""
    if op is operator.ge:
        return lambda env: env[name] >= k
    if op is operator.gt:
        return lambda env: env[name] > k
    if op is operator.le:
        return lambda env: env[name] <= k
    if op is operator.lt:
        return lambda env: env[name] < k
    if op is operator.eq:
        return lambda env: env[name] == k
    if op is operator.ne:
        return lambda env: env[name] != k
    return lambda env: op(env[name], k)


def _is_truth(node: ast.AST) -> bool:
    """Whether the node's evaluator always returns True or False itself (a comparison, `and`/`or`,
    `not`): `bool()` of it is the same value, so it need not be called, and no arithmetic can
    overflow in its result."""
    return isinstance(node, ast.Compare | ast.BoolOp) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not)
    )


def _and(a: Evaluator, a_exact: bool, b: Evaluator, b_exact: bool) -> Evaluator:
    """`a and b` as true/false; an operand already true/false (`*_exact`) is not passed through bool()."""
    if a_exact and b_exact:
        return lambda env: a(env) and b(env)
    if a_exact:
        return lambda env: a(env) and bool(b(env))
    if b_exact:
        return lambda env: bool(a(env)) and b(env)
    return lambda env: bool(a(env)) and bool(b(env))


def _or(a: Evaluator, a_exact: bool, b: Evaluator, b_exact: bool) -> Evaluator:
    """`a or b` as true/false (see `_and`)."""
    if a_exact and b_exact:
        return lambda env: a(env) or b(env)
    if a_exact:
        return lambda env: a(env) or bool(b(env))
    if b_exact:
        return lambda env: bool(a(env)) or b(env)
    return lambda env: bool(a(env)) or bool(b(env))
