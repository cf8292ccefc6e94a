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
    yield thread, f"http://127.0.0.1:{port}/"
    web.terminate()
    web.wait(10)
    thread.stop()


def test_a_student_joins_from_a_browser_and_submits(served_with_web):
    from playwright.sync_api import sync_playwright

    thread, page_url = served_with_web
    server = thread.server
    code = server.codes.teams["india"]

    def india_connected() -> bool:
        return thread.run(lambda: any(r.who == "india" and r.clients for r in server.presence()))

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
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
                if _wait(lambda: thread.run(lambda: server.session.turns_played) >= 1, limit=2):
                    break
            assert thread.run(lambda: server.session.turns_played) == 1, "India's submission did not reach the server"
            assert any(t.version for t in server.timings)
        finally:
            browser.close()
