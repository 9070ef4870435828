"""The query page in a real browser: run the G1202R example, see lorlatinib, follow its link."""

from __future__ import annotations

import os
import shutil

import pytest

pytestmark = pytest.mark.slow  # a real browser against a real server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("CI must have Debian's chromium (.ci/run installs it)")
        pytest.skip("no chromium on this machine")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_g1202r_example_finds_lorlatinib_and_links_to_its_page(browser, endpoint: str) -> None:
    page = browser.new_page()
    page.goto(f"{endpoint}/")
    page.click("text=agents-active-against G1202R")
    page.wait_for_selector(".yasr td:has-text('lorlatinib')", timeout=20_000)
    table = page.inner_text(".yasr")
    assert "lorlatinib" in table
    assert not any(agent in table for agent in ("crizotinib", "ceritinib", "alectinib"))
    page.click(".yasr a:has-text('lorlatinib')")
    page.wait_for_url(f"{endpoint}/id/agent/lorlatinib")
    assert page.inner_text("h1") == "lorlatinib"
    claims = page.inner_text("main")
    assert "Claims about it" in claims and "Kazaz & Oztop 2017, UHOD review" in claims
    assert "G1202R" in claims
    page.close()
