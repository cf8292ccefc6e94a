"""Rulebook composition: `extends: ID` and `remove:`, with every entry keeping the file and line it came from.

An extending rulebook inherits every entry of the one it extends. Its own entries are merged by id
(transitions by `trigger`): an entry with an inherited id replaces it in place, a new one is added
after the inherited ones, and `remove:` drops inherited entries by id. `adjudication` is merged
parameter by parameter; any other field given replaces the inherited one.

The merge works on the YAML node trees, so the merged document's nodes are the very nodes of the
files they came from: a diagnostic about an inherited entry names the parent file and its line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wargame.scenario import yamlsafe
from wargame.scenario.diagnostics import Diagnostic, ScenarioError

MAX_CHAIN = 8
"""Longest chain of `extends` (a rulebook extending one that extends another …)."""

LISTS: dict[tuple[str, ...], str] = {
    ("parties",): "id",
    ("states",): "id",
    ("transitions",): "trigger",
    ("moves",): "id",
    ("mediators",): "id",
    ("mediation_styles",): "id",
    ("hazards",): "id",
    ("sources",): "id",
    ("ladder", "rungs"): "id",
    ("ladder", "firebreaks"): "id",
    ("variables", "world"): "id",
    ("variables", "team"): "id",
    ("variables", "mediator"): "id",
}
"""Sections merged entry by entry, and the field that identifies an entry."""
NESTED = ("ladder", "variables", "adjudication")
"""Mappings merged key by key."""
REMOVABLE = ("parties", "moves", "hazards", "transitions", "mediators", "states", "sources")

Parse = Callable[[Path], yamlsafe.Document]
Find = Callable[[Path, str, yamlsafe.Document], Path]


def _get(node: MappingNode, key: str) -> tuple[ScalarNode, Node] | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _entry_id(node: Node, key: str) -> str | None:
    if isinstance(node, MappingNode):
        found = _get(node, key)
        if found and isinstance(found[1], ScalarNode):
            return str(found[1].value)
    return None


def _at(doc: yamlsafe.Document, node: Node, path: str, message: str) -> Diagnostic:
    return Diagnostic(doc.file, node.start_mark.line + 1, node.start_mark.column + 1, path, message)


class _Merge:
    def __init__(self, child: yamlsafe.Document, parent_name: str) -> None:
        self.child = child
        self.parent_name = parent_name
        self.problems: list[Diagnostic] = []
        self.removed: dict[str, set[str]] = {}
        self.remove_nodes: dict[tuple[str, str], Node] = {}
        self.made: list[tuple[Node, Node]] = []
        """(new node, the node whose file and marks it stands for)."""

    def _made(self, new: Node, like: Node) -> Node:
        self.made.append((new, like))
        return new

    def removals(self, node: Node) -> None:
        if not isinstance(node, MappingNode):
            self.problems.append(_at(self.child, node, "remove", "expected a mapping such as `moves: [id, …]`"))
            return
        for k, v in node.value:
            section = str(k.value)
            if section not in REMOVABLE:
                self.problems.append(
                    _at(
                        self.child,
                        k,
                        f"remove.{section}",
                        f"cannot remove {section}; expected one of: " + ", ".join(REMOVABLE),
                    )
                )
                continue
            items = v.value if isinstance(v, SequenceNode) else []
            for item in items:
                if isinstance(item, ScalarNode):
                    self.removed.setdefault(section, set()).add(str(item.value))
                    self.remove_nodes[(section, str(item.value))] = item

    def mapping(self, parent: MappingNode, child: MappingNode, path: tuple[str, ...]) -> MappingNode:
        out: list[tuple[Node, Node]] = []
        child_keys = {str(k.value): (k, v) for k, v in child.value if isinstance(k, ScalarNode)}
        for k, v in parent.value:
            name = str(k.value)
            if not path and name in ("remove", "extends"):
                continue
            here = (*path, name)
            mine = child_keys.pop(name, None)
            if mine is None:
                out.append((k, v))
            elif here in LISTS and isinstance(v, SequenceNode) and isinstance(mine[1], SequenceNode):
                out.append((mine[0], self.sequence(v, mine[1], here)))
            elif name in NESTED and isinstance(v, MappingNode) and isinstance(mine[1], MappingNode):
                out.append((mine[0], self.mapping(v, mine[1], here)))
            else:
                out.append(mine)
        for name, (k, v) in child_keys.items():
            if not path and name == "remove":
                continue
            out.append((k, v))
        if not path:  # sections that only the parent has may still lose entries to `remove:`
            out = [(k, self.prune(v, (str(k.value),))) for k, v in out]
        return self._made(MappingNode(child.tag, out, child.start_mark, child.end_mark, child.flow_style), child)  # type: ignore[return-value]

    def prune(self, node: Node, here: tuple[str, ...]) -> Node:
        if here not in LISTS or not isinstance(node, SequenceNode) or here[0] not in self.removed:
            return node
        key = LISTS[here]
        gone = self.removed[here[0]]
        kept = [n for n in node.value if _entry_id(n, key) not in gone]
        return self._made(SequenceNode(node.tag, kept, node.start_mark, node.end_mark), node)

    def sequence(self, parent: SequenceNode, child: SequenceNode, here: tuple[str, ...]) -> SequenceNode:
        key = LISTS[here]
        mine: dict[str, Node] = {}
        extra: list[Node] = []
        for item in child.value:
            ident = _entry_id(item, key)
            if ident is None or ident in mine:
                extra.append(item)  # validation reports it (no id, or a duplicate)
            else:
                mine[ident] = item
        merged: list[Node] = []
        for item in parent.value:
            ident = _entry_id(item, key)
            if ident is not None and ident in mine:
                merged.append(mine.pop(ident))
            else:
                merged.append(item)
        merged += [n for n in child.value if _entry_id(n, key) in mine] + extra
        return self._made(SequenceNode(child.tag, merged, child.start_mark, child.end_mark, child.flow_style), child)


def compose(
    path: Path,
    doc: yamlsafe.Document,
    parse: Parse,
    find: Find,
    chain: tuple[Path, ...] = (),
) -> tuple[yamlsafe.Document, tuple[Path, ...]]:
    """The document with its `extends` chain merged in; and the files of the chain (this one first)."""
    chain = (*chain, path)
    root = doc.root
    assert isinstance(root, MappingNode)
    found = _get(root, "extends")
    if found is None or not isinstance(found[1], ScalarNode) or found[1].tag.endswith(":null"):
        if _get(root, "remove") is not None:
            k, _ = _get(root, "remove")  # type: ignore[misc]
            raise ScenarioError([_at(doc, k, "remove", "`remove:` needs `extends:` (there is nothing to remove from)")])
        return doc, chain
    name = str(found[1].value)
    if len(chain) > MAX_CHAIN:
        raise ScenarioError([_at(doc, found[1], "extends", f"more than {MAX_CHAIN} rulebooks extend one another")])
    parent_path = find(path, name, doc)
    if any(parent_path.resolve() == p.resolve() for p in chain):
        raise ScenarioError([_at(doc, found[1], "extends", f"'{name}' extends this rulebook again (a cycle)")])
    parent_doc, parent_chain = compose(parent_path, parse(parent_path), parse, find, chain)
    if parent_doc.data.get("kind") != "rulebook":
        raise ScenarioError([_at(doc, found[1], "extends", f"'{name}' is not a rulebook")])
    merge = _Merge(doc, name)
    remove = _get(root, "remove")
    if remove is not None:
        merge.removals(remove[1])
    assert isinstance(parent_doc.root, MappingNode)
    merged_root = merge.mapping(parent_doc.root, root, ())
    for (section, ident), node in merge.remove_nodes.items():
        key = LISTS[(section,)]
        section_node = _get(parent_doc.root, section)
        ids = (
            {_entry_id(n, key) for n in section_node[1].value}
            if section_node and isinstance(section_node[1], SequenceNode)
            else set()
        )
        if ident not in ids:
            merge.problems.append(
                _at(doc, node, f"remove.{section}", f"'{name}' has no {section[:-1]} '{ident}' to remove")
            )
    if merge.problems:
        raise ScenarioError(merge.problems)
    origins = dict(parent_doc.origins)
    yamlsafe.claim_nodes(origins, parent_doc.root, parent_doc)
    yamlsafe.claim_nodes(origins, root, doc)
    for new, like in merge.made:
        origins[id(new)] = origins.get(id(like), (doc.file, doc.text))
    merged = yamlsafe.rebuild(doc, merged_root, origins, (*parent_doc.parents, parent_doc, doc))
    return merged, parent_chain
