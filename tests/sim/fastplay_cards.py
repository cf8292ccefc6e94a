"""Minimal cards for `test_fastplay.py`: every mechanism the batch engine mirrors, in small
rulebooks written here (the shipped cards leave some of them out)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.minimal import ladder, mediation_rules, minimal_scenario, move
from wargame.scenario.loader import LoadedScenario


def _var(var_id: str, default: float = 0.0, hi: float = 1.0, integer: bool = False, **more: Any) -> dict[str, Any]:
    return {"id": var_id, "name": var_id, "min": 0, "max": hi, "default": default, "integer": integer, **more}


def _mediated(leverage: float, team_vars: list[dict[str, Any]]) -> dict[str, Any]:
    """`mediation_rules` with more team variables."""
    book = mediation_rules(leverage)
    book["variables"]["team"] += team_vars
    return book


def _states(*more: dict[str, Any]) -> list[dict[str, Any]]:
    """Calm and crisis, these, and the war, nuclear and timeout ends."""
    return [
        {"id": "calm", "name": "Calm"},
        {"id": "crisis", "name": "Crisis"},
        *more,
        {"id": "war", "name": "War", "end": "war"},
        {"id": "nuked", "name": "Nuclear use", "end": "nuclear"},
        {"id": "timeout", "name": "Time ran out", "end": "timeout"},
    ]


def _transitions() -> list[dict[str, Any]]:
    """Into the crisis at rung 2, back to calm at rung 1."""
    return [
        {"trigger": "heat", "source": ["calm"], "dest": "crisis", "when": "rung >= 2"},
        {"trigger": "cool", "source": ["crisis"], "dest": "calm", "when": "rung <= 1"},
    ]


def kitchen_sink(tmp_path: Path) -> LoadedScenario:
    """A rung raised by a chance part, choices with no historical mark (one a human seat leaves
    unanswered), a conditional inject that raises the rung, mobilisation, misperception,
    hazards, a climb-down, counter-offers, a nuclear end, and a historical track whose recorded
    move is illegal (the tit-for-tat fallback plays)."""
    book = _mediated(
        0.6, [_var("mobilising", 0, 20, True), _var("forces_ready", 0, 1, True), _var("aircraft_lost", 0, 5, True)]
    )
    book["variables"]["world"].append(_var("tension", 0, 5))
    book["mediators"][0]["activation"] = {"probability": "0.5*(rung >= 1)", "cooldown": 1}
    odds = {"odds": "0.5", "success": {"self.intl_standing": 0.1}, "failure": {"opponent.intl_standing": 0.1}}
    moves = [
        move("hold_talks"),
        move("vow", commitment=1),
        move("back_off", climb_down=True, rung_delta=-1),
        move("mobilise", mobilises=True, once=True),
        move("offensive", precondition="self.forces_ready >= 1", rung_to=3, kinetic=True, outcome=odds),
        move("probe", rung_delta=1, ambiguous=True, kinetic=True),
        move("strike", rung_to=4, kinetic=True),
        move("launch", rung_to=5, kinetic=True, precondition="rung >= 4"),
    ]
    hazard = {"id": "dogfight", "name": "Dogfight", "probability": "0.2*(rung >= 2)", "text": "Jets.", "rung_delta": 1}
    states = _states()
    transitions = [
        *_transitions()[:2],
        {"trigger": "nuke", "source": ["crisis"], "dest": "nuked", "when": "rung >= 5"},
        {"trigger": "fight", "source": ["crisis"], "dest": "war", "when": "blue.aircraft_lost >= 3"},
    ]
    downed = {
        "id": "downed",
        "name": "Downed",
        "probability": "0.6",
        "effects": {"blue.aircraft_lost": 2},
        "text": "A jet falls.",
        "rung_delta": 1,
    }
    caught = {"id": "caught", "name": "Caught", "requires": "downed", "probability": "0.5", "text": "Taken."}
    injects = [
        {"id": "battle", "title": "Battle", "text": "Jets meet.", "turn": 2, "chances": [downed, caught]},
        {
            "id": "ultimatum",
            "turn": 1,
            "title": "An ultimatum",
            "text": "Red must answer.",
            "chooser": "red",
            "choices": [
                {"id": "defy", "label": "Defy it", "rung_delta": 1, "effects": {"self.intl_standing": 0.1}},
                {"id": "comply", "label": "Comply", "rung_delta": -1},
            ],
        },
        {
            "id": "demand",
            "turn": 2,
            "title": "A demand",
            "text": "Blue must answer (a human seat leaves it unanswered: the first choice is taken).",
            "chooser": "blue",
            "choices": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No", "rung_delta": 1}],
        },
        {"id": "flare", "title": "Flare-up", "text": "…", "when": "rung >= 3 and turns_left <= 3", "rung_delta": 1},
    ]
    track = [
        {"turn": 1, "team": "blue", "moves": ["offensive"], "note": "n", "sources": ["s"]},
        {"turn": 2, "team": "blue", "moves": ["mobilise", "vow"], "note": "n", "sources": ["s"]},
        {"turn": 3, "team": "red", "moves": ["strike"], "note": "n", "sources": ["s"]},
    ]
    card = {
        "injects": injects,
        "historical_track": track,
        "sources": [{"id": "s", "title": "t", "publisher": "p", "confidence": "V"}],
        "calendar": [{"date": f"2019-02-{10 + i}", "label": f"Day {i}"} for i in range(1, 9)],
    }
    adjudication = {"misperception_base": 0.3, "mobilisation_lag": 1, "hazard_cap": 0.9, "tension_per_kinetic": 0.5}
    fields = dict(book, moves=moves, hazards=[hazard], states=states, transitions=transitions)
    fields["ladder"] = ladder(6, firebreak_at={3: "line"}, standing_cost=0.1, hazard_jump=0.05, attention_jump=0.1)
    return minimal_scenario(tmp_path, card, **fields, adjudication=adjudication)


RICH_VARIANTS: list[dict[str, Any]] = [
    {},
    {"cf_decay": 0.5},
    {"green_seated": False},
    {"red_unseated": True},
    {"start_terminal_inject": 3},
    {"lag": 0, "outcomes": True},
    {"heat0": 2.5},
]
"""Variants of `rich`: a decaying ceasefire (decay is not logged), a third party not seated (its
mediator steps in by rule), a principal not seated, a terminal state entered at the start of a
turn, no mobilisation lag with the card's outcomes, and a hot start."""


