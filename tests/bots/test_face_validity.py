"""A small-sample face-validity check of the Balakot card (the 10,000-seed figures are in
the closing note; rerun them with `wargame simulate scenarios/balakot-2019.yaml -n 10000`)."""

from __future__ import annotations

from collections import Counter

from wargame.sim.runner import play_bots

N = 150


def run(balakot, policy: str) -> tuple[Counter[str], list[int]]:
    seats = {t: f"bot:{policy}" for t in ("india", "pakistan", "china", "usa")}
    ends: Counter[str] = Counter()
    peaks = []
    for seed in range(N):
        game = play_bots(balakot, seed, seats)
        ends[game.state.end] += 1
        peaks.append(int(game.state.vars["peak_rung"]))
    return ends, peaks


def test_historical_seats_follow_the_record(balakot):
    ends, peaks = run(balakot, "historical")
    air_combat = next(i for i, r in enumerate(balakot.rules.ladder.rungs) if r.id == "retaliatory_strike_air_combat")
    assert Counter(peaks).most_common(1)[0][0] == air_combat
    assert peaks.count(air_combat) > N / 2
    assert ends["resolution"] + ends["frozen"] >= 0.6 * N
    assert ends["nuclear"] == 0


def test_hawks_climb_higher_and_doves_lower(balakot):
    _, historical = run(balakot, "historical")
    _, hawk = run(balakot, "hawk")
    _, dove = run(balakot, "dove")
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    assert mean(hawk) > mean(historical) + 2
    assert mean(dove) < mean(historical) - 2
