"""What happened in one game, as plain facts (`game_facts`), and their rates over many games
(`Rates`): for every inject, chance part, hazard, claim, firebreak, crisis state and end kind,
the share of games in which it occurred; the first turn of every move and of each principal's
first use of force; and mediation by style (offers, acceptances, agreements reached, post-crisis
tension).

`game_facts` reads only the finished game's state and event log, so any batch (the simulator's
JSON report, a per-game CSV) can reuse it. Merging two `Rates` is exact and order-independent."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wargame.engine.game import Game
from wargame.engine.state import EventKind

AGREEMENT_WINDOW = 1
"""Turns after an accepted offer within which a ceasefire counts as an agreement it reached
("short term": the turn it is answered and the next)."""

CATEGORIES = ("injects", "chances", "choices", "hazards", "claims", "firebreaks", "states", "end_kinds", "successes")
"""What `occurred` counts: injects delivered, chance parts that came up (`inject.part`), inject
choices taken (`inject.choice`), hazards (`hazard@party`), claims entered in the ledger,
firebreaks crossed, crisis states entered, end kinds, and chance moves that succeeded
(`team/move`)."""


@dataclass
class OfferFact:
    """One principal's answer to one mediation offer."""

    style: str
    answer: str
    took_hold: bool
    open_question: bool
    """No ceasefire stood before the answer: an agreement could still be reached."""
    agreement: bool
    """Accepted with no ceasefire standing, and a ceasefire came into force within
    `AGREEMENT_WINDOW` turns of the answer."""


@dataclass
class GameFacts:
    """The facts of one finished (or abandoned) game."""

    seed: int
    end: str
    turns: int
    peak_rung: int
    occurred: dict[str, set[str]]
    """Category (see `CATEGORIES`) → ids that occurred at least once."""
    first_turn: dict[str, int]
    """`team/move` → the first turn it was ordered."""
    first_kinetic: dict[str, int]
    """Principal → the first turn it ordered a use of force."""
    forces_ready: dict[str, int]
    """Principal → the turn at whose end its mobilised forces became ready."""
    nuclear_turn: int | None
    """The turn the crisis entered a state with end kind `nuclear`."""
    offers: list[OfferFact]
    tension: float | None
    """Post-crisis tension at the end (when the rulebook defines `tension`)."""
    claim_truths: dict[str, str | None] = field(default_factory=dict)
    """Claim → its truth in this game (None: the historical truth)."""


def game_facts(game: Game) -> GameFacts:
    c, s = game.compiled, game.state
    occurred: dict[str, set[str]] = {k: set() for k in CATEGORIES}
    occurred["states"].add(str(c.scenario.card.start_state or c.rules.initial_state))
    first_turn: dict[str, int] = {}
    first_kinetic: dict[str, int] = {}
    ready: dict[str, int] = {}
    nuclear_turn = None
    ceasefire_at: dict[int, float] = {}
    ceasefire = float(c.defaults.get("ceasefire", 0.0))
    answers: list[tuple[int, str, str, bool, bool]] = []
    for e in s.log:
        before = ceasefire
        if "ceasefire" in e.changes:
            ceasefire += e.changes["ceasefire"]
        ceasefire_at[e.turn] = ceasefire
        kind = e.kind
        if kind == EventKind.INJECT and e.inject:
            occurred["injects"].add(e.inject)
        elif kind == EventKind.CHANCE and e.success:
            occurred["chances"].add(f"{e.inject}.{e.chance}")
        elif kind == EventKind.HAZARD and e.hazard:
            occurred["hazards"].add(f"{e.hazard}@{e.team}")
        elif kind == EventKind.CLAIM and e.claim:
            occurred["claims"].add(e.claim)
        elif kind == EventKind.FIREBREAK and e.firebreak:
            occurred["firebreaks"].add(e.firebreak)
        elif kind == EventKind.TRANSITION and e.state_after:
            occurred["states"].add(e.state_after)
            if nuclear_turn is None and c.terminal.get(e.state_after) == "nuclear":
                nuclear_turn = e.turn
        elif kind == EventKind.CHOICE and e.inject and e.choice:
            occurred["choices"].add(f"{e.inject}.{e.choice}")
        elif kind == EventKind.ORDER and e.team and e.move:
            first_turn.setdefault(f"{e.team}/{e.move}", e.turn)
            if e.success:
                occurred["successes"].add(f"{e.team}/{e.move}")
            if c.moves[e.move].kinetic and e.team in c.opponent:
                first_kinetic.setdefault(e.team, e.turn)
        elif kind == EventKind.MOBILISATION and e.team:
            ready.setdefault(e.team, e.turn)
        elif kind == EventKind.MEDIATION_ANSWER and e.offer and e.answer:
            style = e.offer.rsplit("-", 1)[-1]  # offer ids are `t<turn>-<mediator>-<style>`
            answers.append((e.turn, style, e.answer, bool(e.success), before < 1))
    end = s.end or "timeout"
    occurred["end_kinds"].add(end)
    last = max(ceasefire_at) if ceasefire_at else 0
    offers = []
    for turn, style, ans, took, open_question in answers:
        window = [ceasefire_at.get(t) for t in range(turn, min(turn + AGREEMENT_WINDOW, last) + 1)]
        agreed = ans == "accept" and open_question and any(v is not None and v >= 1 for v in window)
        offers.append(OfferFact(style, ans, took, open_question, agreed))
    tension = float(s.vars["tension"]) if "tension" in s.vars else None
    return GameFacts(
        seed=s.seed,
        end=end,
        turns=len(s.inputs),
        peak_rung=int(s.vars["peak_rung"]),
        occurred=occurred,
        first_turn=first_turn,
        first_kinetic=first_kinetic,
        forces_ready=ready,
        nuclear_turn=nuclear_turn,
        offers=offers,
        tension=tension,
        claim_truths={e.claim: e.game_truth for e in s.claims},
    )


