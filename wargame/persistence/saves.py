"""Writing saves, autosave rotation, resuming, replaying and forking.

Resuming rebuilds the game from the card, the seed and the recorded inputs (a few
milliseconds for a full game) and checks the result against the snapshot, so a damaged
or edited save is reported instead of being trusted."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wargame import __version__
from wargame.engine.game import Game
from wargame.engine.state import Order, TurnInput, _turn_input
from wargame.paths import card_by_id
from wargame.paths import saves_dir as saves_dir  # re-exported: callers import it from here
from wargame.persistence.atomic import atomic_write
from wargame.persistence.autosave import KEEP_AUTOSAVES as KEEP_AUTOSAVES
from wargame.persistence.autosave import Autosaver as Autosaver
from wargame.persistence.autosave import new_game_id as new_game_id
from wargame.persistence.format import CardRef, SaveError, SaveFile, parse_save
from wargame.rules.legality import IllegalOrder
from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import LoadedScenario, display_path, load_scenario


def to_save(
    game: Game, scenario: LoadedScenario, seats: dict[str, str], game_id: str, facilitator: bool = False
) -> SaveFile:
    snapshot = game.snapshot()
    # built without validation: everything here comes from the engine, not from a file
    return SaveFile.model_construct(
        format="wargame-save",
        version=2,
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
        seats=dict(seats),
        facilitator=facilitator,
        turns=[asdict(t) for t in game.state.inputs],
        decisions=list(game.state.decisions),
        snapshot=snapshot,
    )


def encode(save: SaveFile) -> bytes:
    data = dict(save)
    data["card"] = dict(save.card)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def write_save(path: Path, save: SaveFile) -> Path:
    atomic_write(path, encode(save))
    return path


def find_card(save: SaveFile, save_path: Path) -> LoadedScenario:
    """The save's card, checked against the recorded content hash."""
    candidates = [Path(save.card.path), card_by_id(save.card.id)]
    path = next((p for p in candidates if p is not None and p.is_file()), None)
    if path is None:
        raise SaveError(f"{save_path}: its card '{save.card.id}' was not found (looked for {save.card.path})")
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        raise SaveError(f"{save_path}: its card {display_path(path)} no longer loads: {exc.errors[0]}") from None
    if scenario.content_hash != save.card.content_hash:
        raise SaveError(
            f"{save_path}: the card {display_path(path)} (or its rulebook) has changed since this game was saved "
            f"(content hash {scenario.content_hash[:12]}… ≠ {save.card.content_hash[:12]}…); "
            "the game cannot be reproduced exactly"
        )
    return scenario


def rebuild(scenario: LoadedScenario, save: SaveFile, upto_turn: int | None = None) -> Game:
    """Replay the save's inputs (and facilitator decisions) from the card and seed.

    With `upto_turn` = N, stop at the start of turn N (for a fork)."""
    game = Game.new(scenario, save.seed)
    decisions = [d for d in save.decisions if isinstance(d, dict)]
    turns = [_turn_input(t) for t in save.turns]

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


def submit_input(game: Game, inp: TurnInput) -> None:
    for team, orders in inp.orders.items():
        game.submit(team, [Order(o.move, o.authorise) for o in orders], inp.answers.get(team), inp.choices.get(team))
    for team, answers in inp.answers.items():
        if team not in inp.orders:
            game.submit(team, [], answers, inp.choices.get(team))


@dataclass(frozen=True)
class ReplayResult:
    identical: bool
    turn: int | None = None
    index: int | None = None
    expected: str = ""
    got: str = ""


def _event_text(e: dict[str, Any] | Any) -> str:
    d = e if isinstance(e, dict) else asdict(e)
    return json.dumps(d, sort_keys=True, ensure_ascii=False)


def compare_logs(recorded: list[Any], replayed: list[Any]) -> ReplayResult:
    for i, (a, b) in enumerate(zip(recorded, replayed, strict=False)):
        if _event_text(a) != _event_text(b):
            turn = (a if isinstance(a, dict) else asdict(a)).get("turn")
            return ReplayResult(False, turn, i, _event_text(a), _event_text(b))
    if len(recorded) != len(replayed):
        i = min(len(recorded), len(replayed))
        longer = recorded if len(recorded) > len(replayed) else replayed
        turn = (longer[i] if isinstance(longer[i], dict) else asdict(longer[i])).get("turn")
        exp = _event_text(recorded[i]) if i < len(recorded) else "(no more events)"
        got = _event_text(replayed[i]) if i < len(replayed) else "(no more events)"
        return ReplayResult(False, turn, i, exp, got)
    return ReplayResult(True)


def load_game(path: Path) -> tuple[SaveFile, LoadedScenario, Game]:
    """Open a save for resuming: rebuild it and check it against its snapshot."""
    save = parse_save(path)
    scenario = find_card(save, path)
    try:
        game = rebuild(scenario, save)
    except (IllegalOrder, KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"{path}: the recorded orders cannot be replayed on this card: {exc}") from None
    if save.snapshot:
        result = compare_logs(save.snapshot.get("log", []), game.state.log)
        if not result.identical:
            raise SaveError(
                f"{path}: the saved game does not match its own recorded orders (turn {result.turn}, event "
                f"{result.index}); the file was edited or damaged — `wargame replay` shows the difference"
            )
    return save, scenario, game


def replay(path: Path) -> tuple[SaveFile, ReplayResult]:
    save = parse_save(path)
    scenario = find_card(save, path)
    try:
        game = rebuild(scenario, save)
    except (IllegalOrder, KeyError, TypeError, ValueError) as exc:
        return save, ReplayResult(False, None, None, "the recorded orders", f"cannot be replayed: {exc}")
    return save, compare_logs(save.snapshot.get("log", []), game.state.log)
