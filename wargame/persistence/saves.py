"""Writing saves, autosave rotation, resuming, replaying and forking.

Resuming rebuilds the game from the card, the seed and the recorded inputs (a few
milliseconds for a full game) and checks the result against the snapshot, so a damaged
or edited save is reported instead of being trusted.

A save played under an earlier version of the engine's rules that this engine still adjudicates
(`version.REPLAYABLE`) is rebuilt and played on under those rules. A save played under another
version of its card or under older rules cannot be rebuilt from its orders; it continues from
its saved state instead, with a notice saying so, and `wargame replay` reports that it cannot
be verified."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.engine.compiled import initial_vars
from wargame.engine.errors import IllegalOrder
from wargame.engine.game import Game
from wargame.engine.state import EVENT_BASE_FIELDS, Event, Order, TurnInput, turn_input_from_dict
from wargame.engine.version import REPLAYABLE, RULES_VERSION
from wargame.files.write import atomic_write
from wargame.paths import card_by_id
from wargame.paths import saves_dir as saves_dir  # re-exported: callers import it from here
from wargame.persistence.autosave import KEEP_AUTOSAVES as KEEP_AUTOSAVES
from wargame.persistence.autosave import Autosaver as Autosaver
from wargame.persistence.autosave import new_game_id as new_game_id
from wargame.persistence.encoding import encode as encode  # re-exported: callers import it from here
from wargame.persistence.errors import SaveError
from wargame.persistence.format import CardRef, SaveFile, parse_save
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import LoadedScenario, display_path, load_scenario


def to_save(
    game: Game,
    scenario: LoadedScenario,
    seats: dict[str, str],
    game_id: str,
    facilitator: bool = False,
    *,
    turn_clock: float | None = None,
    bot_clients: dict[str, str] | None = None,
) -> SaveFile:
    snapshot = game.snapshot()
    turns, decisions = snapshot.pop("inputs"), snapshot.pop("decisions")  # stored once, at the top level
    # built without validation: everything here comes from the engine, not from a file
    return SaveFile.model_construct(
        format="wargame-save",
        version=3,
        wargame=__version__,
        saved_at=dt.datetime.now().isoformat(timespec="seconds"),
        game_id=game_id,
        card=CardRef.model_construct(
            id=scenario.card.id,
            version=scenario.card.version,
            path=display_path(scenario.path),
            content_hash=scenario.content_hash,
        ),
        seed=game.state.seed,
        rules_version=game.state.played_under or game.state.rules_version,
        seats=dict(seats),
        facilitator=facilitator,
        turns=turns,
        decisions=decisions,
        snapshot=snapshot,
        turn_clock=turn_clock,
        bot_clients=dict(bot_clients or {}),
    )


def write_save(path: Path, save: SaveFile) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, encode(save), sync_folder=True)
    return path


def find_card(save: SaveFile, save_path: Path) -> LoadedScenario:
    """The save's card, checked against the recorded content hash."""
    scenario = locate_card(save, save_path)
    if scenario.content_hash != save.card.content_hash:
        raise SaveError(
            f"{save_path}: the card {display_path(scenario.path)} (or its rulebook) has changed since this game was "
            f"saved (content hash {scenario.content_hash[:12]}… ≠ {save.card.content_hash[:12]}…); "
            "the game cannot be reproduced exactly"
        )
    return scenario


def locate_card(save: SaveFile, save_path: Path) -> LoadedScenario:
    """The save's card as it is now (at its recorded path, else found by id), not yet checked."""
    candidates = [Path(save.card.path), card_by_id(save.card.id)]
    path = next((p for p in candidates if p is not None and _is_file(p)), None)
    if path is None:
        raise SaveError(f"{save_path}: its card '{save.card.id}' was not found (looked for {save.card.path})")
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise SaveError(f"{save_path}: its card {display_path(path)} no longer loads: {exc.errors[0]}") from None


