"""Real Great Expectations runs on a small candidate DuckDB: a clean build passes, each defect is named."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")

from newsfacts.warehouse.validation import (
    CROSS_TABLE_CHECKS,
    EXPECTATIONS_DIR,
    MART_KEYS,
    MART_TABLES,
    ValidationReport,
    build_data_docs,
    format_report,
    validate_marts,
)

SCHEMA = """
CREATE TABLE dim_articles(article_id VARCHAR, external_id VARCHAR, source_uri VARCHAR, title VARCHAR,
    published_date DATE, ingested_at TIMESTAMP, content_hash VARCHAR, reference_year INTEGER);
CREATE TABLE dim_people(person_id VARCHAR, full_name VARCHAR, native_name VARCHAR, country_code VARCHAR,
    latest_title VARCHAR, article_count INTEGER);
CREATE TABLE dim_people_aliases(person_id VARCHAR, alias VARCHAR);
CREATE TABLE fct_people(article_id VARCHAR, person_id VARCHAR, title VARCHAR, country_code VARCHAR,
    mention_count INTEGER);
CREATE TABLE fct_meetings(meeting_id VARCHAR, article_id VARCHAR, meeting_type VARCHAR, start_date DATE,
    end_date DATE, date_precision VARCHAR, location_city VARCHAR, evidence VARCHAR, confidence DOUBLE);
CREATE TABLE bridge_meeting_participants(meeting_id VARCHAR, person_id VARCHAR);
CREATE TABLE fct_agreements(agreement_id VARCHAR, article_id VARCHAR, agreement_type VARCHAR, name VARCHAR,
    document_count INTEGER, is_signed_in_article BOOLEAN, evidence VARCHAR, confidence DOUBLE);
CREATE TABLE fct_targets(target_id VARCHAR, article_id VARCHAR, metric VARCHAR, value DOUBLE, unit VARCHAR,
    target_year INTEGER, evidence VARCHAR, confidence DOUBLE);
CREATE TABLE fct_figures(figure_id VARCHAR, article_id VARCHAR, metric VARCHAR, value DOUBLE, unit VARCHAR,
    year INTEGER, qualifier VARCHAR, evidence VARCHAR, confidence DOUBLE);
CREATE TABLE fct_events(event_id VARCHAR, event_type VARCHAR, start_date DATE, end_date DATE,
    date_precision VARCHAR, location_city VARCHAR, mention_count INTEGER, article_count INTEGER,
    source_count INTEGER, first_reported_at DATE, last_reported_at DATE, evidence VARCHAR, confidence DOUBLE);
CREATE TABLE bridge_event_mentions(event_id VARCHAR, meeting_id VARCHAR, article_id VARCHAR, link_rule VARCHAR);
CREATE TABLE bridge_event_participants(event_id VARCHAR, person_id VARCHAR, country_code VARCHAR);
CREATE TABLE fct_person_titles(person_id VARCHAR, title VARCHAR, country_code VARCHAR, first_seen DATE,
    last_seen DATE, article_count INTEGER);
"""

CLEAN_ROWS = """
INSERT INTO dim_articles VALUES
    ('a1', 'ext-1', 'https://example.org/a1', 'FMs talk', '2024-06-10', '2024-06-11 08:00', 'h1', 2024),
    ('a2', 'ext-2', 'https://example.org/a2', 'Visit outcomes', '2024-07-02', '2024-07-02 09:00', 'h2', 2024);
INSERT INTO dim_people VALUES
    ('p1', 'Bui Thanh Son', NULL, 'VNM', 'Minister of Foreign Affairs', 2),
    ('p2', 'Cho Tae-yul', '조태열', 'KOR', 'Minister of Foreign Affairs', 1);
INSERT INTO dim_people_aliases VALUES ('p1', 'Son'), ('p2', 'Cho');
INSERT INTO fct_people VALUES ('a1', 'p1', 'Foreign Minister', 'VNM', 3), ('a1', 'p2', NULL, 'KOR', 2),
    ('a2', 'p1', NULL, NULL, 1);
