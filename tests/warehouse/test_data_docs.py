"""GX Data Docs offline: a passing and a failing validation's pages in headless Chromium, no network.

Real checkpoint runs (newsfacts.warehouse.validation.validate_marts) on the small candidate of tests/warehouse/test_validation.py,
one clean and one with defects, write one Data Docs site. Each page must load from its file with no console
error, request only files of the site, take its layout from our stylesheet (GX's would come from CDNs), and
the failing page must name the failed expectation beside the offending rows' keys. Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from newsfacts.warehouse.data_docs import offline_source
from newsfacts.warehouse.validation import CROSS_TABLE_CHECKS, MART_TABLES, format_report, validate_marts

from tests.browser import ARTIFACTS, DevTools, browser_page
from tests.warehouse.test_validation import build_candidate

# Two defects in fct_meetings: an unknown meeting type and an end before the start.
DEFECTS = "UPDATE fct_meetings SET meeting_type = 'banquet', end_date = DATE '2024-06-09'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Data Docs folder after a passing run and then a failing run of the checkpoint."""
    root = tmp_path_factory.mktemp("data_docs")
    passed = validate_marts(build_candidate(root / "clean.duckdb"), root / "gx")
    assert passed.success, format_report(passed)
    failed = validate_marts(build_candidate(root / "defects.duckdb", DEFECTS), root / "gx")
    assert not failed.success
    assert failed.data_docs_index is not None
    return failed.data_docs_index.parent


def validation_page(site: Path, suite: str, run_name: str) -> Path:
    [page] = (site / "validations" / suite / run_name).glob("*/*.html")
    return page


def assert_offline(page: DevTools, site: Path) -> None:
    """No console error, and every request a file of the site that exists (no CDN, nothing missing)."""
    assert page.errors() == [], "console errors or exceptions:\n" + "\n".join(page.errors())
    for url in page.requests():
        assert url.startswith(site.as_uri() + "/"), f"request outside the Data Docs site: {url}"
        assert Path(re.sub(r"^file://|[?#].*$", "", url)).is_file(), f"request for a missing file: {url}"


def styled(page: DevTools) -> dict:
    """Computed styles that only our stylesheet (data_docs_custom_styles.css) gives GX's Bootstrap markup."""
    return page.evaluate("""(() => {
        const style = (selector) => (element => element && getComputedStyle(element))(document.querySelector(selector));
        return {row: style('.row').display, navbar: style('.navbar').display,
                card: style('.card') && style('.card').borderTopStyle,
                logo: document.querySelector('.navbar-brand img').naturalWidth};
    })()""")


def test_templates_lose_their_cdn_tags_and_jquery() -> None:
    source = ('<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/b.css"/>\n'
              '<script src="https://code.jquery.com/jquery.js"></script>\n'
              "<script>$('.x').fadeIn();</script>\n<script>keep();</script>\n"
              '{% set static_images_dir = "https://great-expectations-web-assets.s3.amazonaws.com/" -%}')
    rewritten = offline_source("page.j2", source)
    assert "https://" not in rewritten and "$(" not in rewritten
    assert "<script>keep();</script>" in rewritten
    assert "./static/images/" in rewritten
    assert "data_docs_offline.js" in offline_source("js_script_imports.j2", "")


def test_written_pages_reference_nothing_remote(site: Path) -> None:
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30  # index, 15 suites, 2 x 15 validation results
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"""<(?:script|link|img)\b[^>]*(?:src|href)=["']https?:""", html), page
        assert "$(" not in html and "bootstrapTable" not in html, page


def test_index_lists_both_runs(chromium: str, site: Path, tmp_path: Path) -> None:
    with browser_page(chromium, tmp_path / "profile") as page:
        page.open(site / "index.html")
        look = styled(page)
        rows = page.evaluate("[...document.querySelectorAll('#Validation-Results tbody tr')]"
                             ".map(r => [r.querySelector('i').className, r.dataset.href])")
        page.screenshot(ARTIFACTS / "data-docs-index.png")
        assert_offline(page, site)
    assert look["row"] == look["navbar"] == "flex" and look["logo"] > 100, look  # the logo is GX's local copy
    failed = [href for icon, href in rows if "fa-times" in icon]
    assert len(rows) == 2 * (len(MART_TABLES) + len(CROSS_TABLE_CHECKS)) and len(failed) == 1, rows  # two runs
    assert failed[0].startswith("validations/fct_meetings/defects/")


def test_failing_page_names_the_expectation_and_the_rows(chromium: str, site: Path, tmp_path: Path) -> None:
    page_file = validation_page(site, "fct_meetings", "defects")
    with browser_page(chromium, tmp_path / "profile") as page:
        page.open(page_file)
        look = styled(page)
        failed_rows_js = ("[...document.querySelectorAll('tr')].filter(r => r.querySelector(':scope > td .fa-times'))"
                          ".filter(r => r.offsetParent !== null).map(r => r.innerText)")
        failed = page.evaluate(failed_rows_js)
        icon = page.evaluate("getComputedStyle(document.querySelector('.fa-times'), '::before').content")
        page.screenshot(ARTIFACTS / "data-docs-failed-validation.png")
        passed_shown = page.evaluate("document.querySelectorAll('td .fa-check-circle').length")
        page.evaluate("hideSucceededValidations()")  # the page's "Failed Only" button
        passed_after = page.evaluate("[...document.querySelectorAll('td .fa-check-circle')]"
                                     ".filter(i => i.offsetParent !== null).length")
        still_failed = page.evaluate(failed_rows_js)
        assert_offline(page, site)
    assert look["row"] == look["navbar"] == "flex" and look["card"] == "solid" and look["logo"] > 100, look
    assert icon == '"✖"'  # Font Awesome's icon, drawn by our stylesheet
    assert len(failed) == 2, failed
    in_set = next(text for text in failed if "values must belong to this set" in text)
    assert "banquet" in in_set and "meeting_id" in in_set and "m1" in in_set  # the value and its row's key
    pair = next(text for text in failed if "end_date" in text)
    assert "2024-06-09" in pair and "m1" in pair
    assert passed_shown > 10 and passed_after == 0 and still_failed == failed


def test_passing_page_shows_every_expectation_met(chromium: str, site: Path, tmp_path: Path) -> None:
    with browser_page(chromium, tmp_path / "profile") as page:
        page.open(validation_page(site, "fct_meetings", "clean"))
        look = styled(page)
        icons = page.evaluate("[...document.querySelectorAll('td i.fas')].map(i => i.className)")
        text = str(page.evaluate("document.body.innerText"))
        page.evaluate("document.querySelector('[data-toggle=collapse]').click()")  # "Show more info..."
        info_shown = page.evaluate("getComputedStyle(document.querySelector('.collapse')).display")
        page.screenshot(ARTIFACTS / "data-docs-passed-validation.png")
        assert_offline(page, site)
    assert look["card"] == "solid", look
    assert icons and all("fa-check-circle" in icon for icon in icons)
    assert "Succeeded" in text or "Status: Succeeded" in text or "Success" in text
    assert info_shown != "none"
