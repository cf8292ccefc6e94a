"""A card's rulebook is looked for folder by folder in `rulebook_dirs` order: a miss names every folder,
and a hit stops there, without asking for the user's folder when an earlier one has it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.paths import rulebook_dirs, shipped_rulebooks, user_data
from wargame.scenario.locate import lookup_rulebook


def test_a_miss_searched_every_folder_in_order(
    project: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # not the checkout, whose rules/ are shipped
    card = project / "scenarios" / "card.yaml"
    lookup = lookup_rulebook(card, "nowhere")
    assert lookup.path is None
    assert lookup.searched == rulebook_dirs(card)
    assert lookup.searched[-2:] == [user_data() / "rules", shipped_rulebooks()]
    assert "no rulebook 'nowhere.yaml' in " in lookup.why_missing("nowhere")


def test_a_hit_beside_the_card_stops_at_the_first_folder(project: Path):
    card = project / "scenarios" / "card.yaml"
    lookup = lookup_rulebook(card, "south-asia")
    assert lookup.path == project / "rules" / "south-asia.yaml"
    assert lookup.searched == rulebook_dirs(card)[:1]


def test_a_shipped_rulebook_is_found_after_the_users_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    card = tmp_path / "card.yaml"
    lookup = lookup_rulebook(card, "south-asia")
    assert lookup.path == shipped_rulebooks() / "south-asia.yaml"
    assert lookup.searched == rulebook_dirs(card)
