"""The pictures in a real browser: the matrix's lorlatinib × G1202R square leads to its claims,
and the forest plot shows PROFILE 1014's HR 0.45 (0.35–0.60) and leads to its claim.

Screenshots go to $ALKKG_SCREENSHOTS when set (to look at them), else to the test's tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_browser import browser  # noqa: F401  (the fixture: Chromium, as the other browser test)

pytestmark = pytest.mark.slow  # a real browser against a real server


def screenshot(page, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("ALKKG_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def test_matrix_square_links_to_its_claims(browser, endpoint: str, tmp_path: Path) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{endpoint}/views/activity-matrix")
    square = page.locator(
        "g[id^='cell-']", has=page.locator("title", has_text="lorlatinib × G1202R")
    )
    assert square.count() == 1
    square.scroll_into_view_if_needed()
    box = square.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 15  # a square one can see
    href = square.locator("a").first.get_attribute("xlink:href") or ""
    assert "agent=" in href and "alk-g1202r" in href
    linked = page.locator("svg a").evaluate_all(
        "(links, href) => links.filter(a => a.getAttribute('xlink:href') === href)"
        ".map(a => a.textContent.trim()).filter(t => t)",
        href,
    )
    assert "rev" in linked and "1 claim" in linked  # its level and count, linked alike
    fill = square.locator("path").first.get_attribute("style") or ""
    assert "#0072b2" in fill.lower()  # sensitive's blue
    screenshot(page, "activity-matrix", tmp_path)
    # click where a reader would: the middle of the square (its level's text, the same link)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/views/activity-matrix/claims?**")
    assert page.inner_text("h1") == "lorlatinib × G1202R"
    text = page.inner_text("main")
    assert "sensitive" in text and "Kazaz & Oztop 2017, UHOD review" in text
    screenshot(page, "activity-matrix-claims", tmp_path)
    page.click("a[href='/id/claim/000-activity-360bf3eb73']")
    page.wait_for_url(f"{endpoint}/id/claim/000-activity-360bf3eb73")
    assert "G1202R" in page.inner_text("main")
    page.close()


def test_forest_plot_shows_profile_1014_hr(browser, endpoint: str, tmp_path: Path) -> None:  # noqa: F811
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{endpoint}/views/hazard-ratios")
    estimates = page.locator("svg text", has_text="0.45 (0.35–0.60)")
    assert estimates.count() >= 2  # two reviews state it with its CI
    estimates.first.scroll_into_view_if_needed()
    assert estimates.first.is_visible()
    assert page.locator("svg text", has_text="PROFILE 1014").count() == 1
    assert (
        page.locator("svg text", has_text="correction: trial should be PROFILE 1007").count() == 2
    )
    screenshot(page, "hazard-ratios", tmp_path)
    page.select_option("select[name=trial]", label="PROFILE 1014")
    page.click("form button")
    page.wait_for_url("**/views/hazard-ratios?trial=**")
    assert page.locator("svg text", has_text="J-ALEX").count() == 0
    screenshot(page, "hazard-ratios-profile-1014", tmp_path)
    page.locator("svg a", has=page.locator("text", has_text="0.45 (0.35–0.60)")).first.click()
    page.wait_for_url(f"{endpoint}/id/claim/**")
    assert "PROFILE 1014" in page.inner_text("main")
    page.close()
