"""Rulebook composition: `extends`, replace by id, add, `remove:`, and diagnostics that name the file and
line each entry came from."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import MINIMAL_CARD, ROOT
from tests.minimal import move, rulebook
from wargame.engine.game import Game
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_rulebook, load_scenario
from wargame.sim.runner import simulate

EXTENDING = """\
# yaml-language-server: $schema=schema.json
kind: rulebook
schema_version: 1
id: south-asia-plus
title: South Asia, with Bangladesh and Nepal
version: "1"
extends: south-asia
remove:
  hazards: [friendly_fire]
parties:
  - id: bangladesh
    name: Bangladesh
    role: third_party
  - id: nepal
    name: Nepal
    role: third_party
moves:
  - id: regional_appeal
    name: Appeal to the region
    category: diplomatic
    actors: [bangladesh, nepal]
    description: A call for restraint from the neighbours.
    effects: {intl_attention: 0.05}
  - id: open_border_talks
    name: Open border talks
    category: diplomatic
    actors: [india, pakistan]
    description: Propose talks between the border forces.
    precondition: rung >= rungs.terror_attack_trigger
    rung_delta: -1
  - id: host_talks
    name: Host talks
    category: diplomatic
    actors: [nepal]
    description: Offer Kathmandu as a venue.
    precondition: rung >= rungs.solemn_declarations
  - id: solemn_warning
    name: Solemn warning (regional version)
    category: diplomatic
    actors: [india, pakistan]
    description: Replaces the inherited move.
    rung_to: solemn_declarations
hazards:
  - id: border_firefight
    name: Border firefight
    probability: 0.02 * (rung >= rungs.mobilisation_show_of_force)
    text: Patrols exchange fire.
    effects: {self.domestic_pressure: 0.05}
