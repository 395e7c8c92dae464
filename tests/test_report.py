"""The report: its data functions on a hand-built marts file, and the page rendered in headless Chromium.

The browser tests (headless Chromium, tests/browser.py): the page must load from its file with no console
error or exception, request nothing but that file, draw every plotly chart, and leave a screenshot in
tests/artifacts/ (gitignored) for a person to look at.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from newsfacts import report
from newsfacts.warehouse.publishing import WarehousePaths

from tests.browser import ARTIFACTS, browser_page

CHARTS = ("chart-meetings", "chart-who-met-whom", "chart-targets", "chart-agreements")
HOSTILE_TITLE = "Trade & ties <img src=x onerror=\"console.error('xss')\"><script>console.error('xss')</script>"

# A tiny published warehouse: contract columns only (no dim_articles.reference_year), hostile article text.
TINY_MARTS = """
create table dim_articles (article_id varchar, external_id varchar, source_uri varchar, title varchar,
                           published_date date, ingested_at timestamp, url varchar);
insert into dim_articles values
  ('a1', 'talks-2024', 'file:///in/talks-2024.txt', 'Ministers meet in Hanoi', '2024-03-04', now(),
   'javascript:alert(1)'),
  ('a2', 'call', 'file:///in/call.json', $$HOSTILE$$, null, now(), 'https://example.org/call');
create table dim_people (person_id varchar, full_name varchar, country_code varchar, latest_title varchar);
insert into dim_people values ('p1', 'Nguyen Van A', 'VNM', 'Minister'), ('p2', 'Kim Bo', 'KOR', 'Minister'),
  ('p3', 'Tanaka Chi', 'JPN', null);
create table fct_people (article_id varchar, person_id varchar, title varchar, country_code varchar,
                         mention_count integer);
insert into fct_people values ('a1', 'p1', 'Foreign Minister', 'VNM', 3), ('a1', 'p2', 'Minister', 'KOR', 2),
  ('a1', 'p3', null, 'JPN', 1), ('a2', 'p2', 'Minister', 'KOR', 1), ('a2', 'p3', 'Envoy', 'JPN', 1);
create table fct_meetings (meeting_id varchar, article_id varchar, meeting_type varchar, start_date date,
                           end_date date, location_city varchar, evidence varchar);
insert into fct_meetings values
  ('m1aaaaaaaa', 'a1', 'talks', '2024-02-28', null, 'Hanoi', 'A and B held <b>talks</b> in Hanoi.'),
  ('m2bbbbbbbb', 'a2', 'state_visit', '2024-03-01', '2024-03-03', null, 'A paid a state visit with C.'),
  ('m3cccccccc', 'a2', 'phone_call', null, null, null, 'B phoned C.'),
  ('m4dddddddd', 'a1', 'visit', '2024-03-01', null, null, 'A was on a visit with C.');
create table bridge_meeting_participants (meeting_id varchar, person_id varchar);
insert into bridge_meeting_participants values ('m1aaaaaaaa', 'p1'), ('m1aaaaaaaa', 'p2'), ('m2bbbbbbbb', 'p1'),
  ('m2bbbbbbbb', 'p3'), ('m3cccccccc', 'p2'), ('m3cccccccc', 'p3'), ('m4dddddddd', 'p1'), ('m4dddddddd', 'p3');
create table fct_events (event_id varchar, event_type varchar, start_date date, end_date date, location_city varchar,
                         mention_count integer, article_count integer, evidence varchar);
insert into fct_events values
  ('e1aaaaaaaa', 'talks', '2024-02-28', null, 'Hanoi', 1, 1, 'A and B held <b>talks</b> in Hanoi.'),
  ('e2bbbbbbbb', 'state_visit', '2024-03-01', '2024-03-03', null, 2, 2, 'A paid a state visit with C.'),
  ('e3cccccccc', 'phone_call', null, null, null, 1, 1, 'B phoned C.');
create table bridge_event_mentions (event_id varchar, meeting_id varchar, article_id varchar);
insert into bridge_event_mentions values ('e1aaaaaaaa', 'm1aaaaaaaa', 'a1'), ('e2bbbbbbbb', 'm2bbbbbbbb', 'a2'),
  ('e2bbbbbbbb', 'm4dddddddd', 'a1'), ('e3cccccccc', 'm3cccccccc', 'a2');
create table bridge_event_participants (event_id varchar, person_id varchar, country_code varchar);
insert into bridge_event_participants values ('e1aaaaaaaa', 'p1', 'VNM'), ('e1aaaaaaaa', 'p2', 'KOR'),
  ('e2bbbbbbbb', 'p1', 'VNM'), ('e2bbbbbbbb', 'p3', 'JPN'), ('e3cccccccc', 'p2', 'KOR'), ('e3cccccccc', 'p3', 'JPN');
