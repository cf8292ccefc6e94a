"""Safe YAML reading with positions and guards, for untrusted cards and rulebooks.

Steps: size cap → compose a node tree with the C safe loader (pure-Python fallback) →
walk the tree once for guards (aliases, expanded size, depth, tags, duplicate and
non-text keys) → construct plain Python data. Nothing here can execute code: only the
safe constructors are used, and tags outside YAML's core schema are refused before
construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wargame.scenario.diagnostics import Diagnostic, ScenarioError

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The C safe loader (pure-Python fallback), resolving the tag of each distinct plain scalar once: a card
    repeats its keys and ids hundreds of times, and the resolver's regular expressions run in Python. The
    safe loader's tag resolution depends only on the value and on how it was written, so the result is
    the same."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._scalar_tags: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._scalar_tags.get(key)
        if tag is None:
            tag = self._scalar_tags[key] = super().resolve(kind, value, implicit)
        return tag


MAX_BYTES = 1024 * 1024
"""Largest file read (1 MiB)."""
MAX_ALIASES = 16
"""Largest number of `*alias` references in one file."""
MAX_NODES = 100_000
"""Largest number of nodes once aliases are expanded."""
MAX_DEPTH = 32
"""Deepest nesting of mappings and sequences."""

MAX_INT_DIGITS = 18
"""Longest integer accepted (digits): cards hold counts, turns and weights, never huge numbers."""
MAX_NUMBER_CHARS = 64
"""Longest written form of a number."""

_CORE = "tag:yaml.org,2002:"
ALLOWED_TAGS = frozenset(_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge"))


@dataclass(frozen=True)
class Document:
    """A parsed YAML document: its data and the node tree that locates every value."""

    file: str
    data: Any
    root: Node
    text: str
    origins: dict[int, tuple[str, str]] = field(default_factory=dict, compare=False, repr=False)
    """For a composed document (`extends`): id(node) → (file, text) of the file each node came from."""
    parents: tuple[Document, ...] = field(default=(), compare=False, repr=False)
    """The documents a composed one was merged from (kept alive so that node ids stay unique)."""

    def where(self, node: Node) -> tuple[str, str]:
        """The file name and text a node of this document was read from."""
        return self.origins.get(id(node), (self.file, self.text))


def claim_nodes(origins: dict[int, tuple[str, str]], root: Node, doc: Document) -> None:
    """Record every node under `root` as coming from `doc` (nodes already claimed keep their origin)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        origins.setdefault(id(node), doc.where(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack += [k, v]
        elif isinstance(node, SequenceNode):
            stack += node.value


def rebuild(doc: Document, root: Node, origins: dict[int, tuple[str, str]], parents: tuple[Document, ...]) -> Document:
    """A composed document: data constructed from a merged node tree whose nodes keep their origins."""
    return Document(doc.file, construct(root), root, doc.text, origins, parents)


def read_text(path: str, raw: bytes) -> str:
    """Decode a file's bytes, refusing oversize or non-UTF-8 files."""
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            [Diagnostic(path, 1, 1, "", f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,} bytes")]
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError([Diagnostic(path, line, col, "", "file is not valid UTF-8 text")]) from None


def parse(path: str, text: str) -> Document:
    """Compose, guard and construct one YAML document; raise ScenarioError on any problem."""
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "maximum nesting depth" in problem or "flow level" in str(exc.context or ""):
            problem = f"nesting too deep (limit {MAX_DEPTH} levels)"
        if "tab" in problem:
            problem += " (indent with spaces, not tabs)"
        elif exc.context and exc.context_mark and exc.problem_mark and exc.context_mark != exc.problem_mark:
            cm = exc.context_mark
            problem += f" ({exc.context} at line {cm.line + 1}, column {cm.column + 1})"
        raise ScenarioError([Diagnostic(path, line, col, "", f"YAML syntax error: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Diagnostic(path, 1, 1, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ScenarioError([Diagnostic(path, 1, 1, "", f"nesting too deep (limit {MAX_DEPTH} levels)")]) from None
    if root is None:
        raise ScenarioError([Diagnostic(path, 1, 1, "", "file is empty; expected a mapping of fields")])
    problems = list(_guard(path, root, text))
    if problems:
        raise ScenarioError(problems)
    if not isinstance(root, MappingNode):
        raise ScenarioError([_at(path, root, "", "expected a mapping of fields at the top of the file")])
    try:
        data = construct(root)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = getattr(exc, "problem", None) or str(exc)
        value = getattr(exc, "problem_value", None)
        what = f"cannot read value {value!r}" if value is not None else "cannot read value"
        raise ScenarioError([Diagnostic(path, line, col, "", f"{what}: {problem}")]) from None
    return Document(path, data, root, text)


_STR, _MAP, _SEQ, _MERGE = _CORE + "str", _CORE + "map", _CORE + "seq", _CORE + "merge"
_PLAIN_SCALARS = frozenset(_CORE + t for t in ("int", "float", "bool", "null", "timestamp"))


class _NotPlain(Exception):
    """The tree holds something `_plain` leaves to PyYAML's constructor (an alias, a merge key, an odd tag)."""


class _Unreadable(Exception):
    """A scalar whose tag's constructor refused its value (an impossible date, say), and where it is."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node


def construct(root: Node) -> Any:
    """The Python data of a guarded node tree, as the safe loader's `construct_document` builds it.

    A card is plain mappings, lists and scalars, and the safe constructor spends most of its time on the
    bookkeeping that aliases and merge keys need (a memo of every node, a generator per collection): a
    tree without them is built directly, each value by the safe constructor's own function for its tag.
    Anything else (an alias, a `<<` merge key, a tag on the wrong kind of node) and any error is left to
    the safe constructor, which then builds or refuses the whole document exactly as before."""
    loader = Loader("")
    unreadable = None
    try:
        return _plain(root, loader, set())
    except _Unreadable as exc:
        unreadable = exc
    except Exception:  # _NotPlain, or an error the safe constructor reports in its own order
        pass
    try:
        return Loader("").construct_document(root)
    except (ValueError, TypeError, OverflowError) as exc:
        if unreadable is not None and str(exc) == str(unreadable) and getattr(exc, "problem_mark", None) is None:
            exc.problem_mark = unreadable.node.start_mark  # type: ignore[attr-defined]  # the value's own place
            exc.problem_value = unreadable.node.value  # type: ignore[attr-defined]
        raise


def _plain(node: Node, loader: Any, seen: set[int]) -> Any:
    kind, tag = type(node), node.tag
    if kind is ScalarNode:  # a scalar's value is the same whether or not it is shared: no memo needed
        if tag == _STR:
            return node.value
        if tag in _PLAIN_SCALARS:
            try:
                return loader.yaml_constructors[tag](loader, node)
            except (ValueError, TypeError, OverflowError) as exc:
                raise _Unreadable(node, str(exc)) from None
        raise _NotPlain
    if id(node) in seen:
        raise _NotPlain  # an alias of a mapping or list: the constructor keeps one object per node
    seen.add(id(node))
    if kind is MappingNode and tag == _MAP:
        data = {}
        for key, value in node.value:
            if key.tag == _MERGE:
                raise _NotPlain
            text = type(key) is ScalarNode and key.tag == _STR  # most keys and values: text, built inline
            data[key.value if text else _plain(key, loader, seen)] = (
                value.value if type(value) is ScalarNode and value.tag == _STR else _plain(value, loader, seen)
            )
        return data
    if kind is SequenceNode and tag == _SEQ:
        return [_plain(item, loader, seen) for item in node.value]
    raise _NotPlain


def _at(path: str, node: Node, field: str, message: str) -> Diagnostic:
    return Diagnostic(path, node.start_mark.line + 1, node.start_mark.column + 1, field, message)


def _guard(path: str, root: Node, text: str) -> Iterator[Diagnostic]:
    """One iterative walk: aliases, expanded size, depth, tags, keys."""
    seen: dict[int, int] = {}  # id(node) -> expanded size (filled after children)
    aliases = 0
    stack: list[tuple[Node, int]] = [(root, 1)]
    order: list[Node] = []
    entries = 0  # of the mappings walked: with no alias, the expanded size is len(order) + entries
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            aliases += 1
            if aliases > MAX_ALIASES:
                yield _alias_diagnostic(path, text)
                return
            continue
        seen[id(node)] = 0
        order.append(node)
        if depth > MAX_DEPTH:
            yield _at(path, node, "", f"nesting too deep (limit {MAX_DEPTH} levels)")
            return
        if isinstance(node, MappingNode):
            entries += len(node.value)
        if node.tag not in ALLOWED_TAGS:
            yield _at(path, node, "", f"tag {node.tag.replace(_CORE, '!!')} is not allowed; cards hold plain data only")
            continue
        if isinstance(node, MappingNode):
            first: dict[str, Node] = {}
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    yield _at(path, key, "", "keys must be plain text, not lists or mappings")
                    continue
                if key.tag == _CORE + "merge":
                    stack.append((value, depth + 1))
                    continue
                if key.value in first:
                    prev = first[key.value].start_mark
                    yield _at(
                        path,
                        key,
                        "",
                        f"duplicate key '{key.value}' (first at line {prev.line + 1}, column {prev.column + 1})",
                    )
                first[key.value] = key
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            for item in node.value:
                stack.append((item, depth + 1))
        elif isinstance(node, ScalarNode) and node.tag != _CORE + "str":
            problem = scalar_problem(node.tag, node.value)
            if problem:
                yield _at(path, node, "", problem)
    if not aliases:  # a tree: each node and each key counts once
        if len(order) + entries > MAX_NODES:
            yield _at(path, root, "", f"document expands to more than {MAX_NODES:,} values (aliases?)")
        return
    # expanded size, counting shared (aliased) subtrees each time they are used
    for node in reversed(order):
        size = 1
        if isinstance(node, MappingNode):
            size += sum(1 + seen.get(id(v), 0) for _, v in node.value)
        elif isinstance(node, SequenceNode):
            size += sum(seen.get(id(v), 0) for v in node.value)
        seen[id(node)] = size
        if size > MAX_NODES:
            yield _at(path, root, "", f"document expands to more than {MAX_NODES:,} values (aliases?)")
            return


_INT = re.compile(r"[-+]?(?:0b[01]+|0x[0-9a-fA-F]+|0o?[0-7]+|[0-9]+)")
_DATE = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?"
)
_BOOLS = frozenset(("yes", "no", "true", "false", "on", "off"))
_SPECIAL_FLOATS = frozenset((".nan", ".inf", "+.inf", "-.inf"))


def scalar_problem(tag: str, value: str) -> str | None:
    """Why a number, date or true/false cannot be read safely (None when it can). Runs before any
    value is built, in time linear in the text: NaN, infinities, huge or base-60 numbers (`1:0:0`)
    and malformed explicitly tagged values (`!!timestamp hello`) are refused."""
    kind = tag.removeprefix(_CORE)
    if kind in ("int", "float"):
        text = value.replace("_", "")
        if ":" in text:
            return f"base-60 numbers like {value[:20]!r} are not allowed; quote the value if text was meant"
        if text.lower() in _SPECIAL_FLOATS or "nan" in text.lower() or "inf" in text.lower():
            return "NaN and infinity are not allowed; give a finite number"
        if len(text) > MAX_NUMBER_CHARS:
            return f"number too long ({len(text):,} characters; at most {MAX_NUMBER_CHARS})"
        if kind == "int":
            if not _INT.fullmatch(text):
                return f"{value!r} is not an integer"
            digits = text.lstrip("+-")
            if len(digits.removeprefix("0x").removeprefix("0b").removeprefix("0o")) > MAX_INT_DIGITS:
                return f"number too large (more than {MAX_INT_DIGITS} digits)"
            return None
        try:
            number = float(text)
        except ValueError:
            return f"{value!r} is not a number"
        if not math.isfinite(number):
            return "number too large (it would be infinite); give a finite number"
        return None
    if kind == "timestamp" and not _DATE.fullmatch(value):
        return f"{value[:40]!r} is not a date; write dates as 2019-02-14"
    if kind == "bool" and value.lower() not in _BOOLS:
        return f"{value[:40]!r} is not true or false"
    return None


def _alias_diagnostic(path: str, text: str) -> Diagnostic:
    """Locate the first alias past the limit by scanning events (only on this error path)."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                count += 1
                if count > MAX_ALIASES:
                    mark = event.start_mark
                    return Diagnostic(
                        path,
                        mark.line + 1,
                        mark.column + 1,
                        "",
                        f"more than {MAX_ALIASES} aliases (*name); write the values out instead",
                    )
    except yaml.YAMLError:
        pass
    return Diagnostic(path, 1, 1, "", f"more than {MAX_ALIASES} aliases (*name); write the values out instead")


def node_at(root: Node, loc: tuple[Any, ...]) -> tuple[Node, bool]:
    """The node a validation error's loc points to.

    Returns (node, exact). Parts that are not keys of the document (pydantic union member
    names, `[key]` markers) are skipped; a missing last key gives the enclosing mapping."""
    node = root
    for i, part in enumerate(loc):
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if key.value == str(part) or (
                    isinstance(part, str) and part.endswith("[key]") and key.value == part[:-5]
                ):
                    node = value if not str(part).endswith("[key]") else key
                    break
            else:
                if i == len(loc) - 1:
                    return node, False
                continue
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        elif isinstance(node, SequenceNode | ScalarNode):
            continue
    return node, True


def key_node_at(root: Node, loc: tuple[Any, ...]) -> Node:
    """The key node of the last part of `loc` (for unknown-field errors)."""
    parent, _ = node_at(root, loc[:-1])
    if isinstance(parent, MappingNode):
        for key, _value in parent.value:
            if key.value == str(loc[-1]):
                return key
    return parent


def is_plain_scalar(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style in (None, "")