"""


@pytest.fixture
def extended(project: Path) -> Path:
    path = project / "rules" / "south-asia-plus.yaml"
    path.write_text(EXTENDING)
    return path


def test_extending_rulebook_adds_replaces_and_removes(extended):
    base = load_rulebook(ROOT / "rules" / "south-asia.yaml").rules
    rb = load_rulebook(extended).rules
    assert [p.id for p in rb.parties][-2:] == ["bangladesh", "nepal"]
    assert len(rb.parties) == len(base.parties) + 2
    ids = [m.id for m in rb.moves]
    assert ids.index("solemn_warning") == [m.id for m in base.moves].index("solemn_warning")  # replaced in place
    assert next(m for m in rb.moves if m.id == "solemn_warning").name == "Solemn warning (regional version)"
    assert ids[-3:] == ["regional_appeal", "open_border_talks", "host_talks"]
    assert "friendly_fire" not in [h.id for h in rb.hazards]
    assert [h.id for h in rb.hazards][-1] == "border_firefight"
    assert rb.ladder == base.ladder and rb.states == base.states  # inherited as they are
    assert next(m for m in rb.moves if m.id == "solemn_warning").rung_to == 3  # a rung id, resolved


def test_extending_rulebook_plays_and_simulates(project, extended):
    card = project / "scenarios" / "plus.yaml"
    card.write_text(
        MINIMAL_CARD.replace("rulebook: south-asia", "rulebook: south-asia-plus")
        + "  - {date: 2019-02-16, label: Three}\n"
    )
    scenario = load_scenario(card)
    game = Game.new(scenario, 3)
    assert "regional_appeal" not in game.legal_moves("india")
    result = simulate(card, 20, 0, {"india": "bot:hawk", "pakistan": "bot:random"})
    assert result["games"] == 20
    played = subprocess.run(
        [
            sys.executable,
            "-m",
            "wargame",
            "play",
            "scenarios/plus.yaml",
            "--headless",
            "--no-autosave",
            "--seat",
            "india=bot:hawk",
            "--seat",
            "pakistan=bot:dove",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert played.returncode == 0, played.stderr
    assert "== End:" in played.stdout


def test_diagnostics_name_the_file_and_line_an_entry_came_from(tmp_path):
    # an inherited entry's problem is reported in the parent file; the child's own in the child
    (tmp_path / "rules").mkdir()
    book = rulebook(moves=[move("hold_talks"), move("broken", precondition="rung >= 1 and red.intl_standin > 0")])
    parent = tmp_path / "rules" / "mini.yaml"
    parent.write_text(yaml.safe_dump(book, sort_keys=False))
    child = tmp_path / "rules" / "mini-plus.yaml"
    child.write_text(
        "kind: rulebook\nschema_version: 1\nid: mini-plus\ntitle: t\nversion: '1'\nextends: mini\n"
        "moves:\n  - id: extra\n    name: Extra\n    category: diplomatic\n    actors: [blue]\n"
        "    description: d\n    precondition: rung >= rungs.r9\n"
    )
    with pytest.raises(ScenarioError) as err:
        load_rulebook(child)
    shown = [str(d) for d in err.value.errors]
    parent_line = parent.read_text().splitlines().index("  precondition: rung >= 1 and red.intl_standin > 0") + 1
    assert any(s.startswith(f"{parent}:{parent_line}:") and "red.intl_standin" in s for s in shown), shown
    assert any(s.startswith(f"{child}:13:") and "rungs.r9" in s for s in shown), shown


def test_remove_of_a_missing_entry_and_remove_without_extends_are_errors(project, extended):
    extended.write_text(EXTENDING.replace("hazards: [friendly_fire]", "hazards: [friendly_fir]"))
    with pytest.raises(ScenarioError) as err:
        load_rulebook(extended)
    assert "'south-asia' has no hazard 'friendly_fir' to remove" in str(err.value)
    extended.write_text(EXTENDING.replace("extends: south-asia\n", ""))
    with pytest.raises(ScenarioError) as err:
        load_rulebook(extended)
    assert "`remove:` needs `extends:`" in str(err.value)


def test_extends_cycle_and_missing_parent(project):
    a, b = project / "rules" / "aa.yaml", project / "rules" / "bb.yaml"
    head = "kind: rulebook\nschema_version: 1\ntitle: t\nversion: '1'\n"
    a.write_text(head + "id: aa\nextends: bb\n")
    b.write_text(head + "id: bb\nextends: aa\n")
    with pytest.raises(ScenarioError) as err:
        load_rulebook(a)
    assert "(a cycle)" in str(err.value)
    a.write_text(head + "id: aa\nextends: nowhere\n")
    with pytest.raises(ScenarioError) as err:
        load_rulebook(a)
    assert "no rulebook 'nowhere.yaml'" in str(err.value)


def test_rulebook_id_must_match_its_file_name(project, extended):
    renamed = project / "rules" / "other-name.yaml"
    shutil.copy(extended, renamed)
    with pytest.raises(ScenarioError) as err:
        load_rulebook(renamed)
    assert "id: the id must match the file name: 'other-name'" in str(err.value)


def test_a_rulebook_in_rules_inside_the_card_folder_is_found(tmp_path):
    folder = tmp_path / "mycards"
    (folder / "rules").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "south-asia.yaml", folder / "rules" / "south-asia.yaml")
    (folder / "card.yaml").write_text(MINIMAL_CARD)
    assert load_scenario(folder / "card.yaml").rulebook.path == folder / "rules" / "south-asia.yaml"


def test_a_refused_symlink_says_so(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    text = (ROOT / "rules" / "south-asia.yaml").read_text().replace("id: south-asia\n", "id: my-rules\n", 1)
    (outside / "my-rules.yaml").write_text(text)
    project = tmp_path / "p"
    (project / "rules").mkdir(parents=True)
    (project / "scenarios").mkdir()
    os.symlink(outside / "my-rules.yaml", project / "rules" / "my-rules.yaml")
    card = project / "scenarios" / "card.yaml"
    card.write_text(MINIMAL_CARD.replace("rulebook: south-asia", "rulebook: my-rules"))
    cwd = os.getcwd()
    os.chdir(project)
    try:
        with pytest.raises(ScenarioError) as err:
            load_scenario(card)
    finally:
        os.chdir(cwd)
    message = str(err.value)
    assert "no rulebook 'my-rules.yaml'" in message
    assert "a symlink leading out of its folder is not followed" in message


def test_card_hazards_disable_or_narrow(write_card):
    text = MINIMAL_CARD + textwrap.dedent(
        """\
        hazards:
          - id: friendly_fire
            disabled: true
          - id: aircraft_downed_pilot_captured
            probability: "0.0"
        """
    )
    loaded = load_scenario(write_card(text))
    from wargame.engine.compiled import compile_scenario

    c = compile_scenario(loaded)
    assert "friendly_fire" not in {h.hazard.id for h in c.hazards}
    assert all(h.probability({}) == 0.0 for h in c.hazards if h.hazard.id == "aircraft_downed_pilot_captured")
