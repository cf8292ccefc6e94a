"""Inline suppression: `# wargame: allow WG012` on the finding's line or the line above it silences
those codes there; `# wargame: allow-file WG001 WG003` anywhere in a file silences them in that file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ALLOW = re.compile(r"#\s*wargame:\s*allow(-file)?\s+((?:WG\d{3}[\s,]*)+)")


@dataclass
class Allowances:
    by_line: dict[int, set[str]] = field(default_factory=dict)
    whole_file: set[str] = field(default_factory=set)

    def allows(self, line: int, code: str) -> bool:
        return (
            code in self.whole_file
            or code in self.by_line.get(line, set())
            or code in self.by_line.get(line - 1, set())
        )


def allowances(text: str) -> Allowances:
    out = Allowances()
    for n, line in enumerate(text.splitlines(), start=1):
        for m in _ALLOW.finditer(line):
            codes = set(re.findall(r"WG\d{3}", m.group(2)))
            if m.group(1):
                out.whole_file |= codes
            else:
                out.by_line.setdefault(n, set()).update(codes)
    return out
