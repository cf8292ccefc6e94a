"""Names for everything a player reads: variables, rungs, states, styles, moves, injects and
the conditions of the rules, in words rather than ids and expressions.

`Glossary(compiled)` is built once per game. `term(key)` names a state variable
(`india.domestic_pressure` → "India's domestic pressure"); `condition(text)` reads an
expression of the condition language aloud (`rung >= 3 and hc_level >= 2` → "the crisis is at
rung 3 of 13 (…) or higher, and High Commissions is at least 2"); a rule's own `label` in the
rulebook is preferred wherever there is one."""

from __future__ import annotations

import ast
from dataclasses import dataclass

from wargame.engine.compiled import Compiled

BUILTINS: dict[str, tuple[str, str]] = {
    "rung": ("Escalation rung", "Where the crisis stands on the escalation ladder (0 = below it)."),
    "peak_rung": ("Highest rung reached", "The highest rung the crisis has reached in this game."),
    "calm_turns": ("Calm turns", "Turns in a row in which the crisis did not climb."),
    "turn": ("Turn", "The turn being played."),
    "turns_left": ("Turns left", "Turns left in the calendar after this one."),
    "kinetic": ("Uses of force this turn", "How many moves this turn used force."),
    "state": ("Crisis state", "The phase the crisis is in."),
}
STYLE_LABELS = {
    "facilitation": "Facilitation — passing messages",
    "formulation": "Formulation — proposing terms",
    "manipulation": "Manipulation — pressure and inducements",
}
_COMPARE = {
    ast.GtE: "is at least",
    ast.LtE: "is at most",
    ast.Gt: "is more than",
    ast.Lt: "is less than",
    ast.Eq: "is",
    ast.NotEq: "is not",
}


@dataclass(frozen=True)
class Term:
    """One glossary entry: a variable (or rung, state, style) with its label and description."""

    key: str
    label: str
    description: str
    group: str
    """`world`, a party id (its own variables), a mediator id, or `ladder` / `styles` / `states`."""