create table fct_agreements (agreement_id varchar, article_id varchar, agreement_type varchar, name varchar,
                             document_count integer, is_signed_in_article boolean, evidence varchar);
insert into fct_agreements values
  ('g1', 'a1', 'memorandum_of_understanding', 'MoU on labour', null, true, 'They signed an MoU on labour.'),
  ('g2', 'a1', 'cooperation_documents', 'cooperation documents', 12, true, 'They signed 12 documents.'),
  ('g3', 'a2', 'treaty', 'UNCLOS', null, false, 'B cited UNCLOS.');
create table fct_targets (target_id varchar, article_id varchar, metric varchar, value double, unit varchar,
                          target_year integer, evidence varchar);
insert into fct_targets values
  ('t1', 'a1', 'bilateral_trade', 150e9, 'USD', 2030, 'Trade of 150 billion USD by 2030.'),
  ('t2', 'a2', 'bilateral_trade', 100e9, 'USD', 2025, 'Trade of 100 billion USD by 2025.');
create table fct_figures (figure_id varchar, article_id varchar, metric varchar, value double, unit varchar,
                          year integer, qualifier varchar, evidence varchar);
insert into fct_figures values
  ('f1', 'a1', 'bilateral_trade', 80e9, 'USD', 2022, null, 'Trade was 80 billion USD in 2022.'),
  ('f2', 'a1', 'bilateral_trade', 90e9, 'USD', 2023, 'about', 'Trade was about 90 billion USD in 2023.'),
  ('f3', 'a2', 'bilateral_trade', 70e9, 'USD', null, null, 'Trade is 70 billion USD.'),
  ('f4', 'a1', 'residents', 1000, 'people', 2023, 'over', 'Over 1,000 people live there.');
