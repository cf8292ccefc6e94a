"""Headless play (`wargame play --headless`): the session's turn loop with scripted orders for
the human seats and bots in the others, printed as a transcript."""

from __future__ import annotations

from collections.abc import Callable

from wargame.session.errors import Refused
from wargame.session.orders_file import OFFER_ID, TeamTurn
from wargame.session.session import PlaySession
from wargame.session.views import Draft, OrderDraft

Script = dict[int, dict[str, TeamTurn]]
"""turn → team → scripted orders (`wargame.session.orders_file.load_orders`)."""
Echo = Callable[[str, bool], None]
"""Prints a line: `echo(text, to_stderr)`."""


def draft_of(session: PlaySession, team: str, entry: TeamTurn | None) -> Draft:
    """A scripted turn as a submission (answers may name the offer or the mediator)."""
    if entry is None:
        return Draft()
    return Draft(
        orders=[OrderDraft(move=o.move, authorise=o.authorise) for o in entry.orders],
        answers=session.offer_ids(team, dict(entry.answers)),  # type: ignore[arg-type]
        choices=dict(entry.choices),
    )


def _unused_answers(session: PlaySession, team: str, entry: TeamTurn | None) -> list[str]:
    """Scripted answers (by offer or mediator id) that match no offer open for the team this turn."""
    if entry is None:
        return []
    return [key for key in entry.answers if not session.offer_ids(team, {key: entry.answers[key]})]


def play_headless(session: PlaySession, script: Script, echo: Echo) -> int:
    """Play the session to its end; returns the exit status (1 when an order is refused)."""
    echo(f"{session.title} — seed {session.seed}", False)
    echo("seats: " + ", ".join(f"{t}={session.seats[t]}" for t in session.teams), False)
    # a resumed game shows only what happened since the start of the current turn
    shown = session.turn_start()
    if session.turns_played:
        echo(f"resuming at turn {session.turn} ({session.turns_played} turn(s) already played)", False)
    while not session.over:
        turn = session.turn
        echo(session.transcript_header(), False)
        for line in session.transcript(shown):
            echo(line, False)
        shown = session.log_length
        try:
            for team in session.humans:
                entry = script.get(turn, {}).get(team)
                unused = _unused_answers(session, team, entry)
                for key in unused:
                    if OFFER_ID.match(key):
                        raise Refused(f"{team} answers offer '{key}', but no such offer is open for {team}")
                    echo(f"note: turn {turn}: no offer from '{key}' is open for {team}; its answer is not used", True)
                session.submit(team, draft_of(session, team, entry))
            if not session.humans:
                session.adjudicate()
        except Refused as exc:
            session.autosave()
            echo(f"error: turn {turn}: {exc}", True)
            if session.last_save is not None:
                echo(f"the game so far is saved in {session.last_save}", True)
            return 1
        # this turn's results under this turn's header; the next turn's opening injects under the next
        for line in session.transcript(shown, through_turn=turn):
            echo(line, False)
        shown = session.log_end_of(turn)
        echo(session.transcript_status(), False)
    for line in session.transcript_ending():
        echo(line, False)
    if session.save_failed is not None:
        last = f"the last good save is {session.last_save}" if session.last_save else "nothing was saved"
        echo(f"error: the game ended but its latest state is not saved ({session.save_failed}); {last}", True)
        return 1
    if session.last_save is not None:
        echo(f"saved: {session.last_save}", False)
    n_turns = session.situation().n_turns
    unknown = sorted(set(script) - set(range(1, n_turns + 1)))
    if unknown:
        echo(f"note: orders for turn(s) {unknown} were not used (the card has {n_turns} turns)", True)
    return 0