class Glossary:
    """Labels and descriptions of one game's rulebook and card."""

    def __init__(self, c: Compiled) -> None:
        rules, card = c.rules, c.scenario.card
        self.c = c
        self.top = c.top_rung
        self.parties = dict(c.names)
        self.rungs = [r.name for r in rules.ladder.rungs]
        self.states = dict(c.state_names)
        self.moves = dict(c.move_names)
        self.mediators = dict(c.mediator_names)
        self.styles = {s.id: s.name or STYLE_LABELS.get(s.id, s.id.capitalize()) for s in rules.mediation_styles}
        self.style_texts = {s.id: s.description for s in rules.mediation_styles}
        self.transitions = {t.trigger: t.label for t in rules.transitions}
        self.injects = {i.id: i.title for i in card.injects}
        self.choices = {(i.id, ch.id): ch.label for i in card.injects for ch in i.choices}
        self.hazards = {h.id: h.name for h in rules.hazards}
        self.firebreaks = {f.id: f.name for f in rules.ladder.firebreaks}
        self._world = {v.id: v for v in rules.variables.world}
        self._team = {v.id: v for v in rules.variables.team}
        self._mediator = {v.id: v for v in rules.variables.mediator}

    # ------------------------------------------------------------------ names
    def party(self, ident: str | None) -> str:
        return self.parties.get(ident or "", ident or "")

    def rung(self, k: int) -> str:
        """`rung k of N (name)`: the one way a rung is written everywhere."""
        k = max(0, min(self.top, int(k)))
        return f"rung {k} of {self.top} ({self.rungs[k]})"

    def style(self, ident: str) -> str:
        return self.styles.get(ident, STYLE_LABELS.get(ident, ident))

    def term(self, key: str, you: str | None = None) -> str:
        """A variable's label; a team's own variable as "your …" when `you` is that team."""
        if key in BUILTINS:
            return BUILTINS[key][0]
        if key in self._world:
            return self._world[key].name
        owner, _, rest = key.partition(".")
        if owner in ("self", "opponent", "principals") and rest in self._team:
            who = {"self": "your", "opponent": "the other side's", "principals": "both sides'"}[owner]
            return f"{who} {_lower(self._team[rest].name)}"
        if rest in self._team:
            label = self._team[rest].name
            return f"your {label[0].lower()}{label[1:]}" if owner == you else f"{self.party(owner)}'s {_lower(label)}"
        if owner in self.mediators:
            name = self.mediators[owner]
            if rest in self._mediator:
                return f"{name}: {_lower(self._mediator[rest].name)}"
            if rest.startswith("leverage."):
                return f"{name}'s leverage over {self.party(rest.split('.', 1)[1])}"
        return key.replace("_", " ").replace(".", " ")

    # ------------------------------------------------------------------ the glossary itself
    def entries(self) -> list[Term]:
        """Every variable, rung, crisis state and mediation style, with a one-line description."""
        out = [Term(k, label, text, "world") for k, (label, text) in BUILTINS.items() if k != "state"]
        out += [Term(v.id, v.name, v.description, "world") for v in self._world.values()]
        for party in self.c.teams:
            out += [
                Term(f"{party}.{v.id}", v.name, v.description + (" (private)" if v.private else ""), party)
                for v in self._team.values()
            ]
        for k, rung in enumerate(self.c.rules.ladder.rungs):
            fb = (
                f" Climbing onto it crosses the '{self.firebreaks[rung.firebreak]}' firebreak."
                if rung.firebreak
                else ""
            )
            out.append(
                Term(f"rung.{k}", f"Rung {k} of {self.top}: {rung.name}", (rung.description + fb).strip(), "ladder")
            )
        out += [Term(f"state.{s.id}", s.name, s.description, "states") for s in self.c.rules.states]
        out += [Term(f"style.{k}", label, self.style_texts.get(k, ""), "styles") for k, label in self.styles.items()]
        return out

    # ------------------------------------------------------------------ conditions aloud
    def condition(self, text: str, you: str | None = None) -> str:
        """An expression of the condition language in words (it is only parsed, never run)."""
        try:
            tree = ast.parse(text.strip(), mode="eval").body
        except SyntaxError:
            return text
        return self._say(tree, you)

    def _say(self, node: ast.AST, you: str | None) -> str:
        match node:
            case ast.BoolOp(op=ast.And(), values=values):
                return ", and ".join(self._say(x, you) for x in values)
            case ast.BoolOp(values=values):
                return " or ".join(self._say(x, you) for x in values)
            case ast.UnaryOp(op=ast.Not(), operand=x):
                return f"not ({self._say(x, you)})"
            case ast.Compare(left=left, ops=[op], comparators=[right]):
                return self._compare(left, op, right, you)
            case ast.Call(func=ast.Name(id="played"), args=[ast.Constant(value=team), ast.Constant(value=move)]):
                return f"{self.party(str(team))} has played '{self.moves.get(str(move), move)}'"
            case ast.Call(func=ast.Name(id="fired"), args=[ast.Constant(value=inject)]):
                return f"'{self.injects.get(str(inject), inject)}' has happened"
            case ast.Constant(value=True):
                return "always"
            case ast.Constant(value=False):
                return "never"
            case ast.Constant(value=value):
                return _number(value)
            case ast.Name() | ast.Attribute():
                return self.term(_dotted(node), you)
            case ast.BinOp(left=left, op=op, right=right):
                sign = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷"}.get(type(op), "?")
                return f"{self._say(left, you)} {sign} {self._say(right, you)}"
            case ast.UnaryOp(op=ast.USub(), operand=x):
                return f"−{self._say(x, you)}"
        return "a condition of the rules"

    def _compare(self, left: ast.AST, op: ast.cmpop, right: ast.AST, you: str | None) -> str:
        name = _dotted(left)
        value = right.value if isinstance(right, ast.Constant) else None
        if name in ("rung", "peak_rung") and isinstance(value, int | float) and not isinstance(value, bool):
            k = int(value)
            where = "the crisis is" if name == "rung" else "the crisis has been"
            if isinstance(op, ast.GtE):
                return f"{where} at {self.rung(k)} or higher"
            if isinstance(op, ast.Gt):
                return f"{where} above {self.rung(k)}"
            if isinstance(op, ast.LtE):
                return f"{where} at {self.rung(k)} or lower"
            if isinstance(op, ast.Lt):
                return f"{where} below {self.rung(k)}"
        if name == "state" and isinstance(value, str):
            return f"the crisis {'is' if isinstance(op, ast.Eq) else 'is not'} in '{self.states.get(value, value)}'"
        words = _COMPARE.get(type(op), "compares with")
        return f"{self._say(left, you)} {words} {self._say(right, you)}"


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _number(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:g}"
    if isinstance(value, int | float):
        return str(int(value))
    return str(value)


def _lower(label: str) -> str:
    """Lower-case a label's first letter unless it starts an acronym or a proper name."""
    if len(label) > 1 and label[1].isupper():
        return label
    first = label.split(" ", 1)[0]
    if first in {"DGMO", "UNSC", "High"}:
        return label
    return label[:1].lower() + label[1:]
