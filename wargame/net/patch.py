"""Patches between two snapshots of one audience's view: what the server sends after a change
instead of the whole snapshot, and how a client applies them.

A patch is a list of operations on the snapshot's fields, each at a path of field names that
goes only through nested views (pydantic models): `set` replaces a field's value, `append`
adds items to the end of a list field (an event log grows at its end). The server diffs the
models it built (unchanged parts are the very same objects, so most comparisons are identity
checks); the client validates only the values it receives, against the type of the field they
go into, and rebuilds the models along the path (the rest is shared with its previous snapshot)."""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

MAX_DEPTH = 2
"""How deep a patch goes into nested views (State → TeamView → its fields)."""


class PatchError(ValueError):
    """A patch that does not fit the snapshot it claims to apply to."""


def diff(old: BaseModel, new: BaseModel, depth: int = MAX_DEPTH) -> list[tuple[list[str], str, Any]]:
    """The operations that turn `old` into `new` (two models of the same type): a list of
    (path, `set` or `append`, value); empty when they are equal."""
    ops: list[tuple[list[str], str, Any]] = []
    _diff(old, new, [], depth, ops)
    return ops


def _diff(old: BaseModel, new: BaseModel, path: list[str], depth: int, ops: list[tuple[list[str], str, Any]]) -> None:
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a is b or a == b:
            continue
        here = [*path, name]
        if depth > 0 and isinstance(a, BaseModel) and type(a) is type(b):
            _diff(a, b, here, depth - 1, ops)
        elif isinstance(a, list) and isinstance(b, list) and len(b) > len(a) > 0 and b[: len(a)] == a:
            ops.append((here, "append", b[len(a) :]))
        else:
            ops.append((here, "set", b))


Op = Literal["set", "append"]


def apply(model: BaseModel, path: list[str], op: Op, value: Any) -> BaseModel:
    """`model` with one operation applied (a new model; `model` is unchanged). The value is
    validated against the field's type; raises PatchError when the path or value does not fit."""
    if not path:
        raise PatchError("an empty path")
    name, rest = path[0], path[1:]
    fields = type(model).model_fields
    if name not in fields:
        raise PatchError(f"no field '{name}' in {type(model).__name__}")
    if rest:
        child = getattr(model, name)
        if not isinstance(child, BaseModel):
            raise PatchError(f"'{name}' is not a nested view")
        new = apply(child, rest, op, value)
    else:
        adapter = _adapter(type(model), name)
        try:
            checked = adapter.validate_python(value)
        except ValueError as exc:
            raise PatchError(f"'{name}': {exc}") from None
        if op == "append":
            current = getattr(model, name)
            if not isinstance(current, list) or not isinstance(checked, list):
                raise PatchError(f"'{name}' is not a list")
            new = [*current, *checked]
        else:
            new = checked
    return model.model_copy(update={name: new})


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].annotation)
