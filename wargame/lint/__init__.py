"""`wargame lint`: static and dynamic checks of cards and rulebooks, with stable codes (docs/lint.md)."""
