"""`wargame serve --web PORT`: textual-serve runs `wargame join URL` for each browser tab (the
page asks for the code). Run as `python -m wargame.net.web WS_URL HOST PORT`."""

from __future__ import annotations

import shlex
import sys


def serve_web(join_url: str, host: str, port: int) -> None:
    from textual_serve.server import Server

    command = f"{shlex.quote(sys.executable)} -m wargame join {shlex.quote(join_url)}"
    Server(command, host=host, port=port, title="wargame — classroom").serve()


if __name__ == "__main__":  # pragma: no cover - run by `wargame serve --web`
    serve_web(sys.argv[1], sys.argv[2], int(sys.argv[3]))
