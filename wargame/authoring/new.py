"""`wargame new ID [--from CARD] [--rules RULEBOOK]`: start a card (and, with `--rules`, a rulebook
extending the card's) that validates, lints clean and plays. Each file starts with a
`$schema=schema.json` modeline, and the schema is written beside it when missing, so the modeline
resolves wherever the files are written."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from wargame.scenario.loader import LoadedScenario
from wargame.scenario.models import Rulebook

MODELINE = "# yaml-language-server: $schema=schema.json\n"


@dataclass(frozen=True)
class Planned:
    path: Path
    text: str


def rules_folder(card_folder: Path) -> Path:
    """Where a new rulebook goes: `rules/` beside a `scenarios/` folder, else `rules/` inside the card's folder
    (both are searched for a card's rulebook)."""
    return card_folder.parent / "rules" if card_folder.name == "scenarios" else card_folder / "rules"


def blank_card(card_id: str, rulebook_id: str, rb: Rulebook) -> str:
    """A small fictional card on `rb`: its first two principals, four turns, two objectives each."""
    principals = [p for p in rb.parties if p.role == "principal"][:2]
    rungs = rb.ladder.rungs
    guarded = next((r for r in rungs if r.firebreak), rungs[len(rungs) // 2])
    team_vars = [v.id for v in rb.variables.team]
    standing = "intl_standing" if "intl_standing" in team_vars else team_vars[0]
    start = dt.date(2030, 1, 6)
    lines = [
        MODELINE.rstrip("\n"),
        "#",
        f"# {card_id}: a new card. `wargame validate --watch` re-checks it on every save; `wargame lint` finds",
        "# dead content; `wargame graph` draws its rulebook; `wargame play` plays it. See docs/authoring.md.",
        "kind: scenario",
        "schema_version: 1",
        f"id: {card_id}",
        f'title: "{card_id.replace("-", " ").capitalize()}"',
        'version: "0.1"',
        f'summary: "A new crisis between {principals[0].name} and {principals[1].name} (work in progress)."',
        "framing: counterfactual",
        f"rulebook: {rulebook_id}",
        "# The crisis opens one rung up the ladder, in the state the rulebook's first transition leads to:",
        "# at the bottom rung, in peacetime, most moves are not yet legal.",
        f"start_rung: {rungs[1].id}",
        *([f"start_state: {opening}"] if (opening := _opening_state(rb)) else []),
        "",
        "teams:",
    ]
    for p in principals:
        lines += [
            f"  - id: {p.id}",
            "    briefing: |",
            f"      You are {p.name}'s crisis cell. Write what your government knows and wants on the first",
            "      day, from its own point of view.",
            "    objectives:",
            "      - id: below_the_firebreak",
            f'        description: "The crisis never climbs to: {guarded.name}."',
            f"        condition: peak_rung < rungs.{guarded.id}",
            "        points: 2",
            "      - id: standing_held",
            "        description: Our international standing ends no lower than it began.",
            f"        condition: {p.id}.{standing} >= {_default(rb, standing)}",
            "        points: 1",
        ]
    lines += ["", "calendar:"]
    for i in range(4):
        day = start + dt.timedelta(days=2 * i)
        lines.append(f'  - {{date: {day.isoformat()}, label: "Turn {i + 1}", days: 2}}')
    lines += [
        "",
        "# initial: {}            # starting values, e.g. " + f"{principals[0].id}.{standing}: 0.6",
        "# injects: []            # events: `turn: N`, `when: <condition>`, or held for the facilitator",
        "# claims: []             # contested claims with each side's version and the truth",
        "# historical_track: []   # what each team actually did, turn by turn (with sources)",
        "# sources: []            # id, title, publisher, date, url, confidence (V or S)",
        "",
    ]
    return "\n".join(lines)


def _opening_state(rb: Rulebook) -> str | None:
    """The state the first transition out of the initial state enters (a crisis already under way)."""
    states = {st.id: st for st in rb.states}
    for tr in rb.transitions:
        if rb.initial_state in tr.source and not states[tr.dest].end:
            return tr.dest
    return None


def _default(rb: Rulebook, var_id: str) -> str:
    v = next(v for v in rb.variables.team if v.id == var_id)
    return f"{v.default:g}"


def copied_card(card_id: str, source: LoadedScenario, rulebook_id: str | None) -> str:
    """The source card's text with its id (and, with `--rules`, its rulebook) replaced; comments kept."""
    text = source.path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id:\s*\S+.*$", f"id: {card_id}", text, count=1)
    if rulebook_id:
        text = re.sub(r"(?m)^rulebook:\s*\S+.*$", f"rulebook: {rulebook_id}", text, count=1)
    if not text.startswith("# yaml-language-server:"):
        text = MODELINE + text
    return text


def extending_rulebook(rulebook_id: str, parent: Rulebook) -> str:
    return "\n".join(
        [
            MODELINE.rstrip("\n"),
            "#",
            f"# {rulebook_id}: the rules of '{parent.id}', changed only where this file says so.",
            "# Entries are merged by id: one with an inherited id replaces it, a new one is added,",
            "# and `remove:` drops inherited parties, moves, hazards, transitions, mediators, states or sources.",
            "kind: rulebook",
            "schema_version: 1",
            f"id: {rulebook_id}",
            f'title: "{parent.title} — {rulebook_id}"',
            'version: "0.1"',
            f"extends: {parent.id}",
            "",
            "# Examples (uncomment and edit; `wargame graph` shows the inherited ladder with its rung ids):",
            "# parties:",
            "#   - {id: bangladesh, name: Bangladesh, role: third_party}",
            "# moves:",
            "#   - id: close_the_border",
            "#     name: Close the border crossings",
            "#     category: economic",
            f"#     actors: [{', '.join(p.id for p in parent.parties if p.role == 'principal')}]",
            "#     description: Shut the land crossings to trade and travellers.",
            f"#     precondition: rung >= rungs.{parent.ladder.rungs[1].id}",
            "#     effects: {self.econ_stress: 0.05, opponent.econ_stress: 0.1}",
            f"#     rung_to: {parent.ladder.rungs[min(2, len(parent.ladder.rungs) - 1)].id}",
            "# remove:",
            f"#   hazards: [{parent.hazards[0].id if parent.hazards else 'some_hazard'}]",
            "",
        ]
    )
