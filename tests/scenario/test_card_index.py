"""The card index the home screen lists cards from: fresh entries are used without the YAML parser,
a changed card is peeked at again, and a damaged or foreign index is ignored and replaced."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from wargame.scenario.card_index import quick_look, read_index, summaries
from wargame.scenario.peek import peek


@pytest.fixture
def cards(project: Path) -> list[Path]:
    """The shipped cards, copied into a scratch project."""
    out = []
    for name in ("balakot-2019.yaml", "tutorial.yaml"):
        path = project / "scenarios" / name
        path.write_bytes((ROOT / "scenarios" / name).read_bytes())
        out.append(path)
    return out


def test_the_first_listing_peeks_and_the_next_one_reads_the_index(cards, tmp_path):
    index = tmp_path / "cache" / "cards.json"
    listed, unreadable = summaries(cards, index)
    assert unreadable == [] and [c.id for c in listed] == ["balakot-2019", "tutorial"]
    assert [t for t, _n, _s in listed[0].teams] == ["india", "pakistan", "china", "usa"]
    assert ("usa", "United States", "bot:historical") in listed[0].teams and "suicide bombing" in listed[0].summary
    assert index.is_file() and set(read_index(index)) == {str(p.resolve()) for p in cards}
    again, _ = summaries(cards, index)
    assert [(c.path, c.id, c.title, c.summary, c.framing, c.teams) for c in again] == [
        (c.path, c.id, c.title, c.summary, c.framing, c.teams) for c in listed
    ]


def test_a_listing_from_a_fresh_index_needs_no_yaml_parser(cards, tmp_path):
    index = tmp_path / "cards.json"
    summaries(cards, index)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from wargame.scenario.card_index import summaries\n"
        f"listed, _ = summaries([Path(p) for p in {[str(p) for p in cards]!r}], Path({str(index)!r}))\n"
        "print(len(listed), 'yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["2", "False"], done.stderr


def test_a_changed_card_is_read_again(cards, tmp_path):
    index = tmp_path / "cards.json"
    summaries(cards, index)
    text = cards[1].read_text(encoding="utf-8").replace('title: "', 'title: "Renamed — ', 1)
    cards[1].write_text(text, encoding="utf-8")
    os.utime(cards[1], ns=(1, 1))  # even with an old modification time: the size changed
    listed, _ = summaries(cards, index)
    assert listed[1].title.startswith("Renamed — ")
    assert read_index(index)[str(cards[1].resolve())][2].title.startswith("Renamed — ")


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"[1, 2, 3]",
        b'{"version": 99, "cards": {}}',
        b"{" * 100_000,
        b'{"version": 2, "cards": {"X": {"stamp": ["big", 1], "id": 1, "teams": "india", "rulebooks": 3}}}',
    ],
    ids=["empty", "not-utf8", "a-list", "other-version", "deep", "wrong-types"],
)
def test_a_damaged_index_is_ignored_and_replaced(cards, tmp_path, damage):
    index = tmp_path / "cards.json"
    index.write_bytes(damage)
    listed, unreadable = summaries(cards, index)
    assert [c.id for c in listed] == ["balakot-2019", "tutorial"] and unreadable == []
    assert set(read_index(index)) == {str(p.resolve()) for p in cards}


def test_a_forged_entry_for_a_fresh_card_is_type_checked(cards, tmp_path):
    """An entry whose fields are not all text is not used: the card is peeked at instead."""
    index = tmp_path / "cards.json"
    summaries(cards, index)
    data = json.loads(index.read_text(encoding="utf-8"))
    data["cards"][str(cards[0].resolve())]["title"] = {"markup": "[bold]x"}
    index.write_text(json.dumps(data), encoding="utf-8")
    listed, _ = summaries(cards, index)
    assert listed[0].title == summaries(cards, tmp_path / "other.json")[0][0].title


def test_a_lone_surrogate_in_a_fresh_entry_is_refused_and_the_index_rewritten(cards, tmp_path):
    """JSON can carry "\\ud800", which no screen or UTF-8 file can take: the entry is not used."""
    index = tmp_path / "cards.json"
    summaries(cards, index)
    data = json.loads(index.read_text(encoding="utf-8"))
    data["cards"][str(cards[0].resolve())]["title"] = "\ud800"
    index.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: written as an escape
    for _ in range(2):  # and the index written back is whole: the next start reads it
        listed, unreadable = summaries(cards, index)
        assert unreadable == [] and listed[0].title == "Pulwama–Balakot, February 2019"
    assert quick_look(cards[0], index).title == "Pulwama–Balakot, February 2019"


def test_a_rulebook_name_too_long_for_a_file_name_only_means_peeking_again(cards, tmp_path):
    index = tmp_path / "cards.json"
    summaries(cards, index)
    data = json.loads(index.read_text(encoding="utf-8"))
    entry = data["cards"][str(cards[0].resolve())]
    entry["rulebooks"][0][0] = "r" * 400
    index.write_text(json.dumps(data), encoding="utf-8")
    assert quick_look(cards[0], index).id == "balakot-2019"
    listed, unreadable = summaries(cards, index)
    assert unreadable == [] and [c.id for c in listed] == ["balakot-2019", "tutorial"]


def test_a_copy_that_keeps_size_and_modification_time_is_read_again(cards, tmp_path):
    """`cp -p`/`rsync -t` keep size and mtime; the status-change time still moves."""
    index = tmp_path / "cards.json"
    summaries(cards, index)
    before = cards[1].stat()
    text = cards[1].read_text(encoding="utf-8")
    changed = text.replace('title: "', 'title: "X', 1).replace("summary: ", "summary:", 1)
    assert len(changed.encode()) == len(text.encode())
    cards[1].write_text(changed, encoding="utf-8")
    os.utime(cards[1], ns=(before.st_atime_ns, before.st_mtime_ns))
    listed, _ = summaries(cards, index)
    assert listed[1].title.startswith("X")


def test_an_unreadable_card_is_reported_every_time_and_never_indexed(cards, tmp_path):
    index = tmp_path / "cards.json"
    bad = cards[0].parent / "broken.yaml"
    bad.write_text("kind: scenario\ntitle: [unclosed\n", encoding="utf-8")
    for _ in range(2):
        listed, unreadable = summaries([*cards, bad], index)
        assert unreadable == [bad] and len(listed) == 2
    assert str(bad.resolve()) not in read_index(index)


def test_an_index_folder_that_cannot_be_written_only_means_peeking_again(cards, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    listed, _ = summaries(cards, blocker / "cards.json")
    assert len(listed) == 2


def test_a_renamed_party_in_the_rulebook_is_read_again(cards, project, tmp_path):
    """Team names come from the rulebook: when it changes, the card's entry is stale."""
    index = tmp_path / "cards.json"
    assert ("usa", "United States", "bot:historical") in quick_look(cards[0], index).teams
    rules = project / "rules" / "south-asia.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("name: United States", "name: USA", 1), encoding="utf-8")
    assert ("usa", "USA", "bot:historical") in quick_look(cards[0], index).teams


def test_a_rulebook_that_appears_earlier_in_the_search_is_noticed(cards, project, tmp_path):
    """The same rulebook name may lead to another file later (`rules/` beside the card's folder is
    searched before `rules/` inside it): the entry is then stale."""
    index = tmp_path / "cards.json"
    beside = project / "rules" / "south-asia.yaml"
    inside = project / "scenarios" / "rules" / "south-asia.yaml"
    inside.parent.mkdir()
    text = beside.read_text(encoding="utf-8")
    beside.rename(inside)
    assert ("usa", "United States", "bot:historical") in quick_look(cards[0], index).teams
    beside.write_text(text.replace("name: United States", "name: America", 1), encoding="utf-8")
    assert ("usa", "America", "bot:historical") in quick_look(cards[0], index).teams


def test_the_quick_look_from_the_index_is_the_peek(cards, tmp_path):
    index = tmp_path / "cards.json"
    for _ in range(2):  # the first from the card, the second from the index
        info, fresh = quick_look(cards[0], index), peek(cards[0])
        assert (info.path, info.id, info.title, info.summary, info.framing, info.teams) == (
            fresh.path,
            fresh.id,
            fresh.title,
            fresh.summary,
            fresh.framing,
            fresh.teams,
        )
