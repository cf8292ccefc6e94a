"""Each loader guard refuses a hostile or broken file with its own message, at its position."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_CARD
from wargame.scenario import yamlsafe
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import load_scenario


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(d) for d in info.value.diagnostics]


def test_billion_laughs_is_refused_quickly(write_card):
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        levels.append(f"a{i}: &a{i} [{refs}]")
    path = write_card("\n".join(levels) + "\n")
    start = time.perf_counter()
    found = problems(path)
    elapsed = time.perf_counter() - start
    # the 17th alias is the 8th on line 3: "a2: &a2 [" is 9 characters, each "*a1, " 5 more
    assert found == [f"{path}:3:45: more than 16 aliases (*name); write the values out instead"]
    assert elapsed < 1.0


def test_few_aliases_that_expand_too_far_are_refused(write_card):
    rows = ["a0: &a0 [" + ", ".join(["x"] * 2000) + "]"]
    for i in range(1, 4):
        rows.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 4) + "]")
    path = write_card("\n".join(rows) + "\n")
    assert problems(path) == [f"{path}:1:1: document expands to more than 100,000 values (aliases?)"]


def test_the_size_limit_counts_every_value_and_key_of_a_tree():
    """`{a: [x, …], b: y}` holds 1 (the mapping) + 2 (keys) + 1 (the list) + n (items) + 1 (`y`) values."""
    for n, refused in ((yamlsafe.MAX_NODES - 5, False), (yamlsafe.MAX_NODES - 4, True)):
        text = "a: [x" + ", x" * (n - 1) + "]\nb: y\n"
        root = yamlsafe.yaml.compose(text, Loader=yamlsafe.Loader)
        found = [d.message for d in yamlsafe._guard("big.yaml", root, text)]
        assert found == (["document expands to more than 100,000 values (aliases?)"] if refused else [])


def test_duplicate_key_names_both_places(write_card):
    path = write_card(MINIMAL_CARD + "title: Again\n")
    (only,) = [p for p in problems(path) if "duplicate" in p]
    assert only.endswith("card.yaml:16:1: duplicate key 'title' (first at line 4, column 1)")


def test_python_tag_is_refused_and_never_executed(write_card, tmp_path):
    marker = tmp_path / "pwned"
    path = write_card(MINIMAL_CARD + f'description: !!python/object/apply:os.system ["touch {marker}"]\n')
    (only,) = problems(path)
    assert only.endswith(
        "card.yaml:16:14: tag !!python/object/apply:os.system is not allowed; cards hold plain data only"
    )
    assert not marker.exists()


def test_oversized_file_is_refused_before_parsing(write_card):
    path = write_card(MINIMAL_CARD + "description: " + "x" * (yamlsafe.MAX_BYTES + 10) + "\n")
    size = path.stat().st_size
    assert problems(path) == [f"{path}:1:1: file is {size:,} bytes; the limit is 1,048,576"]


def test_deep_block_nesting_is_refused(write_card):
    lines = ["description:"]
    for depth in range(1, 40):
        lines.append("  " * depth + f"k{depth}:")
    lines.append("  " * 40 + "leaf")
    path = write_card("\n".join(lines) + "\n")
    (only,) = problems(path)
    # the mapping at depth 33 starts on line 33 (key k32), column 2*32+1
    assert only.endswith("card.yaml:33:65: nesting too deep (limit 32 levels)")


def test_deep_flow_nesting_is_refused(write_card):
    path = write_card("description: " + "[" * 5000 + "]" * 5000 + "\n")
    (only,) = problems(path)
    assert "nesting too deep" in only


def test_tab_indentation_says_where_and_why(write_card):
    path = write_card(MINIMAL_CARD.replace("  - id: pakistan", "\t- id: pakistan"))
    assert problems(path) == [
        f"{path}:11:1: YAML syntax error: found a tab character that violates indentation (indent with spaces, not tabs)"
    ]


def test_yaml_11_traps_are_taken_as_text_with_a_warning(write_card):
    card = MINIMAL_CARD.replace('version: "1"', "version: 1.10").replace("title: Mini", "title: NO")
    path = write_card(card)
    loaded = load_scenario(path)
    assert loaded.card.version == "1.10"
    assert loaded.card.title == "NO"
    warnings = [str(w) for w in loaded.warnings if "YAML" in w.message]
    assert any(
        w.endswith('card.yaml:4:8: warning: title: YAML 1.1 reads `NO` as false; taken as the text "NO" — quote it')
        for w in warnings
    )
    assert any(
        w.endswith(
            'card.yaml:5:10: warning: version: YAML reads `1.10` as the number 1.1; taken as the text "1.10" — quote it'
        )
        for w in warnings
    )


def test_non_utf8_file_gives_its_position(write_card):
    path = write_card(MINIMAL_CARD)
    path.write_bytes(MINIMAL_CARD.encode().replace(b"Mini", b"Mi\xffi"))
    (only,) = problems(path)
    assert only.endswith("card.yaml:4:10: file is not valid UTF-8 text")


def test_empty_file_and_non_mapping(write_card):
    assert problems(write_card(""))[0].endswith("card.yaml:1:1: file is empty; expected a mapping of fields")
    assert problems(write_card("- a\n- b\n"))[0].endswith(
        "card.yaml:1:1: expected a mapping of fields at the top of the file"
    )


def test_rulebook_outside_allowed_folders_is_not_followed(write_card, project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    (outside / "evil.yaml").write_text("kind: rulebook\n")
    (project / "rules" / "evil.yaml").symlink_to(outside / "evil.yaml")
    path = write_card(MINIMAL_CARD.replace("rulebook: south-asia", "rulebook: evil"))
    (only,) = problems(path)
    assert "card.yaml:7:11: rulebook: no rulebook 'evil.yaml' in" in only


def test_rulebook_name_cannot_be_a_path(write_card):
    path = write_card(MINIMAL_CARD.replace("rulebook: south-asia", "rulebook: ../../etc/passwd"))
    (only,) = problems(path)
    assert "card.yaml:7:11: rulebook: String should match pattern" in only


def test_unclosed_bracket_names_where_it_was_opened(write_card):
    path = write_card(MINIMAL_CARD.replace("title: Mini", "title: [Mini"))
    (only,) = problems(path)
    assert (
        "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 4, column 8)"
        in only
    )
