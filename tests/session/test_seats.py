"""`--seat TEAM=SEAT`: one reader (`parse_seats`) for play, serve and simulate, with the same messages."""

from __future__ import annotations

import pytest

from tests.hostile.helpers import no_traceback, wargame
from wargame.session.seats import SeatError, parse_seats

TEAMS = ["india", "pakistan"]


def test_seats_over_the_defaults():
    seats = parse_seats(["india=human", "pakistan=hawk"], TEAMS, {"india": "bot:historical", "pakistan": "human"})
    assert seats == {"india": "human", "pakistan": "bot:hawk"}


def test_without_the_teams_only_the_seats_are_checked():
    assert parse_seats(["anyone=bot:dove"]) == {"anyone": "bot:dove"}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("india", "--seat 'india': expected TEAM=human or TEAM=bot:POLICY"),
        ("india=bot:gandhi", "--seat 'india=bot:gandhi': no bot policy 'gandhi'; expected one of: historical"),
        ("indai=human", "--seat 'indai=human': no team 'indai' on this card; teams: india, pakistan"),
    ],
)
def test_a_bad_seat_is_named(spec, message):
    with pytest.raises(SeatError) as raised:
        parse_seats([spec], TEAMS)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(
    "command",
    [
        ("play", "scenarios/tutorial.yaml"),
        ("play", "scenarios/tutorial.yaml", "--headless", "--no-autosave"),
        ("serve", "scenarios/tutorial.yaml", "--port", "0"),
        ("simulate", "scenarios/tutorial.yaml", "-n", "1"),
    ],
    ids=["play", "play-headless", "serve", "simulate"],
)
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("india", "error: --seat 'india': expected TEAM=human or TEAM=bot:POLICY"),
        ("india=bot:gandhi", "error: --seat 'india=bot:gandhi': no bot policy 'gandhi'; expected one of:"),
    ],
    ids=["no-equals", "no-policy"],
)
def test_every_command_refuses_a_bad_seat_alike(command, spec, message):
    result = wargame(*command, "--seat", spec)
    assert result.returncode == 1 and result.stderr.startswith(message), result.stderr
    no_traceback(result)


@pytest.mark.parametrize("command", [("serve", "--port", "0"), ("play", "--headless"), ("simulate", "-n", "1")])
def test_a_team_not_on_the_card_is_refused_once_the_card_is_read(tmp_path, command):
    name, *options = command
    saves = ["--saves", str(tmp_path)] if name != "simulate" else []
    result = wargame(name, "scenarios/tutorial.yaml", *options, *saves, "--seat", "indai=human")
    assert result.returncode == 1, result.stderr
    assert "error: --seat 'indai=human': no team 'indai' on this card; teams: india, pakistan" in result.stderr
    no_traceback(result)
