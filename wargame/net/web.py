"""`wargame serve --web PORT`: textual-serve runs `wargame join URL` for each browser tab (the
page asks for the code). Run as `python -m wargame.net.web WS_URL HOST PORT`.

The page's own addresses (its scripts, its websocket) follow the address the browser used, so
a server bound to 0.0.0.0 works for a student who opened http://192.168.1.20:8080/; only the
errors of the web front end reach the server's window (no banner, no request log). The page
makes no request beyond this server: its font (Roboto Mono, shipped with textual-serve) is
served from here instead of Google Fonts."""

from __future__ import annotations

import logging
import re
import shlex
import sys
from typing import Any

FONT_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="https?://fonts\.googleapis\.com/[^"]*"\s*/?>')
"""textual-serve's page asks Google Fonts for Roboto Mono; the font ships with textual-serve."""
LOCAL_FONT = (
    "<style>@font-face {{ font-family: 'Roboto Mono'; font-weight: 100 700; "
    "src: url('{static}fonts/RobotoMono-VariableFont_wght.ttf') format('truetype'); }}</style>"
)

HOST_HEADER = re.compile(r"^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?$")
"""A Host header that may be put into the page: a name or an address, and a port."""


def page_base(scheme: str, host_header: str | None, fallback: str) -> str:
    """The base URL of the page as the browser addressed it (or `fallback` for a strange Host)."""
    if host_header and HOST_HEADER.match(host_header) and scheme in ("http", "https"):
        return f"{scheme}://{host_header}"
    return fallback


def local_fonts(html: str, base: str) -> str:
    """The page with its web font served by this server (no request leaves the room's network)."""
    return FONT_LINK.sub(lambda _m: LOCAL_FONT.format(static=f"{base}/static/"), html)


def make_web_server(join_url: str, host: str, port: int) -> Any:
    from aiohttp import web
    from textual_serve.server import Server

    class ClassroomWeb(Server):  # type: ignore[misc]
        def initialize_logging(self) -> None:
            logging.basicConfig(level=logging.WARNING, format="web: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            return None

        async def handle_index(self, request: web.Request) -> web.StreamResponse:
            # textual-serve builds every URL of the page from `public_url`; the page is built
            # without a pause, so setting it for this request cannot leak into another one
            self.public_url = page_base(request.scheme, request.headers.get("Host"), self.bind_url)
            response: web.StreamResponse = await super().handle_index(request)
            if isinstance(response, web.Response) and response.text is not None:
                response.text = local_fonts(response.text, self.public_url)
            return response

    command = f"{shlex.quote(sys.executable)} -m wargame join {shlex.quote(join_url)}"
    server = ClassroomWeb(command, host=host, port=port, title="wargame — classroom")
    server.bind_url = server.public_url
    return server


def serve_web(join_url: str, host: str, port: int) -> None:
    make_web_server(join_url, host, port).serve()


if __name__ == "__main__":  # pragma: no cover - run by `wargame serve --web`
    serve_web(sys.argv[1], sys.argv[2], int(sys.argv[3]))
