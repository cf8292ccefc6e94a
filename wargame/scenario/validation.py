"""Structural validation of a parsed document against a model, with positioned diagnostics."""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError

from wargame.scenario.diagnostics import Diagnostic, format_path
from wargame.scenario.yamlsafe import Document, is_plain_scalar, key_node_at, node_at

M = TypeVar("M", bound=BaseModel)

_YAML11_WORDS = {"yes", "no", "on", "off", "y", "n"}


def validate(doc: Document, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Validate `doc.data` as `model`. Returns the model (or None) and every diagnostic.

    A plain scalar that YAML read as a boolean or number where text is expected (`NO`,
    `on`, `1.10`) is taken as the text it was written as, with a warning to quote it.
    """
    data = doc.data
    warnings: list[Diagnostic] = []
    for _attempt in range(3):
        try:
            return model.model_validate(data), warnings
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        fixed = False
        for err in errors:
            if err["type"] == "string_type" and _retype_as_text(doc, data, err["loc"], warnings):
                fixed = True
        if not fixed:
            break
    return None, warnings + [_diagnostic(doc, model, err) for err in errors]


def _retype_as_text(doc: Document, data: Any, loc: tuple[Any, ...], warnings: list[Diagnostic]) -> bool:
    node, exact = node_at(doc.root, loc)
    value = _get(data, loc)
    if not exact or not is_plain_scalar(node) or not isinstance(value, bool | int | float) or value is None:
        return False
    raw = node.value
    if isinstance(value, bool):
        reason = f"YAML 1.1 reads `{raw}` as {str(value).lower()}"
        if raw.lower() not in _YAML11_WORDS and raw.lower() not in ("true", "false"):
            return False
    else:
        reason = f"YAML reads `{raw}` as the number {value!r}"
    if not _set(data, loc, raw):
        return False
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    warnings.append(
        Diagnostic(
            doc.where(node)[0],
            line,
            col,
            format_path(loc),
            f'{reason}; taken as the text "{raw}" — quote it',
            "warning",
        )
    )
    return True


def _get(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _set(data: Any, loc: tuple[Any, ...], value: Any) -> bool:
    parent = _get(data, loc[:-1])
    try:
        parent[loc[-1]] = value
    except (KeyError, IndexError, TypeError):
        return False
    return True


def _diagnostic(doc: Document, model: type[BaseModel], err: Any) -> Diagnostic:
    loc = tuple(err["loc"])
    kind = err["type"]
    message = err["msg"]
    if kind == "extra_forbidden":
        import difflib  # only for this hint: a valid card never needs it

        node = key_node_at(doc.root, loc)
        expected = sorted(_fields_at(model, loc[:-1]))
        close = difflib.get_close_matches(str(loc[-1]), expected, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        message = f"unknown field '{loc[-1]}'"
        if expected:
            message += f"; {hint}expected one of: {', '.join(expected)}"
    elif kind == "missing":
        node, _ = node_at(doc.root, loc)
        message = f"missing required field '{loc[-1]}'"
    else:
        node, _ = node_at(doc.root, loc)
        ctx = err.get("ctx") or {}
        if kind == "string_pattern_mismatch" and "pattern" in ctx:
            message = f"{message} (lower-case letters, digits{', hyphens' if '-' in ctx['pattern'] else ' and _'})"
        given = err.get("input")
        if isinstance(given, str | int | float | bool) and kind not in ("missing",):
            shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
            message = f"{message}, got {shown}"
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    path = format_path(p for p in loc if not (isinstance(p, str) and p.endswith("[key]")))
    return Diagnostic(doc.where(node)[0], line, col, path, message)


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    """Field names of the model found at `loc` (for 'did you mean' hints)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(tp, type) and issubclass(tp, RootModel):
            tp = _unwrap(tp.model_fields["root"].annotation)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(part))
            if field is None:
                return set()
            tp = field.annotation
        else:
            args = typing.get_args(tp)
            tp = args[-1] if args else None
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {f.alias or name for name, f in tp.model_fields.items()}
    return set()


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(members[0]) if len(members) == 1 else tp
    return tp
