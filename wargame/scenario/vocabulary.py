"""Words a scenario card may use whose meaning lives in code (cheap to import: the setup screen lists them)."""

from typing import Literal, get_args

PolicyName = Literal["historical", "hawk", "dove", "tit-for-tat", "quantal", "random"]
"""A bot policy (see `wargame.bots`): a card's `default_seat: bot:<policy>` names one."""

POLICY_NAMES: tuple[PolicyName, ...] = get_args(PolicyName)
