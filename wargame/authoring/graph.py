"""`wargame graph`: the crisis state machine as a Mermaid `stateDiagram-v2`, drawn by `transitions`'
GraphMachine (edges labelled with their conditions), and the escalation ladder with its firebreaks and
the moves that reach each rung. `--format md` wraps both in a Markdown file any forge renders."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from transitions.extensions.diagrams import GraphMachine

from wargame.scenario.models import Rulebook, Scenario


class _Model:
    state: str


def _guard(label: str) -> Callable[..., bool]:
    def guard(*_args: Any, **_kwargs: Any) -> bool:
        return True

    guard.__name__ = label  # transitions labels an edge with its guard's name
    return guard


def _label(text: str) -> str:
    """A condition as an edge label Mermaid accepts (no colons, brackets or quotes)."""
    text = " ".join(text.split())
    text = text.replace('"', "'").replace(":", " ").replace("[", "(").replace("]", ")")
    text = re.sub(r"[{};#]", " ", text)
    return text if len(text) <= 80 else text[:77] + "..."


def state_diagram(rb: Rulebook, fold_global: bool = True, start: str | None = None) -> str:
    """The crisis machine as Mermaid text (`[*]` points at `start`, a card's start state, else the
    rulebook's initial state). With `fold_global`, a transition that leaves every non-terminal
    state (war, nuclear use) is drawn once, from a note-like `any` state, to keep the diagram legible."""
    model = _Model()
    states = [s.id for s in rb.states]
    live = [s.id for s in rb.states if not s.end]
    folded = [t for t in rb.transitions if fold_global and len(live) > 2 and set(live) <= set(t.source)]
    machine = GraphMachine(
        model=model,
        states=states + (["any_open_state"] if folded else []),
        initial=start or rb.initial_state,
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=rb.title,
    )
    for i, tr in enumerate(rb.transitions):
        sources = ["any_open_state"] if tr in folded else list(tr.source)
        machine.add_transition(f"{tr.trigger}_{i}", sources, tr.dest, conditions=[_guard(_label(tr.when))])
    text = machine.get_graph().draw(None)
    return _tidy(text, rb)


def _tidy(text: str, rb: Rulebook) -> str:
    """Trigger names without their row suffix; terminal states marked with their end kind."""
    text = re.sub(r"\b([a-z][a-z0-9_]*)_\d+ \[", r"\1 [", text)
    # Mermaid front matter is YAML: transitions writes the bare title; give it as `title: "…"`
    text = re.sub(
        r"\A---\n(.*?)\n---\n", lambda m: f"---\ntitle: {json.dumps(m.group(1), ensure_ascii=False)}\n---\n", text
    )
    # transitions marks the machine's current state as active: a drawing of the rules has none
    text = re.sub(r"(?m)^(\s*Class \S+) s_active$", r"\1 s_default", text)
    notes = [f"  note right of {s.id}: ends the game ({s.end})" for s in rb.states if s.end]
    return text.rstrip("\n") + "\n" + "\n".join(notes) + "\n"


def ladder_diagram(rb: Rulebook, card: Scenario | None = None) -> str:
    """The ladder bottom-up as a Mermaid flowchart: each rung, the firebreak guarding it, and the
    moves whose `rung_to` reaches it."""
    allowed = set(card.moves) if card and card.moves else None
    reach: dict[int, list[str]] = {}
    for m in rb.moves:
        if m.rung_to is not None and (allowed is None or m.id in allowed):
            index = m.rung_to if isinstance(m.rung_to, int) else [r.id for r in rb.ladder.rungs].index(m.rung_to)
            reach.setdefault(index, []).append(m.id)
    firebreaks = {f.id: f.name for f in rb.ladder.firebreaks}
    lines = ["flowchart BT"]
    for i, rung in enumerate(rb.ladder.rungs):
        moves = reach.get(i, [])
        label = f"{i}. {rung.name}<br/><code>rungs.{rung.id}</code>"
        if moves:
            label += "<br/><i>reached by " + ", ".join(moves) + "</i>"
        lines.append(f'  {rung.id}["{_quote(label)}"]')
    for i in range(1, len(rb.ladder.rungs)):
        below, rung = rb.ladder.rungs[i - 1], rb.ladder.rungs[i]
        if rung.firebreak:
            lines.append(
                f'  {below.id} ==>|"firebreak: {_quote(firebreaks.get(rung.firebreak, rung.firebreak))}"| {rung.id}'
            )
        else:
            lines.append(f"  {below.id} --> {rung.id}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return text.replace('"', "#quot;")


def markdown(rb: Rulebook, card: Scenario | None = None) -> str:
    title = card.title if card else rb.title
    return (
        f"# {title}\n\n## Crisis states\n\n```mermaid\n{state_diagram(rb, start=_start(card))}```\n\n"
        f"## Escalation ladder\n\n```mermaid\n{ladder_diagram(rb, card)}```\n"
    )


def mermaid(rb: Rulebook, card: Scenario | None = None) -> str:
    """Both diagrams as Mermaid text, separated by a `%%` comment (`mmdc` renders one diagram per file:
    `--only states` or `--only ladder`)."""
    return state_diagram(rb, start=_start(card)) + "\n%% ---- ladder\n" + ladder_diagram(rb, card)


def _start(card: Scenario | None) -> str | None:
    return card.start_state if card is not None else None
