"""`wargame validate FILE…`: check cards and rulebooks and print their diagnostics.

Click-free, so that `wargame/launch.py` can run a plain `validate` without importing click or the
command-line module (a cold check sooner); the click command in `wargame.cli` runs this same code."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import TextIO

from wargame.scenario.diagnostics import ScenarioError
from wargame.scenario.loader import LoadedRulebook, display_path, load_any
from wargame.textsafe import line


def echo(text: str, err: bool = False) -> None:
    """One line to stdout (or stderr), flushed at once so the two streams interleave in order, written
    as `click.echo` writes it: a stream that says it is ASCII gets UTF-8 with replacements instead."""
    stream: TextIO | None = sys.stderr if err else sys.stdout
    if stream is None:
        return
    data = text + "\n"
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _is_ascii(getattr(stream, "encoding", None) or "ascii"):
        stream.flush()
        buffer.write(data.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(data)
    stream.flush()


def _is_ascii(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name == "ascii"
    except LookupError:
        return False


def validate_files(files: tuple[Path, ...], quiet: bool) -> tuple[int, list[Path]]:
    """Check each file; print diagnostics. Returns (files that failed, every file read)."""
    failed = 0
    read: list[Path] = list(files)
    for path in files:
        try:
            loaded = load_any(path)
        except ScenarioError as exc:
            failed += 1
            for diag in exc.diagnostics:
                echo(line(diag))
                read.append(Path(diag.file))
            if not quiet:
                n = len(exc.errors)
                echo(line(f"{display_path(path)}: {n} error{'s' if n != 1 else ''}"), err=True)
            continue
        read += list(loaded.files if isinstance(loaded, LoadedRulebook) else loaded.rulebook.files)
        for diag in loaded.warnings:
            echo(line(diag))
        if not quiet:
            kind = "rulebook" if isinstance(loaded, LoadedRulebook) else "scenario"
            echo(line(f"{display_path(path)}: valid {kind}"), err=True)
    return failed, list(dict.fromkeys(read))