@dataclass
class StyleTally:
    """Mediation of one style over a batch."""

    offers: int = 0
    acceptances: int = 0
    took_hold: int = 0
    open_acceptances: int = 0
    """Acceptances while no ceasefire stood."""
    agreements: int = 0
    """Of those, the ones followed by a ceasefire within the window."""
    games_taken: int = 0
    """Games in which an accepted offer of this style took hold."""
    tension_sum: int = 0
    tension_sq: int = 0
    """Post-crisis tension over those games (sum and sum of squares), in millionths: whole
    numbers, so that merging batches in any order gives exactly the same report."""
    games_only: int = 0
    """Games led by this style: it took hold more often than any other style (the cleaner
    comparison, since most games see several styles)."""
    only_sum: int = 0
    only_sq: int = 0

    def merge(self, o: StyleTally) -> None:
        for name in ("offers", "acceptances", "took_hold", "open_acceptances", "agreements", "games_taken"):
            setattr(self, name, getattr(self, name) + getattr(o, name))
        self.games_only += o.games_only
        for name in ("tension_sum", "tension_sq", "only_sum", "only_sq"):
            setattr(self, name, getattr(self, name) + getattr(o, name))


@dataclass
class Rates:
    games: int = 0
    occurred: dict[str, Counter[str]] = field(default_factory=lambda: {k: Counter() for k in CATEGORIES})
    first_turn: dict[str, Counter[int]] = field(default_factory=dict)
    """`move:team/move`, `kinetic:team`, `ready:team`, `nuclear` → games by first turn."""
    styles: dict[str, StyleTally] = field(default_factory=dict)

    def add(self, f: GameFacts) -> None:
        self.games += 1
        for cat, ids in f.occurred.items():
            self.occurred[cat].update(ids)
        firsts = {f"move:{k}": t for k, t in f.first_turn.items()}
        firsts |= {f"kinetic:{k}": t for k, t in f.first_kinetic.items()}
        firsts |= {f"ready:{k}": t for k, t in f.forces_ready.items()}
        if f.nuclear_turn is not None:
            firsts["nuclear"] = f.nuclear_turn
        for key, turn in firsts.items():
            self.first_turn.setdefault(key, Counter())[turn] += 1
        taken: Counter[str] = Counter()
        for o in f.offers:
            st = self.styles.setdefault(o.style, StyleTally())
            st.offers += 1
            if o.answer == "accept":
                st.acceptances += 1
                st.open_acceptances += int(o.open_question)
                st.agreements += int(o.agreement)
                if o.took_hold:
                    st.took_hold += 1
                    taken[o.style] += 1
        for style in taken:
            st = self.styles[style]
            st.games_taken += 1
            if f.tension is not None:
                micro = round(f.tension * 1_000_000)
                st.tension_sum += micro
                st.tension_sq += micro * micro
                if taken[style] > max((n for s, n in taken.items() if s != style), default=0):
                    st.games_only += 1
                    st.only_sum += micro
                    st.only_sq += micro * micro

    def merge(self, o: Rates) -> None:
        self.games += o.games
        for cat, counts in o.occurred.items():
            self.occurred.setdefault(cat, Counter()).update(counts)
        for key, counts in o.first_turn.items():
            self.first_turn.setdefault(key, Counter()).update(counts)
        for style, st in o.styles.items():
            self.styles.setdefault(style, StyleTally()).merge(st)

    def report(self) -> dict[str, Any]:
        n = self.games or 1
        out: dict[str, Any] = {
            cat: {k: round(v / n, 6) for k, v in sorted(self.occurred[cat].items())} for cat in CATEGORIES
        }
        out["first_turn"] = {
            key: {str(t): round(v / n, 6) for t, v in sorted(counts.items())}
            for key, counts in sorted(self.first_turn.items())
        }
        out["mediation_by_style"] = {style: style_report(st) for style, st in sorted(self.styles.items())}
        return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k/n."""
    if n == 0:
        return (0.0, 0.0)
    p = k / n
    d = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / d
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (round(max(0.0, centre - half), 6), round(min(1.0, centre + half), 6))


def mean_ci(total: int, sq: int, n: int, z: float = 1.96) -> tuple[float | None, tuple[float, float] | None]:
    """Mean and its 95% normal interval, from a sum and a sum of squares in millionths."""
    if n == 0:
        return None, None
    mean = total / n / 1e6
    var = max(0.0, (sq * n - total * total) / (n * n) / 1e12) * (n / (n - 1) if n > 1 else 1.0)
    half = z * math.sqrt(var / n)
    return round(mean, 6), (round(mean - half, 6), round(mean + half, 6))


def style_report(st: StyleTally) -> dict[str, Any]:
    mean, ci = mean_ci(st.tension_sum, st.tension_sq, st.games_taken)
    only, only_ci = mean_ci(st.only_sum, st.only_sq, st.games_only)
    n = st.open_acceptances
    return {
        "offers": st.offers,
        "acceptances": st.acceptances,
        "took_hold": st.took_hold,
        "open_acceptances": n,
        "agreements": st.agreements,
        "agreement_rate": round(st.agreements / n, 6) if n else None,
        "agreement_ci95": list(wilson(st.agreements, n)) if n else None,
        "games_taken": st.games_taken,
        "mean_post_crisis_tension": mean,
        "post_crisis_tension_ci95": list(ci) if ci else None,
        "games_led": st.games_only,
        "mean_post_crisis_tension_led": only,
        "post_crisis_tension_led_ci95": list(only_ci) if only_ci else None,
    }
