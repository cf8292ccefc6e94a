"""The one sanitiser for text bound for a terminal (every command's output, the headless transcript).

Card text, ids, diagnostics and saved reasons are untrusted: an escape sequence in them could set the
terminal's title, clear the screen or hide text, and a newline in a one-line field could forge a line of
output. Control characters (C0 and C1, DEL, ESC) and the Unicode bidirectional overrides are shown as
visible codes (`\\x1b`, `\\u202e`); `line` also folds line breaks and tabs into one space, `block` keeps
them (for multi-line output such as a report)."""

from __future__ import annotations

import re

__all__ = ["block", "line"]

# C0 controls except tab and newline, DEL, C1 controls, bidi embeddings/overrides/isolates, line and
# paragraph separators
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_BREAKS = re.compile(r"[\t\n]+")


def _code(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def block(value: object) -> str:
    """Multi-line text made safe: line breaks and tabs kept, every other control shown as a code."""
    return _UNSAFE.sub(_code, str(value).replace("\r\n", "\n"))


def line(value: object) -> str:
    """One line made safe: line breaks and tabs folded into one space, other controls shown as codes."""
    return _BREAKS.sub(" ", block(value))
