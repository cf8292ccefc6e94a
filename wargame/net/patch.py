"""Patches between two snapshots of one audience's view: what the server sends after a change
instead of the whole snapshot, and how a client applies them.

A patch is a list of operations on the snapshot's fields, each at a path that goes only through
nested views (pydantic models), items of a list of views (by position, when the list kept its
length) and entries of a dict (by key, when it kept its keys): `set` replaces a value, `append`
adds items to the end of a list field (an event log grows at its end). A team's status rows
whose values moved are sent as those values alone, not as every row with its description again.
The server diffs the models it built (unchanged parts are the very same objects, so most
comparisons are identity checks); the client validates only the values it receives, against the
type of the field they go into, and rebuilds the models along the path (the rest is shared with
its previous snapshot), each model once per patch."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter

MAX_PATH = 4
"""The longest path a patch names (the protocol refuses longer ones)."""
MAX_KEY = 64
"""The longest dict key a path may name (the protocol refuses longer ones)."""
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
        if a is b:
            continue
        here = [*path, name]
        if depth > 0 and isinstance(a, BaseModel) and type(a) is type(b):
            _diff(a, b, here, depth - 1, ops)  # compared field by field there (not twice)
        elif a == b or _in_parts(a, b, here, depth, ops):
            continue
        elif isinstance(a, list) and isinstance(b, list) and len(b) > len(a) > 0 and b[: len(a)] == a:
            ops.append((here, "append", b[len(a) :]))
        else:
            ops.append((here, "set", b))


def _in_parts(a: Any, b: Any, here: list[str], depth: int, ops: list[tuple[list[str], str, Any]]) -> bool:
    """Add the operations on the items of a list of views, or on the entries of a dict, that
    changed, when the value can be patched in parts; else add nothing and say so."""
    if depth > 0 and len(here) + 2 <= MAX_PATH and _same_views(a, b):
        return _items(a, b, here, depth, ops)
    return len(here) < MAX_PATH and _entries(a, b, here, ops)


def _items(a: list[Any], b: list[Any], here: list[str], depth: int, ops: list[tuple[list[str], str, Any]]) -> bool:
    """Add the operations on the items of a list of views that changed, field by field, when
    that is less than one operation per item (rows whose value moved); else add nothing and say
    so (a list of new items is sent whole)."""
    item_ops: list[tuple[list[str], str, Any]] = []
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x is not y and x != y:
            _diff(x, y, [*here, str(i)], depth - 1, item_ops)
            if len(item_ops) >= len(b):
                return False
    ops.extend(item_ops)
    return True


def _same_views(a: Any, b: Any) -> bool:
    """Two lists of views of the same length, item by item of the same type."""
    return (
        isinstance(a, list)
        and isinstance(b, list)
        and len(a) == len(b) > 0
        and all(isinstance(x, BaseModel) and type(x) is type(y) for x, y in zip(a, b, strict=True))
    )


def _entries(a: Any, b: Any, here: list[str], ops: list[tuple[list[str], str, Any]]) -> bool:
    """Add a `set` of each entry that changed between two dicts with the same keys, when every
    such key is short enough to be named in a path; else add nothing and say so."""
    if not (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()):
        return False
    changed = [(k, y) for k, y in b.items() if a[k] is not y and a[k] != y]
    if not all(isinstance(k, str) and 0 < len(k) <= MAX_KEY for k, _y in changed):
        return False
    ops.extend(([*here, k], "set", y) for k, y in changed)
    return True


Op = Literal["set", "append"]


def apply_all(model: BaseModel, ops: Sequence[tuple[list[str], Op, Any]]) -> BaseModel:
    """`model` with a patch's operations applied in order (a new model; `model` is unchanged):
    the same as applying them one by one, but each model along the paths is copied once per
    patch rather than once per operation. Raises PatchError when a path or value does not fit."""
    groups: dict[str, list[tuple[list[str], Op, Any]]] = {}
    fields = type(model).model_fields
    for path, op, value in ops:
        if not path:
            raise PatchError("an empty path")
        if path[0] not in fields:
            raise PatchError(f"no field '{path[0]}' in {type(model).__name__}")
        groups.setdefault(path[0], []).append((path[1:], op, value))
    update: dict[str, Any] = {}
    for name, group in groups.items():  # operations on different fields commute
        current = getattr(model, name)
        nested: list[tuple[list[str], Op, Any]] = []
        for rest, op, value in group:
            if rest:
                nested.append((rest, op, value))
                continue
            if nested:
                current = _apply_nested(model, name, current, nested)
                nested = []
            current = _apply_here(model, name, current, op, value)
        if nested:
            current = _apply_nested(model, name, current, nested)
        update[name] = current
    return model.model_copy(update=update)


def _apply_nested(model: BaseModel, name: str, child: Any, ops: list[tuple[list[str], Op, Any]]) -> Any:
    """The new value of field `name` (now `child`) after operations inside it: fields of a view,
    items of a list of views (by position) or entries of a dict (by key, `set` only)."""
    if isinstance(child, BaseModel):
        return apply_all(child, ops)
    if isinstance(child, list):
        items: dict[int, list[tuple[list[str], Op, Any]]] = {}
        for rest, op, value in ops:
            index = int(rest[0]) if rest[0].isdigit() else -1
            if not 0 <= index < len(child) or not isinstance(child[index], BaseModel) or len(rest) < 2:
                raise PatchError(f"'{name}' has no view at '{rest[0]}'")
            items.setdefault(index, []).append((rest[1:], op, value))
        new = list(child)
        for index, group in items.items():
            new[index] = apply_all(child[index], group)
        return new
    if isinstance(child, dict):
        entries = {}
        for rest, op, value in ops:
            if len(rest) != 1 or op != "set" or rest[0] not in child:
                raise PatchError(f"'{name}' has no entry '{'.'.join(rest)}' to set")
            entries[rest[0]] = value
        try:
            checked = _adapter(type(model), name).validate_python(entries)
        except ValueError as exc:
            raise PatchError(f"'{name}': {exc}") from None
        return {**child, **checked}
    raise PatchError(f"'{name}' is not a nested view")


def _apply_here(model: BaseModel, name: str, current: Any, op: Op, value: Any) -> Any:
    """The new value of field `name` (now `current`) after one operation, validated against its type."""
    try:
        checked = _adapter(type(model), name).validate_python(value)
    except ValueError as exc:
        raise PatchError(f"'{name}': {exc}") from None
    if op == "append":
        if not isinstance(current, list) or not isinstance(checked, list):
            raise PatchError(f"'{name}' is not a list")
        return [*current, *checked]
    return checked


@cache
def _adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    return TypeAdapter(model.model_fields[name].annotation)
