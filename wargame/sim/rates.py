"""Event rates over many games (`Rates`): for every inject, chance part, hazard, claim,
firebreak, crisis state and end kind, the share of games in which it occurred; the first turn
of every move and of each principal's first use of force; and mediation by style (offers,
acceptances, agreements reached, post-crisis tension).

Each game counts through its `GameRecord` (`sim.records.record_game`: one pass over the typed
event log gives both the per-game row and everything counted here). Merging two `Rates` is
exact and order-independent."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from wargame.sim.records import GameRecord

CATEGORIES = ("injects", "chances", "choices", "hazards", "claims", "firebreaks", "states", "end_kinds", "successes")
"""What `occurred` counts: injects delivered, chance parts that came up (`inject.part`), inject
choices taken (`inject.choice`), hazards (`hazard@party`), claims entered in the ledger,
firebreaks crossed, crisis states entered, end kinds, and chance moves that succeeded
(`team/move`)."""


def end_kind(record: GameRecord) -> str:
    """How the game ended, a game stopped before its end counting as a timeout."""
    return record.end if record.end != "unfinished" else "timeout"


def occurred(record: GameRecord) -> dict[str, frozenset[str] | set[str]]:
    """Category (see `CATEGORIES`) → ids that occurred at least once in the game."""
    return {
        "injects": record.injects,
        "chances": record.chances,
        "choices": record.choices,
        "hazards": record.struck,
        "claims": record.claims,
        "firebreaks": set(record.firebreaks),
        "states": record.entered,
        "end_kinds": {end_kind(record)},
        "successes": record.successes,
    }


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

    def add(self, f: GameRecord) -> None:
        self.games += 1
        for cat, ids in occurred(f).items():
            self.occurred[cat].update(ids)
        for prefix, firsts in (("move:", f.first_turn), ("kinetic:", f.first_kinetic), ("ready:", f.forces_ready)):
            for key, turn in firsts.items():
                self._first(prefix + key, turn)
        if f.nuclear_turn is not None:
            self._first("nuclear", f.nuclear_turn)
        taken: Counter[str] = Counter()
        styles = self.styles
        for o in f.offers:
            st = styles.get(o.style)
            if st is None:
                st = styles[o.style] = StyleTally()
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

    def _first(self, key: str, turn: int) -> None:
        counts = self.first_turn.get(key)
        if counts is None:
            counts = self.first_turn[key] = Counter()
        counts[turn] = counts.get(turn, 0) + 1

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
