"""A team's optional one-line "why" is recorded in the save and survives resuming."""

from __future__ import annotations

import json

from wargame.session.session import PlaySession
from wargame.session.views import Draft, OrderDraft


def test_the_why_is_saved_and_read_back(tutorial, tmp_path):
    s = PlaySession.new(tutorial, {"india": "human", "pakistan": "bot:dove"}, 3, saves=tmp_path)
    legal = next(o.id for o in s.options("india") if o.legal)
    s.submit("india", Draft(orders=[OrderDraft(move=legal)], why="  keep it   quiet,\nbut firm "))
    path = s.autosave()
    assert path is not None
    turns = json.loads(path.read_text())["turns"]
    assert turns[0]["reasons"] == {"india": "keep it quiet, but firm"}
    resumed = PlaySession.resume(path, saves=tmp_path)
    again = resumed.autosave()
    assert again is not None and json.loads(again.read_text())["turns"][0]["reasons"] == {
        "india": "keep it quiet, but firm"
    }


def test_a_turn_without_a_why_saves_as_before(tutorial, tmp_path):
    s = PlaySession.new(tutorial, {"india": "human", "pakistan": "bot:dove"}, 3, saves=tmp_path)
    s.submit("india", Draft())
    path = s.autosave()
    assert path is not None and "reasons" not in json.loads(path.read_text())["turns"][0]
