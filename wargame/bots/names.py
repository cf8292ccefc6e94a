"""The bot policies' names (cheap to import: the setup screen lists them)."""

POLICY_NAMES = ("historical", "hawk", "dove", "tit-for-tat", "quantal", "random")
