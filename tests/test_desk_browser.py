"""The review desk's page in a real browser (Debian's Chromium, as tests/test_browser.py drives it): upload a
report, dismiss one flag with a reason, accept another, mark the report issued, see the trend; a second report
of the same client finds the repeat. The screenshot is kept in tests/artifacts/desk.png (not committed)."""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import running_service
from tests.test_browser import ARTIFACTS
from tests.test_browser import page as page  # noqa: F401 - the browser fixture, shared
from tests.test_store import REPORT


@pytest.fixture(scope="module")
def desk_url() -> Iterator[str]:
    """The service with a store of its own (no API key: the local single user)."""
    before = os.environ.get("NCAUDIT_DATA_DIR")
    os.environ["NCAUDIT_DATA_DIR"] = tempfile.mkdtemp(prefix="ncaudit-desk-browser-")
    try:
        with running_service() as url:
            yield url
    finally:
        if before is None:
            os.environ.pop("NCAUDIT_DATA_DIR", None)
        else:
            os.environ["NCAUDIT_DATA_DIR"] = before


def upload(page: Page, path: Path) -> None:
    page.set_input_files("#file", str(path))
    page.click("#keep")
    page.wait_for_selector("#report:not([hidden])", timeout=60_000)


def test_review_a_report_issue_it_see_the_trend_and_find_the_repeat(
    page: Page,  # noqa: F811
    desk_url: str,
    tmp_path: Path,
) -> None:
    page.goto(desk_url + "/")
    page.click("text=Review desk")
    page.wait_for_url("**/static/desk.html")
    assert "not judgments of a person" in page.inner_text("#trend-note")
    first = tmp_path / "first.json"
    first.write_text(json.dumps(REPORT))
    upload(page, first)
    page.wait_for_selector("#report-title:has-text('R-1')")
    issues = page.locator("#finding-NC-2 .issue")
    assert issues.count() >= 2
    dismissed, accepted = issues.nth(0), issues.nth(1)
    dismissed_rule, accepted_rule = dismissed.get_attribute("data-rule"), accepted.get_attribute("data-rule")
    dismissed.locator("input.reason").fill("the client's plan asks for laminated instructions")
    dismissed.locator("button.dismiss").click()
    page.wait_for_selector("#finding-NC-2 .issue >> nth=0 >> .decided:not([hidden])")
    page.locator("#finding-NC-2 .issue").nth(1).locator("button.accept").click()
    page.wait_for_selector("#finding-NC-2 .issue >> nth=1 >> .decided:not([hidden])")
    decided = page.locator("#finding-NC-2 .issue .decided")
    assert "dismissed: the client's plan asks for laminated instructions" in decided.nth(0).inner_text()
    assert "accepted" in decided.nth(1).inner_text()
    page.click("#to-reviewed")
    page.wait_for_selector("#state[data-state=reviewed]")
    page.click("#to-issued")
    page.wait_for_selector("#state[data-state=issued]")
    assert page.locator("#findings button").count() == 0  # an issued report's decisions are final
    # the trend: by auditor, then by rule with the accepted flag
    page.wait_for_selector("#chart svg rect")
    assert "Dana Auditor" in page.inner_text("#trend-table")
    page.select_option("#trend-by", "rule")
    page.wait_for_selector("#trend-table th:has-text('accepted')")
    header = page.locator("#trend-table th").all_inner_texts()
    table = {
        cells[0]: dict(zip(header, cells, strict=True))
        for row in page.locator("#trend-table tbody tr").all()
        for cells in [row.locator("td").all_inner_texts()]
    }
    assert table[accepted_rule]["accepted"] == "1" and table[dismissed_rule]["dismissed"] == "1"
    with page.expect_download() as dl:
        page.click("#trend-csv")
    saved = tmp_path / "trend.csv"
    dl.value.save_as(saved)
    assert saved.read_text().startswith("group,issues")
    # a second report of the same client, a year later: the repeat is found from the first one
    later = copy.deepcopy(REPORT)
    later["id"] = "R-2"
    later["audit"]["date"] = "2027-03-12"
    later["findings"] = [
        {
            "id": "NC-7",
            "grade": "minor",
            "clause": "7.1.5.2",
            "statement": "Measuring equipment was again not verified at the intervals the plan sets.",
            "evidence": "Gauge G-14 label due 2027-01-01; no verification record after 2026-01-01.",
        }
    ]
    second = tmp_path / "second.json"
    second.write_text(json.dumps(later))
    upload(page, second)
    page.wait_for_selector("#report-title:has-text('R-2')")
    assert page.locator("#finding-NC-7 .issue[data-category=repeat]").count() == 1
    expect(page.locator("#reports li")).to_have_count(2)  # the list follows
    page.select_option("#trend-by", "client")
    page.wait_for_selector("#trend-table td:has-text('Valve Works Ltd')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk.png"), full_page=True)
