"""End to end in a real browser: Debian's Chromium driven by Playwright against the service on loopback.

A new user's path: open the page, upload the example spreadsheet, read the verdicts, download the letter.
The result page's screenshot is kept in tests/artifacts/ (not committed).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.conftest import ROOT, running_service

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_service() as url:
        yield url


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is installed by scripts/setup.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
        yield context.new_page()
        browser.close()


def wait_until(page: Page, expression: str, tries: int = 100) -> None:
    """Poll a JavaScript expression from outside the page until it holds (evaluate is not under the page's CSP)."""
    for _ in range(tries):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never held: {expression}")


def read_then_check(page: Page) -> None:
    """The page's two steps: read (what was read is shown), then check it."""
    page.click("#check")
    page.wait_for_selector("#read:not([hidden])", timeout=60_000)
    page.click("#run-check")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)


def test_upload_spreadsheet_read_verdicts_download_letter(page: Page, base_url: str, tmp_path: Path) -> None:
    page.goto(base_url + "/")
    assert page.title().startswith("ncaudit")
    page.set_input_files("#file", str(ROOT / "examples" / "cb-report.xlsx"))
    read_then_check(page)
    review = page.frame_locator("#review")
    assert "NC-02" in review.locator("#finding-NC-02").inner_text()
    assert "withdraw" in review.locator("#finding-NC-02").inner_text()
    assert review.locator("mark", has_text="best practice").count() >= 1
    assert "column 'Auditor' is not used" in page.inner_text("#warnings")
    with page.expect_download() as dl:
        page.click("text=Letter for NC-02 (Markdown)")
    letter = tmp_path / "letter.md"
    dl.value.save_as(letter)
    text = letter.read_text()
    assert "### NC-02 (minor, 7.5.3): request for withdrawal" in text and "9.4.5.4" in text
    with page.expect_download() as dl:
        page.click("#plan-xlsx")
    plan = tmp_path / "plan.xlsx"
    dl.value.save_as(plan)
    from openpyxl import load_workbook

    sheet = load_workbook(plan)["Plan"]
    assert sheet.max_row == 1 + review.locator("[id^=finding-]").count()
    with page.expect_download() as dl:
        page.click("#worklist")
    worklist = tmp_path / "w.csv"
    dl.value.save_as(worklist)
    assert worklist.read_text(encoding="utf-8").startswith("\ufeffreport_id,finding_id")  # marked as UTF-8
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page.png"), full_page=True)
    page.locator("#review").scroll_into_view_if_needed()
    page.locator("#review").screenshot(path=str(ARTIFACTS / "review-page.png"))