INSERT INTO fct_meetings VALUES ('m1', 'a1', 'talks', '2024-06-10', '2024-06-10', 'day', 'Hanoi',
    'Minister Son held talks with Minister Cho', 0.9);
INSERT INTO bridge_meeting_participants VALUES ('m1', 'p1'), ('m1', 'p2');
INSERT INTO fct_agreements VALUES ('g1', 'a2', 'memorandum_of_understanding', 'MoU on critical minerals',
    1, true, 'The two sides signed an MoU on critical minerals', 0.8);
INSERT INTO fct_targets VALUES ('t1', 'a2', 'bilateral_trade', 150e9, 'USD', 2030,
    'aim to raise two-way trade to USD 150 billion by 2030', 0.85);
INSERT INTO fct_figures VALUES
    ('f1', 'a2', 'bilateral_trade', 86.4e9, 'USD', 2023, NULL, 'trade reached USD 86.4 billion in 2023', 0.9),
    ('f2', 'a1', 'korean_residents', 200000, 'people', NULL, 'about', 'about 200,000 Koreans live here', 0.7);
INSERT INTO fct_events VALUES ('e1', 'talks', '2024-06-10', '2024-06-10', 'day', 'Hanoi', 1, 1, 1, '2024-06-10',
    '2024-06-10', 'Minister Son held talks with Minister Cho', 0.9);
