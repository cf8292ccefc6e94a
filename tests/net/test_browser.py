"""The browser path: Playwright drives the system's Chromium to the page `wargame serve --web`
serves (textual-serve running `wargame join`); a student types the code, starts the turn and
submits, and the server sees that team join and submit. The page is drawn on a canvas, so the
assertions are on the server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.conftest import ROOT
from wargame.net.hosting import ServerThread, make_server
from wargame.session.session import PlaySession

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)

if CHROMIUM is None and not os.environ.get("CI"):
    pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(condition, limit: float = 30.0, step: float = 0.2) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def served_with_web(tutorial_card, tmp_path):
    session = PlaySession.new(tutorial_card, {"india": "human", "pakistan": "bot:dove"}, 2, saves=tmp_path / "s")
    thread = ServerThread(make_server(session))
    port = _free_port()
    web = subprocess.Popen([sys.executable, "-m", "wargame.net.web", thread.url, "127.0.0.1", str(port)], cwd=ROOT)

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                return page.status == 200
        except OSError:
            return False

    assert _wait(up), "textual-serve did not start"
    yield thread, port
    web.terminate()
    web.wait(10)
    thread.stop()


def test_the_page_follows_the_address_the_browser_used(served_with_web):
    """Bound to 127.0.0.1 but asked for as `localhost` (or any name a LAN would use): the page's
    scripts and websocket use the address in the request, not the bind address."""
    _thread, port = served_with_web
    for host in (f"localhost:{port}", f"teacher.local:{port}", f"192.168.1.20:{port}"):
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": host})
        with urllib.request.urlopen(request, timeout=5) as page:
            html = page.read().decode()
        assert f'data-session-websocket-url="ws://{host}/ws"' in html
        assert f'src="http://{host}/static/js/textual.js"' in html
        assert "127.0.0.1" not in html
        assert "googleapis" not in html and f"http://{host}/static/fonts/RobotoMono" in html
    # a Host header that could break out of the page is not used
    request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": 'x"><script>'})
    with urllib.request.urlopen(request, timeout=5) as page:
        assert "<script>" not in page.read().decode().split("<body", 1)[1].split("</script>", 1)[0]


def test_a_student_joins_from_a_browser_and_submits(served_with_web):
    from playwright.sync_api import sync_playwright

    thread, port = served_with_web
    page_url = f"http://localhost:{port}/"  # bound to 127.0.0.1: the page must follow the browser's URL
    server = thread.server
    code = server.codes.teams["india"]

    def india_connected() -> bool:
        return thread.run(lambda: any(r.who == "india" and r.clients for r in server.presence()))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.on("websocket", lambda ws: requested.append(ws.url))
            # loopback only: anything else is refused (and recorded: the test fails on it), as offline
            page.route(
                "**/*",
                lambda route: route.continue_() if "://localhost:" in route.request.url else route.abort(),
            )
            page.goto(page_url)
            page.wait_for_selector("canvas", timeout=30_000)
            time.sleep(1.5)  # the join client starts in its own process
            page.mouse.click(640, 400)
            assert _wait(lambda: page.locator("canvas").count() > 0)
            page.keyboard.type(code, delay=30)
            page.keyboard.press("Enter")
            assert _wait(india_connected), "the server did not see India join"
            time.sleep(1.0)
            page.keyboard.press("Enter")  # briefing → the turn
            for _ in range(10):
                time.sleep(0.8)
                for _ in range(3):
                    page.keyboard.press("Escape")  # close any inject card
                    time.sleep(0.2)
                page.keyboard.press("s")
                time.sleep(0.5)
                page.keyboard.press("Enter")  # the review: Enter submits
                if _wait(lambda: thread.run(lambda: server.session.turns_played) >= 1, limit=2):
                    break
            assert thread.run(lambda: server.session.turns_played) == 1, "India's submission did not reach the server"
            assert any(t.version for t in server.timings)
            assert any(url.startswith(f"ws://localhost:{port}/ws") for url in requested), requested
            assert all(url.startswith(("http://localhost:", "ws://localhost:")) for url in requested), requested
            assert any("/static/fonts/RobotoMono" in url for url in requested), "the font came from this server"
        finally:
            browser.close()
