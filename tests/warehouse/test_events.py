"""Events (dbt_project/models/marts/fct_events.sql): the mentions of one meeting in many articles are one event,
and its id survives new articles, including one that joins two events into one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from newsfacts.evaluation import evaluate, format_evaluation
from newsfacts.warehouse import pipeline
from newsfacts.warehouse.publishing import WarehousePaths
from newsfacts.warehouse.validation import MART_TABLES

from tests.conftest import REPO, SAMPLES
from tests.warehouse.test_incremental import assert_same_as_full_refresh

EVENTS_SET = REPO / "tests" / "extraction" / "events"

# One trip told three times: its first leg, its second leg, then the whole trip, which spans both legs.
TRIP_ARTICLES = {
    "a-visit-first-leg": ("2024-03-05", "Canberra (VNA) – Prime Minister Pham Minh Chinh is paying an official visit "
                          "to Australia from March 4-5, at the invitation of Australian Prime Minister Anthony "
                          "Albanese."),
    "b-visit-second-leg": ("2024-03-09", "Melbourne (VNA) – Prime Minister Pham Minh Chinh was on an official visit "
                           "to Australia from March 7-8, meeting business leaders in Melbourne."),
    "c-visit-whole-trip": ("2024-03-12", "Hanoi (VNA) – Prime Minister Pham Minh Chinh paid an official visit to "
                           "Australia from March 4-8, his second trip to the country in a year."),
}


def write_article(folder: Path, external_id: str) -> None:
    published, text = TRIP_ARTICLES[external_id]
    record = {"id": external_id, "title": "PM Chinh in Australia", "published_at": published, "text": text,
              "url": f"https://news.example.org/{external_id}"}
    (folder / f"{external_id}.json").write_text(json.dumps(record), encoding="utf-8")


def events_by_article(warehouse: Path) -> dict[str, set[str]]:
    """The events each article reports, by external id."""
    with duckdb.connect(str(WarehousePaths(warehouse).working_db), read_only=True) as con:
        rows = con.execute("select a.external_id, b.event_id from marts.bridge_event_mentions b "
                           "join marts.dim_articles a using (article_id)").fetchall()
    events: dict[str, set[str]] = {}
    for external_id, event_id in rows:
        events.setdefault(external_id, set()).add(event_id)
    return events


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("events")
    shutil.copytree(SAMPLES, root / "input")
    pipeline.land(root / "input", root / "warehouse", "day-1", workers=1)
    pipeline.build_marts(root / "warehouse")
    return root / "input", root / "warehouse"


def test_the_two_mentions_of_the_state_visit_are_one_event(warehouse: tuple[Path, Path]) -> None:
    _, warehouse_dir = warehouse
    with duckdb.connect(str(WarehousePaths(warehouse_dir).working_db), read_only=True) as con:
        [visit] = con.execute("select event_type, start_date::varchar, end_date::varchar, location_city, "
                              "mention_count, article_count from marts.fct_events "
                              "where event_type = 'state_visit'").fetchall()
        meetings = con.execute("select count(*) from marts.fct_meetings").fetchone()[0]
        events = con.execute("select count(*) from marts.fct_events").fetchone()[0]
    # the dated mention gives the dates, the undated one the city
    assert visit == ("state_visit", "2025-08-10", "2025-08-13", "Seoul", 2, 2)
    assert events == meetings - 1


def test_an_article_joining_two_events_keeps_the_id_of_the_first_reported(warehouse: tuple[Path, Path]) -> None:
    input_dir, warehouse_dir = warehouse
    for leg in ("a-visit-first-leg", "b-visit-second-leg"):
        write_article(input_dir, leg)
    pipeline.land(input_dir, warehouse_dir, "day-2", workers=1)
    pipeline.build_marts(warehouse_dir)
    before = events_by_article(warehouse_dir)
    assert before["a-visit-first-leg"] != before["b-visit-second-leg"]  # March 4-5 and March 7-8: two events

    write_article(input_dir, "c-visit-whole-trip")
    pipeline.land(input_dir, warehouse_dir, "day-3", workers=1)
    pipeline.build_marts(warehouse_dir)
    assert_same_as_full_refresh(warehouse_dir)
    after = events_by_article(warehouse_dir)
    assert after["a-visit-first-leg"] == after["b-visit-second-leg"] == after["c-visit-whole-trip"] \
        == before["a-visit-first-leg"]
    samples = {external_id: events for external_id, events in before.items() if external_id not in TRIP_ARTICLES}
    assert {external_id: after[external_id] for external_id in samples} == samples


def test_the_team_written_set_clusters_as_its_gold(tmp_path: Path) -> None:
    """tests/extraction/events: visits apart from their talks, two calls of the same ministers apart, reports
    of one event in other words, name orders and without a date together (make eval prints the same score)."""
    pipeline.land(EVENTS_SET / "articles", tmp_path / "warehouse", "day-1", workers=1)
    pipeline.build_marts(tmp_path / "warehouse")
    marts = tmp_path / "marts.duckdb"
    with duckdb.connect(str(marts)) as con:
        con.execute(f"attach '{WarehousePaths(tmp_path / 'warehouse').working_db}' as working (read_only)")
        for table in MART_TABLES:
            con.execute(f"create table {table} as select * from working.marts.{table}")
    evaluation = evaluate(marts, [EVENTS_SET / "gold"])
    assert evaluation.clustering.mentions == 16
    assert evaluation.clustering.precision == 1.0, format_evaluation(evaluation)
    assert evaluation.clustering.f1 >= 0.90, format_evaluation(evaluation)