def _is_file(path: Path) -> bool:
    """Whether a path recorded in a (possibly damaged) save names a file; never raises."""
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte
        return False


def reproducible(save: SaveFile, scenario: LoadedScenario) -> str | None:
    """None when the save can be rebuilt exactly from its orders; else why not."""
    if save.rules_version not in REPLAYABLE:
        return (
            f"it was played under version {save.rules_version} of the adjudication rules and this wargame "
            f"adjudicates with version {RULES_VERSION}"
        )
    if scenario.content_hash != save.card.content_hash:
        return (
            f"its card {display_path(scenario.path)} (or its rulebook) has changed since it was saved "
            f"(content hash {scenario.content_hash[:12]}… ≠ {save.card.content_hash[:12]}…)"
        )
    return None


def continue_from_snapshot(scenario: LoadedScenario, save: SaveFile, path: Path) -> Game:
    """The saved state itself, carried onto the card as it is now: variables the card has since
    gained start at their initial values; pending offers and choices that no longer exist on the
    card are dropped. Raises SaveError when the state cannot be carried over."""
    data = dict(save.snapshot)
    data["inputs"] = list(save.turns)
    data["decisions"] = list(save.decisions)
    try:
        game = Game.restore(scenario, data)
        if save.rules_version in REPLAYABLE:  # it plays on under the rules it was played under
            game.state.rules_version = save.rules_version
        else:
            game.state.rules_version = RULES_VERSION
            game.state.played_under = game.state.played_under or save.rules_version
        compiled = game.compiled
        for name, value in initial_vars(compiled).items():
            game.state.vars.setdefault(name, value)
        if game.state.crisis_state not in compiled.state_names:
            raise ValueError(f"its crisis state '{game.state.crisis_state}' no longer exists on this card")
        game.state.choices = [p for p in game.state.choices if p.inject in compiled.injects]
        game.state.offers = [o for o in game.state.offers if o.mediator in compiled.mediator_names]
        game.state.held = [i for i in game.state.held if i in compiled.injects]
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise SaveError(f"{path}: its saved state cannot be carried onto the current card: {exc}") from None
    return game


def rebuild(scenario: LoadedScenario, save: SaveFile, upto_turn: int | None = None) -> Game:
    """Replay the save's inputs (and facilitator decisions) from the card and seed.

    With `upto_turn` = N, stop at the start of turn N (for a fork)."""
    game = Game.new(scenario, save.seed, rules_version=_rules_for(save))
    decisions = [d for d in save.decisions if isinstance(d, dict)]
    turns = [turn_input_from_dict(t) for t in save.turns]

    def apply_decisions(turn: int) -> None:
        while decisions and int(decisions[0].get("before_turn", 0)) <= turn:
            game.apply_decision(decisions.pop(0))

    for inp in turns:
        if game.over or (upto_turn is not None and game.turn >= upto_turn):
            break
        apply_decisions(game.turn)
        submit_input(game, inp)
        game.adjudicate_with_overrides(inp.overrides)
    if upto_turn is None or game.turn < upto_turn:
        apply_decisions(game.turn)
    return game


def _rules_for(save: SaveFile) -> int:
    """The rules a save is rebuilt under: its own version when this engine adjudicates it, else the current."""
    return save.rules_version if save.rules_version in REPLAYABLE else RULES_VERSION


def submit_input(game: Game, inp: TurnInput) -> None:
    for team, orders in inp.orders.items():
        orders_ = [Order(o.move, o.authorise) for o in orders]
        game.submit(team, orders_, inp.answers.get(team), inp.choices.get(team), inp.reasons.get(team, ""))
    for team, answers in inp.answers.items():
        if team not in inp.orders:
            game.submit(team, [], answers, inp.choices.get(team), inp.reasons.get(team, ""))


@dataclass(frozen=True)
class ReplayResult:
    identical: bool
    turn: int | None = None
    index: int | None = None
    expected: str = ""
    got: str = ""