INSERT INTO bridge_event_mentions VALUES ('e1', 'm1', 'a1', 'unlinked');
INSERT INTO bridge_event_participants VALUES ('e1', 'p1', 'VNM'), ('e1', 'p2', 'KOR');
INSERT INTO fct_person_titles VALUES ('p1', 'Foreign Minister', 'VNM', '2024-06-10', '2024-06-10', 1);
"""

# (defect id, SQL applied to the clean build, table or rule, expectation type, columns it names)
# fmt: off
DEFECTS = [
    ("null_key", "INSERT INTO fct_figures SELECT NULL, * EXCLUDE (figure_id) FROM fct_figures LIMIT 1",
     "fct_figures", "expect_column_values_to_not_be_null", ("figure_id",)),
    ("duplicate_key", "INSERT INTO dim_people SELECT * FROM dim_people WHERE person_id = 'p1'",
     "dim_people", "expect_column_values_to_be_unique", ("person_id",)),
    ("duplicate_compound_key", "INSERT INTO fct_people SELECT * FROM fct_people LIMIT 1",
     "fct_people", "expect_compound_columns_to_be_unique", ("article_id", "person_id")),
    ("orphan_article_id", "UPDATE fct_agreements SET article_id = 'a404'",
     "check_orphan_article_ids", "expect_table_row_count_to_equal", ()),
    ("value_nan", "UPDATE fct_targets SET value = 'nan'::DOUBLE",
     "fct_targets", "expect_column_values_to_not_be_null", ("value",)),
    ("value_negative", "UPDATE fct_figures SET value = -1 WHERE figure_id = 'f1'",
     "fct_figures", "expect_column_values_to_be_between", ("value",)),
    ("value_infinite", "UPDATE fct_targets SET value = 'inf'::DOUBLE",
     "fct_targets", "expect_column_values_to_be_between", ("value",)),
    ("unknown_unit", "UPDATE fct_figures SET unit = 'XYZ' WHERE figure_id = 'f1'",
     "fct_figures", "expect_column_values_to_match_regex", ("unit",)),
    ("unknown_meeting_type", "UPDATE fct_meetings SET meeting_type = 'banquet'",
     "fct_meetings", "expect_column_values_to_be_in_set", ("meeting_type",)),
    ("unknown_agreement_type", "UPDATE fct_agreements SET agreement_type = 'contract'",
     "fct_agreements", "expect_column_values_to_be_in_set", ("agreement_type",)),
    ("end_before_start", "UPDATE fct_meetings SET end_date = DATE '2024-06-09'",
     "fct_meetings", "expect_column_pair_values_a_to_be_greater_than_b", ("end_date", "start_date")),
    ("meeting_after_publication", "UPDATE fct_meetings SET start_date = '2024-06-12', end_date = NULL",
     "check_meetings_after_publication", "expect_table_row_count_to_equal", ()),
    ("country_code_name", "UPDATE dim_people SET country_code = 'Korea' WHERE person_id = 'p2'",
     "dim_people", "expect_column_values_to_match_regex", ("country_code",)),
    ("country_code_lower", "UPDATE fct_people SET country_code = 'kor' WHERE person_id = 'p2'",
     "fct_people", "expect_column_values_to_match_regex", ("country_code",)),
    ("meeting_without_participants", "DELETE FROM bridge_meeting_participants",
     "check_meetings_without_participants", "expect_table_row_count_to_equal", ()),
    ("participant_not_in_people", "INSERT INTO bridge_meeting_participants VALUES ('m1', 'p404')",
     "check_orphan_person_ids", "expect_table_row_count_to_equal", ()),
    ("meeting_in_no_event", "DELETE FROM bridge_event_mentions",
     "check_meetings_in_one_event", "expect_table_row_count_to_equal", ()),
    ("meeting_in_two_events", "INSERT INTO bridge_event_mentions VALUES ('e2', 'm1', 'a1', 'unlinked')",
     "bridge_event_mentions", "expect_column_values_to_be_unique", ("meeting_id",)),
    ("event_miscounted", "UPDATE fct_events SET mention_count = 2",
     "check_event_counts", "expect_table_row_count_to_equal", ()),
    ("event_more_articles_than_mentions", "UPDATE fct_events SET article_count = 2",
     "fct_events", "expect_column_pair_values_a_to_be_greater_than_b", ("mention_count", "article_count")),
    ("event_ends_before_it_starts", "UPDATE fct_events SET end_date = DATE '2024-06-09'",
     "fct_events", "expect_column_pair_values_a_to_be_greater_than_b", ("end_date", "start_date")),
    ("event_participant_of_no_event", "INSERT INTO bridge_event_participants VALUES ('e404', 'p1', 'VNM')",
     "check_orphan_event_ids", "expect_table_row_count_to_equal", ()),
    ("title_seen_last_before_first", "UPDATE fct_person_titles SET first_seen = DATE '2024-07-01'",
     "fct_person_titles", "expect_column_pair_values_a_to_be_greater_than_b", ("last_seen", "first_seen")),
    ("date_out_of_range", "UPDATE dim_articles SET published_date = '1850-01-01' WHERE article_id = 'a2'",
     "dim_articles", "expect_column_values_to_be_between", ("published_date",)),
    # beyond what pandas' nanosecond timestamps hold: still checked (validation._vectorizable), not a crash
    ("date_beyond_nanoseconds", "UPDATE fct_meetings SET start_date = '9999-12-31'",
     "fct_meetings", "expect_column_values_to_be_between", ("start_date",)),
    ("year_out_of_range", "UPDATE fct_targets SET target_year = 2200",
     "fct_targets", "expect_column_values_to_be_between", ("target_year",)),
    ("blank_evidence", "UPDATE fct_agreements SET evidence = '  '",
     "fct_agreements", "expect_column_values_to_match_regex", ("evidence",)),
    ("confidence_above_one", "UPDATE fct_meetings SET confidence = 1.5",
     "fct_meetings", "expect_column_values_to_be_between", ("confidence",)),
    ("metric_not_snake_case", "UPDATE fct_figures SET metric = 'Bilateral Trade' WHERE figure_id = 'f1'",
     "fct_figures", "expect_column_values_to_match_regex", ("metric",)),
    ("missing_column", "ALTER TABLE fct_figures DROP COLUMN qualifier",
     "fct_figures", "expect_table_columns_to_match_set", ()),
]
# fmt: on


def build_candidate(path: Path, defect_sql: str | None = None) -> Path:
    """Write the small clean build to `path`, then apply the defect, if any."""
    with duckdb.connect(str(path)) as con:
        con.execute(SCHEMA)
        con.execute(CLEAN_ROWS)
        if defect_sql:
            con.execute(defect_sql)
    return path


def run(tmp_path: Path, defect_sql: str | None = None, *, against_published: bool = False) -> ValidationReport:
    """Validate the build with the defect; against_published: only what differs from the clean build published."""
    baseline = build_candidate(tmp_path / "published.duckdb") if against_published else None
    candidate = build_candidate(tmp_path / "candidate.duckdb", defect_sql)
    return validate_marts(candidate, tmp_path / "gx", baseline_db=baseline)


def repo_snapshot() -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in EXPECTATIONS_DIR.rglob("*") if p.is_file()}


def test_clean_build_passes_and_writes_only_under_runtime_dir(tmp_path: Path) -> None:
    before = repo_snapshot()
    report = run(tmp_path)
    duckdb.connect(str(tmp_path / "candidate.duckdb")).close()  # read-only connection was released

    assert report.success, format_report(report)
    assert report.failures == [] and report.warnings == []
    assert report.rows_per_table == dict(zip(MART_TABLES, (2, 2, 2, 3, 1, 2, 1, 1, 2, 1, 1, 2, 1), strict=True))
    assert report.data_docs_index == (tmp_path / "gx" / "data_docs" / "index.html").resolve()
    assert report.data_docs_index.is_file()
    assert any((tmp_path / "gx" / "validations").rglob("*.json"))
    assert repo_snapshot() == before
    assert "PASSED" in format_report(report)


def test_data_docs_can_be_written_after_the_verdict_from_the_stored_results(tmp_path: Path) -> None:
    """A daily run validates, publishes, then writes the Data Docs pages of that validation (and of no other)."""
    earlier = validate_marts(build_candidate(tmp_path / "marts-earlier.duckdb"), tmp_path / "gx")
    earlier_pages = set((tmp_path / "gx" / "data_docs").rglob("*.html"))
    candidate = build_candidate(tmp_path / "marts-today.duckdb")

    report = validate_marts(candidate, tmp_path / "gx", data_docs=False)
    assert report.success and report.data_docs_index is None
    assert set((tmp_path / "gx" / "data_docs").rglob("*.html")) == earlier_pages  # no page yet

    index = build_data_docs(candidate, tmp_path / "gx")
    assert index == earlier.data_docs_index
    pages = set((tmp_path / "gx" / "data_docs").rglob("*.html")) - earlier_pages
    assert {page.relative_to(index.parent).parts[2] for page in pages} == {"marts-today"}  # validations/<suite>/<run>
    assert len(pages) == len(MART_TABLES) + len(CROSS_TABLE_CHECKS)  # a page per validation definition
    assert "marts-today" in index.read_text()
    assert build_data_docs(tmp_path / "marts-never.duckdb", tmp_path / "gx") is None


@pytest.mark.parametrize("against_published", [False, True], ids=["whole_build", "changes_since_published"])
@pytest.mark.parametrize(
    ("defect_sql", "table", "expectation_type", "columns"),
    [pytest.param(*defect[1:], id=defect[0]) for defect in DEFECTS],
)
def test_defect_fails_naming_the_expectation(
    tmp_path: Path, defect_sql: str, table: str, expectation_type: str, columns: tuple[str, ...],
    against_published: bool,
) -> None:
    """Also when only the rows that differ from the published build are validated: a duplicate of a published
    row, a changed column set and cross-table rules are still seen."""
    report = run(tmp_path, defect_sql, against_published=against_published)

    assert not report.success
    named = [f for f in report.failures if (f.table, f.expectation_type) == (table, expectation_type)]
    assert named, format_report(report)
    failure = next(f for f in named if set(columns) <= set(f.columns))
    if expectation_type != "expect_table_columns_to_match_set":
        assert failure.samples, failure
        assert f"e.g. {failure.samples[0]}" in format_report(report)
    assert f"FAIL {table}: {expectation_type}" in format_report(report)


def test_against_published_only_changed_rows_are_validated(tmp_path: Path) -> None:
    (tmp_path / "whole").mkdir()
    unchanged = run(tmp_path / "whole")
    assert unchanged.rows_validated == unchanged.rows_per_table

    report = run(tmp_path, "UPDATE fct_figures SET value = 87e9 WHERE figure_id = 'f1'", against_published=True)

    assert report.success, format_report(report)
    assert report.rows_per_table == unchanged.rows_per_table
    assert report.rows_validated == {table: int(table == "fct_figures") for table in MART_TABLES}
    assert "fct_figures=2 (1 validated)" in format_report(report)


@pytest.mark.parametrize(("change_sql", "table", "samples"), [
    # a2 is gone from dim_articles: its published, unchanged facts in four marts are now orphans
    ("DELETE FROM dim_articles WHERE article_id = 'a2'", "check_orphan_article_ids",
     {"fct_people", "fct_agreements", "fct_targets", "fct_figures"}),
    # a1's publication date moves before its meeting: the meeting's row is unchanged, and now wrong
    ("UPDATE dim_articles SET published_date = '2024-06-01' WHERE article_id = 'a1'",
     "check_meetings_after_publication", {"m1"}),
], ids=["article_removed", "article_redated"])
def test_a_change_that_makes_unchanged_published_rows_invalid_fails(
    tmp_path: Path, change_sql: str, table: str, samples: set[str],
) -> None:
    """Against the published build, the marts' suites see only the changed dim_articles row, which is valid by
    itself; the whole-table rules still see the published rows it broke."""
    report = run(tmp_path, change_sql, against_published=True)

    assert not report.success
    assert all(count == 0 for name, count in report.rows_validated.items() if name != "dim_articles")
    [failure] = [f for f in report.failures if f.table == table]
    assert samples <= {str(value) for sample in failure.samples for value in sample.values()}, failure
    assert all(f.table.startswith("check_") for f in report.failures), format_report(report)


def test_target_before_article_year_only_warns(tmp_path: Path) -> None:
    report = run(tmp_path, "UPDATE fct_targets SET target_year = 2020")

    assert report.success, format_report(report)
    assert report.failures == []
    [warning] = report.warnings
    assert warning.table == "check_targets_before_article_year"
    assert warning.samples == (
        {"target_id": "t1", "article_id": "a2", "target_year": 2020, "article_year": 2024},
    )
    assert "WARN check_targets_before_article_year" in format_report(report)


def test_missing_context_is_an_error_not_a_fresh_scaffold(tmp_path: Path) -> None:
    candidate = build_candidate(tmp_path / "candidate.duckdb")
    with pytest.raises(FileNotFoundError, match="no Great Expectations context"):
        validate_marts(candidate, tmp_path / "gx", expectations_dir=tmp_path / "nowhere")
    assert not (tmp_path / "nowhere").exists()


def test_every_mart_suite_declares_its_key_not_null_and_unique() -> None:
    suites = EXPECTATIONS_DIR / "gx" / "expectations"
    for table in MART_TABLES:
        expectations = json.loads((suites / f"{table}.json").read_text())["expectations"]
        declared = {(e["type"], json.dumps(e["kwargs"], sort_keys=True)) for e in expectations}
        keys = MART_KEYS[table]
        for key in keys:
            assert ("expect_column_values_to_not_be_null", json.dumps({"column": key})) in declared, table
        unique = (
            ("expect_column_values_to_be_unique", json.dumps({"column": keys[0]}))
            if len(keys) == 1
            else ("expect_compound_columns_to_be_unique", json.dumps({"column_list": list(keys)}))
        )
        assert unique in declared, table


@pytest.mark.parametrize("suite", ["fct_figures", "fct_targets"])
def test_every_currency_of_the_seed_passes_the_unit_check(suite: str) -> None:
    """A currency the extractor reads (dbt_project/seeds/currencies.csv) must not make the gate refuse a build."""
    import csv
    import re

    root = Path(__file__).resolve().parents[2]
    expectations = json.loads((root / "expectations" / "gx" / "expectations" / f"{suite}.json").read_text())
    [unit_regex] = [e["kwargs"]["regex"] for e in expectations["expectations"]
                    if e["type"] == "expect_column_values_to_match_regex" and e["kwargs"]["column"] == "unit"]
    with (root / "dbt_project" / "seeds" / "currencies.csv").open(encoding="utf-8") as seed:
        codes = {row["currency_code"] for row in csv.DictReader(seed)}
    assert codes and [code for code in sorted(codes) if not re.fullmatch(unit_regex, code)] == []
    assert not re.fullmatch(unit_regex, "XYZ")  # a code no seed names is still refused
