"""The team's draft part by part (`wargame.net.drafts`): what a share changes on the server, and
what a member keeps when the team's draft arrives."""

from __future__ import annotations

import pytest

from wargame.net import drafts
from wargame.session.views import Draft, OrderDraft

SHELL = [OrderDraft(move="shell")]
TALK = [OrderDraft(move="talk")]


def test_the_parts_a_member_changed():
    before = Draft(orders=SHELL, answers={"un": "accept"})
    after = Draft(orders=SHELL, answers={"un": "reject"}, choices={"leak": "deny"}, why="calm")
    assert drafts.changed(before, after) == {"answers/un", "choices/leak", "why"}
    assert drafts.changed(after, after) == set()


def test_the_server_takes_only_the_named_parts():
    team = Draft(orders=SHELL, answers={"un": "accept"}, why="theirs")
    member = Draft(orders=TALK, choices={"leak": "deny"}, why="mine")
    taken = drafts.take(team, member, ["orders", "choices/leak", "answers/un"])
    assert taken == Draft(orders=TALK, choices={"leak": "deny"}, why="theirs")  # an answer not given is removed
    assert drafts.take(None, member, ["why"]) == Draft(why="mine")
    with pytest.raises(ValueError, match="not a part"):
        drafts.take(team, member, ["answers"])


def test_a_member_keeps_the_parts_it_changed_until_the_server_has_them():
    local = Draft(orders=TALK, why="mine")
    incoming = Draft(orders=SHELL, why="theirs", answers={"un": "counter"})
    merged, mine = drafts.merge(local, incoming, {"orders"})
    assert merged == Draft(orders=TALK, why="theirs", answers={"un": "counter"})
    assert mine == {"orders"}
    echoed, mine = drafts.merge(merged, Draft(orders=TALK, why="theirs", answers={"un": "counter"}), mine)
    assert echoed == merged and mine == set()  # the server has it as it is here: no longer waiting
