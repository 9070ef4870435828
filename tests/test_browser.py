"""The site in a real browser: the query page (its G1202R example and the named queries), an
agent's page (its activity, the folded classes, a claim behind a verdict) and a trial's page."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

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


def test_query_page_opens_on_the_g1202r_question_and_asks_it(browser, endpoint: str) -> None:
    page = browser.new_page()
    page.goto(f"{endpoint}/")
    page.wait_for_selector(".CodeMirror")
    editor = page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
    assert 'rdfs:label "ALK G1202R"' in editor and "?sub ?pred ?obj" not in editor
    page.click("#ask-example")
    page.wait_for_selector(".yasr td:has-text('lorlatinib')", timeout=20_000)
    assert "Kazaz & Oztop 2017, UHOD review" in page.inner_text(".yasr")
    page.close()


def test_an_agents_page_renders_its_activity_and_folds_the_inferred_classes(
    browser, endpoint: str, tmp_path
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{endpoint}/id/agent/lorlatinib")
    assert page.inner_text("h1") == "lorlatinib"
    assert page.inner_text("p.types") == "next-generation ALK inhibitor · ALK inhibitor"
    assert not page.is_visible("details.inferred a:has-text('substance')")  # folded away
    page.click("details.inferred summary")
    assert page.is_visible("details.inferred a:has-text('substance')")
    row = page.locator("table.activity tr", has_text="ALK G1202R")
    assert row.locator(".verdict").inner_text() == "sensitive"
    row.locator("summary").click()
    row.locator("a", has_text="lorlatinib / ALK G1202R").click()
    page.wait_for_url(f"{endpoint}/id/claim/000-activity-360bf3eb73")
    assert "high effectiveness on the G1202R mutation" in page.inner_text("blockquote.claim")
    page.goto(f"{endpoint}/id/trial/profile-1014")
    hr = page.locator("table.outcomes tr", has_text="0.35–0.60").first
    assert "0.45" in hr.inner_text() and "progression-free survival" in hr.inner_text()
    shot = Path(os.environ.get("ALKKG_SCREENSHOTS", tmp_path)) / "profile-1014.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    page.close()
