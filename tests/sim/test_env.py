"""`wargame.env`: a PettingZoo ParallelEnv over a card (the optional extra `wargame[rl]`)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pettingzoo", reason="the rl extra: pip install 'wargame[rl]'")

from pettingzoo.test import parallel_api_test

from wargame.env import WargameEnv


def test_parallel_api_test_passes(balakot):
    parallel_api_test(WargameEnv(balakot), num_cycles=100)
    parallel_api_test(WargameEnv(balakot, agents=["india", "pakistan"], opponents={"usa": "dove"}), num_cycles=100)


def test_masks_follow_the_legal_moves_and_observations_follow_the_fog(balakot):
    env = WargameEnv(balakot, agents=["india", "pakistan"])
    obs, infos = env.reset(seed=3)
    assert infos["india"] == {"seed": 3}
    for agent in env.agents:
        view = env.session.team_view(agent)
        legal = {o.id for o in view.options if o.legal}
        mask = obs[agent]["action_mask"]
        assert mask[0] == 1
        assert {m for m, ok in zip(env.moves(agent), mask[1:], strict=True) if ok} == legal
        assert obs[agent]["observation"].shape == (len(env.observation_names(agent)),)
        assert env.observation_space(agent).contains(obs[agent])
    # private variables of the other side are not in a team's observation
    private = [v.id for v in balakot.rules.variables.team if v.private]
    assert private, "the rulebook has private team variables"
    assert not any(n == f"pakistan.{p}" for n in env.observation_names("india") for p in private)
    assert any(n == f"india.{p}" for n in env.observation_names("india") for p in private)


def test_illegal_actions_hold_and_games_end_with_scores_as_rewards(balakot):
    env = WargameEnv(balakot)
    obs, _ = env.reset(seed=5)
    illegal = {
        a: int(np.flatnonzero(obs[a]["action_mask"] == 0)[0]) for a in env.agents if (obs[a]["action_mask"] == 0).any()
    }
    assert illegal
    _, rewards, terms, _, infos = env.step(illegal)
    assert all(infos[a].get("illegal") for a in illegal)
    assert not any(terms.values()) and set(rewards.values()) == {0.0}
    steps = 1
    while env.agents:
        actions = {a: env.action_space(a).sample(mask=obs[a]["action_mask"]) for a in env.agents}
        obs, rewards, terms, truncs, infos = env.step(actions)
        steps += 1
    assert all(terms.values()) and not any(truncs.values())
    debrief = env.session.debrief()
    assert rewards == {t: float(s.score) for t, s in zip(env.session.teams, debrief.teams, strict=True)}
    assert infos["india"]["end"] == debrief.end
    assert steps == env.session.turns_played


def test_same_seed_same_game(balakot):
    def play(seed: int) -> list:
        env = WargameEnv(balakot, agents=["india"])
        obs, _ = env.reset(seed=seed)
        trace = []
        while env.agents:
            legal = np.flatnonzero(obs["india"]["action_mask"])
            obs, rewards, *_ = env.step({"india": int(legal[-1])})
            trace.append((obs["india"]["observation"].tolist(), rewards))
        return trace

    assert play(9) == play(9)
