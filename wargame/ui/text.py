"""Scenario and player text shown as text: never as Rich markup, never as raw escapes."""

from __future__ import annotations

import re

from rich.text import Text

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(value: object) -> str:
    """Replace control characters (escape sequences included) by visible `\\xNN` codes."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def safe(value: object, style: str = "") -> Text:
    """A Rich Text of the value, shown literally: `[bold]` stays `[bold]`."""
    return Text(clean(value), style=style)


def reflow(text: str) -> str:
    """Join hard-wrapped lines into paragraphs so text wraps to the terminal's width; lines
    that start a list item or are indented keep their break."""
    out: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        starts_item = bool(re.match(r"^(\d+[.)]|[-*•])\s", stripped)) or line.startswith((" ", "\t"))
        if out and out[-1] and stripped and not starts_item:
            out[-1] = out[-1].rstrip() + " " + stripped
        else:
            out.append(line.rstrip())
    return "\n".join(out)


def fit(value: str, width: int) -> str:
    """The text cut to `width` cells with an ellipsis when longer (the full text is shown elsewhere)."""
    return value if len(value) <= width else value[: max(0, width - 1)].rstrip() + "…"


def short_name(name: str, width: int = 9) -> str:
    """A column header for a name: the name when it fits, else its initials ("United States" → "US")."""
    words = name.split()
    if len(name) <= width or len(words) < 2:
        return fit(name, width)
    return "".join(w[0] for w in words).upper()