def test_paste_rows_and_keyboard_only(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    rows = (
        "Ref\tGrade\tClause\tFinding\tEvidence\nA-1\tMinor\t7.1.6\tThere is no documented procedure for knowledge.\t"
        "Wiki and lessons-learned log LL-2026."
    )
    page.focus("#text")
    page.keyboard.insert_text(rows)
    page.select_option("#standard", "ISO 9001:2015")
    page.focus("#check")
    page.keyboard.press("Enter")
    page.wait_for_selector("#read:not([hidden])", timeout=60_000)
    page.focus("#run-check")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    assert "documented procedure not required" in page.frame_locator("#review").locator("#finding-A-1").inner_text()


def test_bad_file_names_the_missing_column(page: Page, base_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("NC No,Clause\n1,7.2\n")
    page.goto(base_url + "/")
    page.set_input_files("#file", str(bad))
    page.click("#check")
    page.wait_for_selector("#error:not([hidden])")
    message = page.inner_text("#error")
    assert "no column holds the findings" in message and "'NC No'" in message
    assert page.is_hidden("#busy") and page.is_enabled("#check")


def test_narrow_screen(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 380, "height": 800})
    page.goto(base_url + "/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.set_viewport_size({"width": 1100, "height": 900})


def test_the_review_flows_with_the_page(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 1100, "height": 700})
    page.goto(base_url + "/")
    page.set_input_files("#file", str(ROOT / "examples" / "cb-report.xlsx"))
    read_then_check(page)
    # never wait_for_function: it compiles its predicate inside the page, which the page's content security
    # policy (no 'unsafe-eval') refuses as soon as it has to poll; expect() and evaluate() are not under it
    expect(page.frame_locator("#review").locator("body > *").first).to_be_attached()
    wait_until(page, "document.getElementById('review').clientHeight > 400")
    sizes = page.evaluate(
        "() => { const f = document.getElementById('review'); const d = f.contentDocument.documentElement;"
        " return [d.scrollHeight, f.clientHeight, window.innerHeight]; }"
    )
    content, frame, window = sizes
    assert frame >= content > window  # taller than the window, and no scroll box of its own: the page scrolls
    page.set_viewport_size({"width": 1100, "height": 900})


def test_pasted_rows_need_a_standard(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    page.fill("#text", "Ref\tFinding\nA-1\tThere is no documented procedure for knowledge.")
    page.click("#check")
    page.wait_for_selector("#read:not([hidden])", timeout=60_000)
    page.click("#run-check")
    page.wait_for_selector("#error:not([hidden])")
    message = page.inner_text("#error")
    assert "Standard audited" in message and "pasted" not in message and "text:" not in message
    assert page.is_hidden("#results")
    page.select_option("#d-standard", "ISO 9001:2015")
    page.click("#run-check")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)


def test_read_a_pdf_correct_it_then_check(page: Page, base_url: str, tmp_path: Path) -> None:
    """Issue 26: what was read from a PDF is shown with its page and row, corrected, then checked."""
    from tests.document_fixtures import BASE, pdf_report

    report = tmp_path / "northgate-report.pdf"
    report.write_bytes(pdf_report("table_inline"))
    page.goto(base_url + "/")
    page.set_input_files("#file", str(report))
    page.click("#check")
    page.wait_for_selector("#read:not([hidden])", timeout=60_000)
    assert page.is_hidden("#results")
    rows = page.locator("#read-findings tbody tr")
    assert rows.count() == len(BASE["findings"])
    assert rows.nth(1).locator("td").last.inner_text() == "page 2, table 1, row 3"  # NC-2, split over two pages
    assert page.input_value("#d-client") == BASE["client"]
    assert page.inner_text("#from-client") == "read from page 1, table 1, row 2"
    assert page.input_value("#d-last") == BASE["audit"]["last_day"]
    # correct a detail, a grade and a statement, then check
    page.fill("#d-client", "Harbour Valve Works Limited")
    page.select_option("#read-findings tbody tr:nth-child(1) [data-field=grade]", "major")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "read-step.png"), full_page=True)
    page.click("#run-check")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    assert "Client: Harbour Valve Works Limited" in page.inner_text("#details")
    assert "Certification body: Northgate Certification Ltd" in page.inner_text("#details")
    review = page.frame_locator("#review")
    assert "major" in review.locator("#finding-NC-1").inner_text().lower()
    page.screenshot(path=str(ARTIFACTS / "read-then-checked.png"), full_page=True)


def test_favicon(page: Page, base_url: str) -> None:
    page.goto(base_url + "/")
    href = page.get_attribute("link[rel=icon]", "href")
    assert href and page.request.get(base_url + href).ok and page.request.get(base_url + "/favicon.ico").ok


def test_docs_render_without_internet(page: Page, base_url: str) -> None:
    blocked: list[str] = []

    def only_loopback(route: object) -> None:
        url = route.request.url  # type: ignore[attr-defined]
        if url.startswith(base_url):
            route.continue_()  # type: ignore[attr-defined]
        else:
            blocked.append(url)
            route.abort()  # type: ignore[attr-defined]

    page.route("**/*", only_loopback)
    try:
        page.goto(base_url + "/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
        assert "ncaudit" in page.inner_text(".swagger-ui .info .title")
        assert not blocked, blocked
    finally:
        page.unroute("**/*")


def test_the_page_and_the_docs_work_under_their_content_security_policy(page: Page, base_url: str) -> None:
    """Issue 29: the page (its review frame's inline style included) and Swagger UI run under the policy; the
    browser reports no refusal but ReDoc's logo from its CDN, which the policy keeps out on purpose."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + "/")
    assert "script-src 'self';" in _policy(page, base_url + "/")  # no inline script allowed on the page
    page.set_input_files("#file", str(ROOT / "examples" / "cb-report.xlsx"))
    page.click("#check")  # the page reads first (what was read is shown), then checks
    page.wait_for_selector("#read:not([hidden])", timeout=60_000)
    page.click("#run-check")
    page.wait_for_selector("#results:not([hidden])", timeout=60_000)
    review_body = page.frame_locator("#review").locator("body")
    assert "system-ui" in review_body.evaluate("e => getComputedStyle(e).fontFamily")  # its <style> applied
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock", timeout=30_000)  # the inline start-up script ran
    page.click("#operations-health-healthz_healthz_get, .opblock-summary-path:has-text('/healthz')")
    page.click("button.try-out__btn")
    page.click("button.execute")
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for(timeout=30_000)
    assert "200" in status.inner_text()  # the request went out from the page (connect-src 'self')
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "docs-under-csp.png"))
    page.goto(base_url + "/redoc")
    page.wait_for_selector("h1", timeout=30_000)
    assert page.locator("h1").first.inner_text().startswith("ncaudit")
    assert [r for r in refused if "cdn.redoc.ly" not in r] == []


def _policy(page: Page, url: str) -> str:
    response = page.request.get(url)
    return response.headers.get("content-security-policy", "")
