"""Words a scenario card may use whose meaning lives in code (cheap to import: the setup screen lists them)."""

from typing import Literal, get_args

PolicyName = Literal["historical", "hawk", "dove", "tit-for-tat", "quantal", "random"]
"""A bot policy (see `wargame.bots`): a card's `default_seat: bot:<policy>` names one."""

POLICY_NAMES: tuple[PolicyName, ...] = get_args(PolicyName)

ACCEPT_THRESHOLD = 0.5
"""Readiness to accept a mediation offer at or above which the rule-following bots accept it
(`wargame validate` warns when a card starts a principal within `KNIFE_EDGE` of it)."""

KNIFE_EDGE = 0.02
