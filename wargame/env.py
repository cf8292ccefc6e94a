"""A PettingZoo `ParallelEnv` over a scenario card, for reinforcement-learning and other agents
(the optional extra `wargame[rl]`: pettingzoo, gymnasium, numpy).

    from wargame.env import WargameEnv
    env = WargameEnv("balakot-2019", agents=["india", "pakistan"])   # china, usa: historical bots
    obs, infos = env.reset(seed=7)
    obs, rewards, terminations, truncations, infos = env.step({"india": 0, "pakistan": 3})

It drives the play session like any front end, so every agent sees only its own team's view
(fog of war applied). Each step is one turn: every agent orders at most one move.

- **Actions**: `Discrete(1 + M)` per agent: 0 holds, `k` orders the k-th move of the team's
  catalogue (`env.moves(agent)`); crossing a firebreak is authorised by choosing the move. An
  action the mask forbids is played as holding and reported as `infos[agent]["illegal"]`.
- **Observations**: a dict with `observation`, float32 — turn and rung (as shares of the
  calendar and the ladder), the crisis state one-hot, pending offers and choices, then every
  variable the team may see, in `env.observation_names(agent)` order — and `action_mask`, int8,
  1 where the action is legal now (holding always is).
- **Rewards**: the team's objective points when the game ends, 0 before.
- Mediation offers are answered and inject choices made as the historical bot does (accept a
  style when the team's acceptance of it is at least 0.5; an inject's first choice).
  Teams that are not agents are seated with bot policies (`opponents`, default historical).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from wargame.paths import find_card
from wargame.scenario.loader import LoadedScenario, load_scenario
from wargame.session.errors import Refused
from wargame.session.session import PlaySession
from wargame.session.views import Draft, OrderDraft, TeamView

__all__ = ["WargameEnv"]


class WargameEnv(ParallelEnv):
    """Every agent is a team of the card; see the module doc for spaces and rewards."""

    metadata = {"name": "wargame_v0", "render_modes": []}  # noqa: RUF012

    def __init__(
        self,
        card: str | Path | LoadedScenario = "balakot-2019",
        agents: list[str] | None = None,
        opponents: dict[str, str] | None = None,
    ) -> None:
        self.scenario = card if isinstance(card, LoadedScenario) else load_scenario(find_card(Path(card)))
        teams = [t.id for t in self.scenario.card.teams]
        chosen = list(agents) if agents is not None else teams
        unknown = [a for a in chosen if a not in teams]
        if unknown or not chosen:
            raise ValueError(f"agents must be teams of this card ({', '.join(teams)}); got {chosen}")
        self.possible_agents = chosen
        self.agents: list[str] = []
        self._seats = {
            t: "human" if t in chosen else f"bot:{(opponents or {}).get(t, 'historical').removeprefix('bot:')}"
            for t in teams
        }
        self._states = [s.id for s in self.scenario.rules.states]
        self._n_rungs = len(self.scenario.rules.ladder.rungs)
        self._n_turns = len(self.scenario.card.calendar)
        probe = PlaySession.new(self.scenario, self._seats, 0, undo=False)
        self._moves = {a: [o.id for o in probe.options(a)] for a in chosen}
        self._names = {a: sorted(probe.team_view(a).variables) for a in chosen}
        self._next_seed = 0
        self.session: PlaySession | None = None
        # one space object per agent, as PettingZoo requires
        self._action_spaces = {a: spaces.Discrete(1 + len(self._moves[a])) for a in chosen}
        self._observation_spaces = {
            a: spaces.Dict(
                {
                    "observation": spaces.Box(
                        -np.inf, np.inf, shape=(len(self.observation_names(a)),), dtype=np.float32
                    ),
                    "action_mask": spaces.Box(0, 1, shape=(1 + len(self._moves[a]),), dtype=np.int8),
                }
            )
            for a in chosen
        }

    # ------------------------------------------------------------------ spaces
    def moves(self, agent: str) -> list[str]:
        """Move ids of action 1, 2, … for this agent (0 holds)."""
        return list(self._moves[agent])

    def observation_names(self, agent: str) -> list[str]:
        """What each entry of the agent's `observation` vector is."""
        head = ["turn_share", "rung_share", *(f"state={s}" for s in self._states), "offers", "choices"]
        return head + self._names[agent]

    def observation_space(self, agent: str) -> spaces.Space:
        return self._observation_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space:
        return self._action_spaces[agent]

    # ------------------------------------------------------------------ play
    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[dict, dict]:
        if seed is None:
            seed = self._next_seed
        self._next_seed = seed + 1
        self.session = PlaySession.new(self.scenario, self._seats, seed, undo=False)
        self.agents = list(self.possible_agents)
        views = {a: self.session.team_view(a) for a in self.agents}
        return {a: self._observe(a, views[a]) for a in self.agents}, {a: {"seed": seed} for a in self.agents}

    def step(self, actions: dict[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        session = self.session
        if session is None or not self.agents:
            raise RuntimeError("call reset() before step(), and again once every agent is done")
        infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        for agent in self.agents:
            view = session.team_view(agent)
            action = int(actions.get(agent, 0))
            mask = self._mask(agent, view)
            if not 0 <= action < len(mask) or not mask[action]:
                infos[agent]["illegal"] = True
                action = 0
            orders = [OrderDraft(move=self._moves[agent][action - 1], authorise=True)] if action else []
            try:
                session.submit(agent, Draft(orders=orders, answers=_answers(view), choices=_choices(view)))
            except Refused as exc:  # a legal-looking order the engine still refuses: hold instead
                infos[agent]["refused"] = str(exc)
                session.submit(agent, Draft(answers=_answers(view), choices=_choices(view)))
        over = session.over
        scores = dict(zip(session.teams, (t.score for t in session.debrief().teams), strict=True)) if over else {}
        agents = list(self.agents)
        rewards = {a: float(scores.get(a, 0)) if over else 0.0 for a in agents}
        terminations = dict.fromkeys(agents, over)
        truncations = dict.fromkeys(agents, False)
        observations = {a: self._observe(a, session.team_view(a)) for a in agents}
        if over:
            for a in agents:
                infos[a]["end"] = session.situation().end
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def render(self) -> None:
        return None

    def close(self) -> None:
        self.session = None

    # ------------------------------------------------------------------ helpers
    def _mask(self, agent: str, view: TeamView) -> np.ndarray:
        legal = {o.id for o in view.options if o.legal}
        over = view.situation.over
        return np.array([1] + [int(not over and m in legal) for m in self._moves[agent]], dtype=np.int8)

    def _observe(self, agent: str, view: TeamView) -> dict[str, np.ndarray]:
        sit = view.situation
        values = [sit.turn / max(1, self._n_turns), sit.rung / max(1, self._n_rungs - 1)]
        values += [float(sit.state == s) for s in self._states]
        values += [float(len(view.offers)), float(len(view.choices))]
        for name in self._names[agent]:
            value = view.variables.get(name, 0.0)
            values.append(float(value) if isinstance(value, int | float) else 0.0)
        return {"observation": np.asarray(values, dtype=np.float32), "action_mask": self._mask(agent, view)}


def _answers(view: TeamView) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for offer in view.offers:
        acceptance = view.variables.get(f"{view.team}.accept_{offer.style}", 0.5)
        out[offer.id] = "accept" if isinstance(acceptance, int | float) and acceptance >= 0.5 else "reject"
    return out


def _choices(view: TeamView) -> dict[str, str]:
    return {c.inject: c.options[0].id for c in view.choices if c.options}