""".replace("HOSTILE", HOSTILE_TITLE)


def make_tiny_warehouse(root: Path) -> WarehousePaths:
    paths = WarehousePaths(root)
    root.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(paths.marts_db)) as con:
        con.execute(TINY_MARTS)
    entry = {"run_id": "manual__tiny", "published_at": "2026-01-02T03:04:05+00:00", "rows": {"fct_meetings": 3},
             "validation": "passed with 0 warnings"}
    paths.publish_log.write_text(json.dumps(entry) + "\n")
    return paths


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> WarehousePaths:
    return make_tiny_warehouse(tmp_path_factory.mktemp("tiny-warehouse"))


@pytest.fixture(scope="module")
def tiny_data(tiny: WarehousePaths) -> report.ReportData:
    return report.load_report_data(tiny)


# ---------------------------------------------------------------- data functions (no Airflow, no browser)

def test_queries_read_the_marts(tiny_data: report.ReportData) -> None:
    events = tiny_data.events.drop_duplicates("event_id").set_index("event_id")
    assert list(events.index) == ["e1aaaaaaaa", "e2bbbbbbbb", "e3cccccccc"]  # dated first, undated last
    assert events.loc["e1aaaaaaaa", "participants"] == "Kim Bo (KOR), Nguyen Van A (VNM)"
    assert events.loc["e1aaaaaaaa", "ref"] == "e1aaaaaa"
    # the state visit's two mentions, the dated article's first
    visit = tiny_data.events[tiny_data.events["event_id"] == "e2bbbbbbbb"]
    assert list(visit["mention_type"]) == ["visit", "state_visit"]
    rows = report.mentions_under_events(tiny_data.events)
    assert list(rows["event_type"]) == ["talks", "state_visit", "", "phone_call"]
    assert list(rows["evidence"])[2] == "A paid a state visit with C."
    titles = tiny_data.participants.set_index(["event_id", "person_id"])["title"]
    assert titles[("e1aaaaaaaa", "p1")] == "Foreign Minister"  # the title as stated in the reporting article
    # No reference_year column here: the article year is the publication year, else unknown.
    years = {r.ref: None if report.is_missing(r.year) else int(r.year) for r in tiny_data.agreements.itertuples()}
    assert years == {"g1": 2024, "g2": 2024, "g3": None}
    assert tiny_data.publishes[-1]["run_id"] == "manual__tiny"


def test_who_met_whom_counts_shared_meetings(tiny_data: report.ReportData) -> None:
    people = report.meeting_pairs(tiny_data.participants, "person_id").set_index(["a", "b"])["events"]
    assert people[("p1", "p2")] == people[("p2", "p1")] == 1
    assert people[("p1", "p1")] == 2  # the diagonal: every event p1 took part in (e2 once, for its two mentions)
    assert ("p1", "p1") in people.index and ("p2", "p3") in people.index
    countries = report.meeting_pairs(tiny_data.participants, "country_code").set_index(["a", "b"])["events"]
    assert countries[("KOR", "JPN")] == 1 and countries[("JPN", "JPN")] == 2


def test_each_target_gets_the_latest_dated_figure_of_its_metric(tiny_data: report.ReportData) -> None:
    beside = report.latest_figures(tiny_data.targets, tiny_data.figures).set_index("ref")
    assert beside.loc["t1", "figure_ref"] == "f2" and beside.loc["t1", "figure_year"] == 2023
    assert beside.loc["t1", "gap"] == pytest.approx(60e9)
    rows = report.target_table_frame(tiny_data.targets, tiny_data.figures)
    assert set(rows["ref"]) == {"t1", "t2", "f1", "f2", "f3"}  # residents has no target: not in this section
    assert rows.set_index("ref").loc["f2", "quantity"] == "about 90 billion USD"


def test_agreements_by_year_and_type(tiny_data: report.ReportData) -> None:
    counts = report.agreement_counts(tiny_data.agreements)
    table = {(r.year, r.agreement_type): (r.agreements, r.signed) for r in counts.itertuples()}
    assert table == {("2024", "cooperation_documents"): (1, 1), ("2024", "memorandum_of_understanding"): (1, 1),
                     (report.UNKNOWN_YEAR, "treaty"): (1, 0)}
    assert report.year_order(["year unknown", "2025", "2022"]) == ["2022", "2025", "year unknown"]


def test_quantities_read_as_people_write_them() -> None:
    assert report.format_quantity(150e9, "USD") == "150 billion USD"
    assert report.format_quantity(93.7e9, "USD") == "93.7 billion USD"
    assert report.format_quantity(350000, "people") == "350,000 people"
    assert report.axis_scale([80e9, 150e9]) == (1e9, "billion ")


def test_page_is_self_contained_and_escapes_article_text(tiny_data: report.ReportData) -> None:
    page = report.render_report(tiny_data, datetime(2026, 1, 2, tzinfo=UTC))
    assert "<img src=x" not in page and "<script>console.error" not in page
    assert "&lt;img src=x onerror=" in page  # shown as text in the evidence tables
    assert 'href="javascript:' not in page and 'href="https://example.org/call"' in page
    assert page.count("<script>/**\n* plotly.js") == 1  # plotly.js inlined exactly once
    assert "<script src" not in page and "<link" not in page  # nothing to fetch
    for chart in CHARTS:
        assert f'id="{chart}"' in page
    for evidence in ("Trade was about 90 billion USD in 2023.", "A and B held &lt;b&gt;talks&lt;/b&gt; in Hanoi."):
        assert evidence in page


def test_write_report_replaces_the_page_atomically(tmp_path: Path) -> None:
    paths = make_tiny_warehouse(tmp_path / "wh")
    written = report.write_report(paths)
    assert written == tmp_path / "wh" / "report" / "index.html"
    assert [p.name for p in written.parent.iterdir()] == ["index.html"]
    assert "manual__tiny" in written.read_text(encoding="utf-8")


# ---------------------------------------------------------------- the page in a real browser

@dataclass
class Rendered:
    charts: list[dict]
    errors: list[str]
    requests: list[str]
    text: str
    hover: str


def render_in_chromium(chromium: str, page_file: Path, screenshot: Path, profile: Path,
                       hover_over: str = "#chart-meetings .scatterlayer .points path") -> Rendered:
    """Open the page from its file, wait for the charts, take a full-page screenshot; report what happened.

    The mouse then rests on the first `hover_over` element: `hover` is the chart's tooltip text.
    """
    with browser_page(chromium, profile) as page:
        page.open(page_file)
        charts_js = ("[...document.querySelectorAll('.plotly-graph-div')].map(d => ({id: d.id, "
                     "drawn: !!d.querySelector('svg.main-svg'), traces: (d.data || []).length}))")
        deadline = time.monotonic() + 30
        while not (charts := page.evaluate(charts_js)) or not all(c["drawn"] for c in charts):
            if time.monotonic() > deadline:
                break
            time.sleep(0.2)
        text = str(page.evaluate("document.body.innerText"))
        hover = ""
        point = page.evaluate(f"(() => {{ const p = document.querySelector({json.dumps(hover_over)});"
                              "if (!p) return null; p.scrollIntoView({block: 'center'});"
                              "const r = p.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2];"
                              " })()")
        if point:
            page.call("Input.dispatchMouseEvent", type="mouseMoved", x=point[0], y=point[1])
            deadline = time.monotonic() + 10
            while not hover and time.monotonic() < deadline:
                time.sleep(0.1)
                hover = str(page.evaluate("[...document.querySelectorAll('.hoverlayer')]"
                                          ".map(h => h.textContent).join('')"))
        page.screenshot(screenshot)
        errors, requests = page.errors(), page.requests()
    return Rendered(charts=charts or [], errors=errors, requests=requests, text=text, hover=hover)


def assert_renders_cleanly(rendered: Rendered, page_file: Path) -> None:
    assert rendered.errors == [], "console errors or exceptions:\n" + "\n".join(rendered.errors)
    assert rendered.requests == [page_file.resolve().as_uri()], f"requests other than the page: {rendered.requests}"
    assert sorted(c["id"] for c in rendered.charts) == sorted(CHARTS)
    assert all(c["drawn"] and c["traces"] > 0 for c in rendered.charts), rendered.charts


def test_tiny_report_renders_in_chromium(chromium: str, tiny: WarehousePaths, tmp_path: Path) -> None:
    page_file = report.write_report(tiny)
    rendered = render_in_chromium(chromium, page_file, ARTIFACTS / "report-tiny.png", tmp_path / "profile")
    assert_renders_cleanly(rendered, page_file)  # the hostile title would have errored or fetched 'x'
    assert HOSTILE_TITLE.replace('"', "") in rendered.text.replace('"', "")  # shown as text, not run
    assert "[e2bbbbbb] state_visit 2024-03-01 to 2024-03-03" in rendered.hover
    assert "<script>console.error('xss')</script>" in rendered.hover  # the tooltip shows it as text too
    assert (ARTIFACTS / "report-tiny.png").stat().st_size > 10_000


@pytest.mark.e2e
def test_dag_writes_a_report_that_renders_in_chromium(chromium: str, sample_warehouse: Path, tmp_path: Path) -> None:
    """The shared real DAG run on the samples (tests/conftest.py) wrote the report after publishing."""
    warehouse = sample_warehouse
    page_file = warehouse / "report" / "index.html"
    assert page_file.is_file(), "the DAG's write_report task wrote no report"
    rendered = render_in_chromium(chromium, page_file, ARTIFACTS / "report-sample.png", tmp_path / "profile")
    assert_renders_cleanly(rendered, page_file)
    for text in ("150 billion USD by 2030", "Foreign ministers agree to develop Vietnam-RoK cooperation",
                 "passed with 0 warnings"):
        assert text in rendered.text


def test_marts_without_facts_still_make_a_page(tmp_path: Path) -> None:
    paths = make_tiny_warehouse(tmp_path / "wh")
    with duckdb.connect(str(paths.marts_db)) as con:
        for table in ("bridge_meeting_participants", "fct_meetings", "fct_events", "bridge_event_mentions",
                      "bridge_event_participants", "fct_agreements", "fct_targets", "fct_figures"):
            con.execute(f"delete from {table}")
    paths.publish_log.unlink()
    page = report.write_report(paths).read_text(encoding="utf-8")
    for message in ("no dated meetings", "no meeting participants", "no targets", "no agreements",
                    "No publish log found"):
        assert message in page


def test_the_page_stays_small_however_many_people_and_rows() -> None:
    people = 2 * report.MATRIX_LIMIT
    participants = pd.DataFrame({
        "event_id": [f"e{i // 2:04d}" for i in range(2 * people)], "ref": [f"e{i // 2:04d}" for i in range(2 * people)],
        "person_id": [f"p{i % people:03d}" for i in range(2 * people)],
        "full_name": [f"Person {i % people}" for i in range(2 * people)],
        "country_code": [f"C{i % 50:02d}" for i in range(2 * people)]})
    participants.loc[participants["person_id"] == "p000", "event_id"] = "e0000"  # p000 in one event only
    kept = report.most_present(participants, "person_id", report.MATRIX_LIMIT)
    assert kept["person_id"].nunique() == report.MATRIX_LIMIT
    assert "p001" in set(kept["person_id"]) and "p000" not in set(kept["person_id"])
    rows = pd.DataFrame({"name": [f"n{i}" for i in range(report.TABLE_ROWS + 7)], "evidence": "e",
                         "article_id": "a", "external_id": "x", "article_title": "t", "url": None})
    table = report.evidence_table(rows, [("name", "name")], "agreements")
    assert table.count("<tr>") == report.TABLE_ROWS + 1  # the heading's row and the first TABLE_ROWS
    assert f"the first {report.TABLE_ROWS} of {report.TABLE_ROWS + 7}" in table