def rich(tmp_path: Path, variant: dict[str, Any]) -> LoadedScenario:
    """Three parties, a mediator seated at the table offering through moves and another stepping
    in by rule with a hard trigger and three styles; formulation and its face-saving move,
    rejections, counter-offers, alignment; claims with evidence; decaying variables; limited
    firebreaks under a nuclear ceiling; the back-channel; once-only and face-saving moves
    refused on the historical track; chains of conditional injects attributed to a side; a third
    party choosing; objectives (by the review of the batch engine)."""
    team_vars = [
        _var("mobilising", 0, 20, True),
        _var("forces_ready", 0, 1, True),
        _var("aircraft_lost", 0, 5, True),
        _var("resolve", 0.5),
        _var("narrative", 0.5),
        _var("accept_formulation", 0.7),
        _var("accept_facilitation", 0.8),
    ]
    book = _mediated(0.6, team_vars)
    world = book["variables"]["world"]
    world += [
        _var("tension", 0, 5),
        _var("backchannel_open", 0, 1, True),
        _var("nuclear_ceiling", 1, 1, True),
        _var("heat", 0.5, 3, decay=0.3),
    ]
    for v in world:
        if v["id"] == "ceasefire":
            v["decay"] = variant.get("cf_decay", 0.0)
    book["mediation_styles"] = [
        {
            "id": "manipulation",
            "description": "c",
            "on_accept": {"ceasefire": 1},
            "on_reject": {"self.intl_standing": -0.1},
            "duration": 1,
        },
        {
            "id": "formulation",
            "description": "f",
            "on_accept": {"backchannel_open": 1, "self.domestic_pressure": -0.1},
            "misperception_factor": 0.5,
            "audience_cost_factor": 0.3,
            "duration": 2,
        },
        {"id": "facilitation", "description": "fa", "on_reject": {"ceasefire": -1}, "duration": 3},
    ]
    meds = book["mediators"]
    meds[0]["styles"] = {"manipulation": 0.5, "formulation": 0.3, "facilitation": 0.2}
    meds[0]["activation"] = {"probability": "0.4*(rung >= 1) + 0.1", "hard_trigger": "rung >= 4", "cooldown": 0}
    meds[0]["alignment"] = {"blue": 0.3, "red": -0.2}
    meds.append(
        {
            "id": "grey_med",
            "name": "Grey",
            "party": "green",
            "styles": {"formulation": 1.0},
            "leverage": {"blue": 0.9, "red": 0.4},
            "activation": {"probability": "0.3"},
            "offer": "talk",
        }
    )
    odds = {
        "odds": "0.5 - heat",
        "success": {"self.intl_standing": 0.1, "ceasefire": 1},
        "failure": {"opponent.intl_standing": 0.1},
    }
    green = ("green",)
    moves = [
        move("hold_talks", effects={"heat": -0.2}),
        move("vow", commitment=2),
        move("back_off", climb_down=True, rung_delta=-1),
        move("save_face", offramp=True, effects={"ceasefire": 1}),
        move("mobilise", mobilises=True, once=True),
        move("offensive", precondition="self.forces_ready >= 1", rung_to=3, kinetic=True, outcome=odds),
        move("probe", rung_delta=1, ambiguous=True, kinetic=True, effects={"heat": 1}),
        move("bluff", rung_delta=1, ambiguous=True, visibility="secret"),
        move("strike", rung_to=4, kinetic=True, once=True),
        move("launch", rung_to=5, kinetic=True, precondition="rung >= 4 and turn >= 5"),
        move("broker", actors=green, category="mediation", style="formulation", effects={"heat": -0.1}),
        move("nudge", actors=green, category="mediation", style="facilitation"),
        move("press", actors=green, category="mediation", style="manipulation", precondition="rung >= 2"),
    ]
    hazards = [
        {
            "id": "dogfight",
            "name": "Dogfight",
            "probability": "0.2*(rung >= 2) + 0.05*heat",
            "text": "Jets.",
            "rung_delta": 1,
            "effects": {"self.aircraft_lost": 1},
        },
        {"id": "leak", "name": "Leak", "probability": "0.3 - 0.5", "text": "never"},
        {"id": "spike", "name": "Spike", "probability": "heat - 1", "text": "x", "effects": {"ceasefire": -1}},
    ]
    states = _states({"id": "truce", "name": "Truce"}, {"id": "resolved", "name": "Resolved", "end": "resolution"})
    transitions = [
        *_transitions(),
        {"trigger": "truce", "source": ["crisis", "calm"], "dest": "truce", "when": "ceasefire >= 1"},
        {"trigger": "untruce", "source": ["truce"], "dest": "crisis", "when": "ceasefire < 1 and rung >= 2"},
        {"trigger": "settle", "source": ["truce"], "dest": "resolved", "when": "calm_turns >= 3"},
        {"trigger": "nuke", "source": ["crisis", "truce"], "dest": "nuked", "when": "rung >= 5"},
        {"trigger": "fight", "source": ["crisis"], "dest": "war", "when": "blue.aircraft_lost >= 3"},
    ]
    chances = [
        {
            "id": "downed",
            "name": "Downed",
            "probability": "0.6",
            "effects": {"blue.aircraft_lost": 2},
            "text": "A",
            "rung_delta": 1,
        },
        {
            "id": "caught",
            "name": "Caught",
            "requires": "downed",
            "probability": "0.5 + heat",
            "text": "T.",
            "effects": {"ceasefire": 1},
        },
        {"id": "wild", "name": "Wild", "probability": "2 * heat - 0.5", "text": "W.", "rung_delta": -2},
    ]
    injects = [
        {
            "id": "battle",
            "title": "Battle",
            "text": "Jets meet.",
            "turn": 2,
            "attributed_to": "red",
            "chances": chances,
        },
        {
            "id": "ultimatum",
            "turn": 1,
            "sources": ["s"],
            "title": "U",
            "text": "R",
            "chooser": "red",
            "choices": [
                {"id": "defy", "label": "Defy", "rung_delta": 1, "effects": {"self.intl_standing": 0.1}},
                {"id": "comply", "label": "Comply", "rung_delta": -1, "historical": True},
            ],
        },
        {
            "id": "demand",
            "turn": 2,
            "title": "D",
            "text": "B",
            "chooser": "blue",
            "choices": [
                {"id": "yes", "label": "Yes", "effects": {"ceasefire": 1}},
                {"id": "no", "label": "No", "rung_delta": 1},
            ],
        },
        {
            "id": "gchoice",
            "turn": 3,
            "title": "G",
            "text": "g",
            "chooser": "green",
            "choices": [{"id": "a", "label": "A", "effects": {"self.intl_standing": 0.2}}, {"id": "b", "label": "B"}],
        },
        {
            "id": "flare",
            "title": "Flare-up",
            "text": "f",
            "when": "rung >= 3 and turns_left <= 4",
            "rung_delta": 1,
            "attributed_to": "blue",
        },
        {
            "id": "both",
            "title": "Both",
            "text": "b",
            "when": "heat >= 1",
            "effects": {"ceasefire": -1},
            "chances": [{"id": "c1", "name": "c1", "probability": "0.5", "text": "c"}],
        },
        {"id": "cond2", "title": "C2", "text": "c", "when": 'fired("both") and rung >= 1', "effects": {"heat": 1}},
    ]
    if variant.get("start_terminal_inject"):
        doom = {
            "trigger": "doom",
            "source": ["calm", "crisis", "truce"],
            "dest": "war",
            "when": "blue.aircraft_lost >= 5",
        }
        transitions.insert(0, doom)
        injects.append(
            {
                "id": "doom",
                "title": "Doom",
                "text": "d",
                "turn": variant["start_terminal_inject"],
                "effects": {"blue.aircraft_lost": 5},
                "rung_delta": 2,
            }
        )
    claims = [
        {
            "id": "k1",
            "subject": "s",
            "trigger": 'played("blue", "offensive")',
            "truth": "t",
            "claims": {"blue": "x", "red": "y"},
            "evidence": [{"turn": 3, "text": "e1"}, {"turn": 6, "text": "e2"}],
            "outcomes": [{"when": "rung >= 3", "text": "o"}],
        },
        {
            "id": "k2",
            "subject": "s2",
            "trigger": "rung >= 2",
            "truth": "t",
            "claims": {"red": "z"},
            "evidence": [{"turn": 1, "text": "early"}],
        },
    ]

    def entry(turn: int, team: str, *moves: str, note: str = "n") -> dict[str, Any]:
        return {"turn": turn, "team": team, "moves": list(moves), "note": note, "sources": ["s"]}

    track = [
        entry(1, "blue", "offensive", "probe"),
        entry(2, "blue", "mobilise", "probe"),
        entry(3, "red", "strike"),
        entry(4, "red", "save_face", "back_off"),
        entry(4, "green", "nudge", "broker"),
        entry(5, "blue", "launch"),
        entry(6, "blue", note="held"),
        entry(7, "blue", "mobilise", note="again (once-only: refused)"),
        entry(5, "red", "strike", "save_face", note="again"),
    ]
    objective = {"id": "o1", "description": "d", "condition": "rung <= 2", "points": 3}
    teams = [
        {"id": "blue", "briefing": "b", "objectives": [objective]},
        {
            "id": "red",
            "briefing": "r",
            "objectives": [{"id": "o2", "description": "d", "condition": "ceasefire >= 1", "points": -2}],
        },
    ]
    if variant.get("green_seated", True):
        teams.append({"id": "green", "briefing": "g"})
    if variant.get("red_unseated"):
        teams = [t for t in teams if t["id"] != "red"]
    seated = {t["id"] for t in teams}
    card: dict[str, Any] = {
        "teams": teams,
        "injects": [i for i in injects if i.get("chooser") in (None, *seated)],
        "claims": claims,
        "historical_track": [e for e in track if e["team"] in seated],
        "sources": [{"id": "s", "title": "t", "publisher": "p", "confidence": "V"}],
        "calendar": [{"date": f"2019-02-{10 + i}", "label": f"Day {i}"} for i in range(1, 9)],
        "initial": {"heat": variant.get("heat0", 0.5)},
    }
    if variant.get("outcomes"):
        card["outcomes"] = ["heat", "ceasefire", "tension"]
    adjudication = {
        "misperception_base": 0.4,
        "mobilisation_lag": variant.get("lag", 1),
        "hazard_cap": 0.9,
        "tension_per_kinetic": 0.5,
        "counter_scale": 0.7,
        "alignment_weight": 0.5,
        "nuclear_ceiling_discount": 0.5,
        "max_orders_per_turn": 2,
    }
    fields = dict(book, moves=moves, hazards=hazards, states=states, transitions=transitions)
    fields["ladder"] = ladder(
        6,
        firebreak_at={2: "line", 4: "nuclear_line"},
        standing_cost=0.1,
        hazard_jump=0.05,
        attention_jump=0.1,
        limited=True,
    )
    return minimal_scenario(tmp_path, card, **fields, adjudication=adjudication)