def _as_dict(e: dict[str, Any] | Event) -> dict[str, Any]:
    return e if isinstance(e, dict) else e.to_dict()


def _event_text(e: dict[str, Any] | Event, fields: tuple[str, ...] | None) -> str:
    d = _as_dict(e)
    if fields is not None:
        d = {k: d.get(k) for k in fields}
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def compare_logs(recorded: list[Any], replayed: list[Any], fields: tuple[str, ...] | None = None) -> ReplayResult:
    """The first difference between two event logs; with `fields`, only those are compared."""
    for i, (a, b) in enumerate(zip(recorded, replayed, strict=False)):
        if _event_text(a, fields) != _event_text(b, fields):
            return ReplayResult(False, _as_dict(a).get("turn"), i, _event_text(a, fields), _event_text(b, fields))
    if len(recorded) != len(replayed):
        i = min(len(recorded), len(replayed))
        longer = recorded if len(recorded) > len(replayed) else replayed
        exp = _event_text(recorded[i], fields) if i < len(recorded) else "(no more events)"
        got = _event_text(replayed[i], fields) if i < len(replayed) else "(no more events)"
        return ReplayResult(False, _as_dict(longer[i]).get("turn"), i, exp, got)
    return ReplayResult(True)


def compare_with_save(save: SaveFile, game: Game) -> ReplayResult:
    """The rebuilt game's log against the save's own; a migrated save is compared on what its
    format recorded."""
    fields = None if save.upgraded_from is None else EVENT_BASE_FIELDS
    return compare_logs(save.snapshot.get("log", []), game.state.log, fields)


@dataclass(frozen=True)
class OpenedSave:
    """A save opened for resuming: the record, its card, the game, and a notice when the game
    continues from its saved state rather than a verified rebuild."""

    save: SaveFile
    scenario: LoadedScenario
    game: Game
    notice: str | None = None


def open_save(path: Path) -> OpenedSave:
    """Open a save for resuming: rebuild it and check it against its snapshot; a save from an
    earlier card or rules version continues from its saved state, with a notice."""
    save = parse_save(path)
    scenario = locate_card(save, path)
    why_not = reproducible(save, scenario)
    if why_not is not None and save.snapshot:
        game = continue_from_snapshot(scenario, save, path)
        notice = (
            f"{display_path(path)}: {why_not}; the game continues from its saved state under "
            f"{'the current rules' if game.state.played_under else f'rules version {game.state.rules_version}'} "
            "(`wargame replay` cannot verify it)"
        )
        return OpenedSave(save, scenario, game, notice)
    if why_not is not None:
        raise SaveError(f"{path}: {why_not}; the game cannot be reproduced exactly")
    try:
        game = rebuild(scenario, save)
    except (IllegalOrder, KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{path}: the recorded orders cannot be replayed on this card: {exc}") from None
    if save.snapshot:
        result = compare_with_save(save, game)
        if not result.identical:
            raise SaveError(
                f"{path}: the saved game does not match its own recorded orders (turn {result.turn}, event "
                f"{result.index}); the file was edited or damaged — `wargame replay` shows the difference"
            )
    return OpenedSave(save, scenario, game)


def load_game(path: Path) -> tuple[SaveFile, LoadedScenario, Game]:
    """`open_save` as a tuple (save, card, game), for callers that need no notice."""
    opened = open_save(path)
    return opened.save, opened.scenario, opened.game


def replay(path: Path) -> tuple[SaveFile, ReplayResult]:
    save = parse_save(path)
    scenario = locate_card(save, path)
    why_not = reproducible(save, scenario)
    if why_not is not None:
        raise SaveError(f"{path}: {why_not}; the game cannot be reproduced exactly")
    try:
        game = rebuild(scenario, save)
    except (IllegalOrder, KeyError, TypeError, ValueError) as exc:
        return save, ReplayResult(False, None, None, "the recorded orders", f"cannot be replayed: {exc}")
    return save, compare_with_save(save, game)
