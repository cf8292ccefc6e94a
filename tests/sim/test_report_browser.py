"""The simulation report (`simulate --report`) in a real Chromium (Debian's package, through
Playwright): every section is on the page, the fan chart is drawn, and the page asks the browser
for nothing (self-contained)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.sim.test_rows import wargame

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
if CHROMIUM is None:
    pytest.skip("Chromium is not installed (apt-get install chromium); CI installs it", allow_module_level=True)

SECTIONS = ("End kinds", "Peak rung", "Rung by turn", "Event rates", "Mediation by style", "Example games")


def test_the_simulation_report_opens_in_chromium_with_every_section(tmp_path: Path):
    from playwright.sync_api import sync_playwright

    report = tmp_path / "report.html"
    done = wargame("simulate", "balakot-2019", "-n", "300", "--report", str(report))
    assert done.returncode == 0, done.stderr
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(report.as_uri())
            for section in SECTIONS:
                assert page.get_by_role("heading", name=section).is_visible()
            chart = page.locator("svg polyline").first
            box = chart.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 10  # the fan chart's median line
            assert page.locator("code", has_text="wargame play").count() >= 1  # replay commands
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [report.as_uri()]  # nothing fetched but the page itself
    assert errors == []
    assert (tmp_path / "report.png").stat().st_size > 10_000
