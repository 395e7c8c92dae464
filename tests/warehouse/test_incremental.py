"""Incremental dbt builds (dbt_project/macros/article_increments.sql): after each kind of change a daily run
meets, the incremental models hold exactly what a full refresh of the same warehouse builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse import pipeline, shards
from newsfacts.warehouse.publishing import WarehousePaths

from tests.conftest import NEW_ARTICLE, SAMPLES

# Every table dbt builds incrementally, and the tables built from them (the events: from every mention).
BUILT_TABLES = ("intermediate.int_article_context", "intermediate.int_people_mentioned",
                "intermediate.int_meetings_extracted", "intermediate.int_agreements_extracted",
                "intermediate.int_measures_extracted", "marts.dim_articles", "marts.dim_people",
                "marts.dim_people_aliases", "marts.fct_people", "marts.fct_meetings",
                "marts.bridge_meeting_participants", "marts.fct_agreements", "marts.fct_targets", "marts.fct_figures",
                "marts.fct_events", "marts.bridge_event_mentions", "marts.bridge_event_participants",
                "marts.fct_person_titles")


def built(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(WarehousePaths(warehouse).working_db), read_only=True) as con:
        return {table: con.execute(f"select * from {table} order by all").fetchall() for table in BUILT_TABLES}


def dbt_flags(warehouse: Path) -> dict:
    """The arguments of the last dbt command run on the warehouse."""
    return json.loads((WarehousePaths(warehouse).dbt_target / "run_results.json").read_text())["args"]


def assert_same_as_full_refresh(warehouse: Path) -> dict[str, list[tuple]]:
    incremental = built(warehouse)
    assert dbt_flags(warehouse).get("full_refresh") is not True
    WarehousePaths(warehouse).dbt_built_from.unlink()  # what a change to the dbt project does
    pipeline.build_marts(warehouse)
    assert dbt_flags(warehouse)["full_refresh"] is True
    assert built(warehouse) == incremental
    return incremental


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(input folder, warehouse) with the samples landed and built once; each test adds a day to it, in order."""
    root = tmp_path_factory.mktemp("incremental")
    input_dir = root / "input"
    shutil.copytree(SAMPLES, input_dir)
    pipeline.land(input_dir, root / "warehouse", "day-1", workers=1)
    pipeline.build_marts(root / "warehouse")
    assert dbt_flags(root / "warehouse")["full_refresh"] is True  # the first build: nothing was built before
    assert not pipeline.dbt_full_refresh_needed(root / "warehouse")
    return input_dir, root / "warehouse"


def test_a_new_article_adds_its_rows_and_changes_nothing_else(warehouse: tuple[Path, Path]) -> None:
    input_dir, warehouse_dir = warehouse
    before = built(warehouse_dir)
    shutil.copy(NEW_ARTICLE, input_dir / NEW_ARTICLE.name)
    pipeline.land(input_dir, warehouse_dir, "day-2", workers=1)
    pipeline.build_marts(warehouse_dir)
    after = assert_same_as_full_refresh(warehouse_dir)
    assert len(after["marts.dim_articles"]) == len(before["marts.dim_articles"]) + 1
    for table in ("marts.fct_meetings", "marts.fct_people"):
        assert set(before[table]) < set(after[table])  # rows added, none changed


def test_a_new_version_of_an_article_replaces_the_old_ones_rows(warehouse: tuple[Path, Path]) -> None:
    input_dir, warehouse_dir = warehouse
    talks = input_dir / "vn-rok-fm-talks.txt"
    with duckdb.connect(str(WarehousePaths(warehouse_dir).working_db), read_only=True) as con:
        old_id = con.execute("select article_id from marts.dim_articles where external_id = 'vn-rok-fm-talks'"
                             ).fetchone()[0]
    talks.write_text(talks.read_text(encoding="utf-8") + "\nThe two ministers also visited Busan.\n",
                     encoding="utf-8")
    pipeline.land(input_dir, warehouse_dir, "day-3", workers=1)
    pipeline.build_marts(warehouse_dir)
    after = assert_same_as_full_refresh(warehouse_dir)
    assert ("vn-rok-fm-talks",) in {row[1:2] for row in after["marts.dim_articles"]}
    for table, rows in after.items():
        assert not any(old_id in row for row in rows), f"{table} still holds the replaced version's rows"


def test_the_same_article_under_a_name_sorting_first_is_shown_under_that_name(warehouse: tuple[Path, Path]) -> None:
    input_dir, warehouse_dir = warehouse
    shutil.copy(input_dir / "vn-rok-fm-interview.txt", input_dir / "aa-fm-interview-copy.txt")
    pipeline.land(input_dir, warehouse_dir, "day-4", workers=1)
    pipeline.build_marts(warehouse_dir)
    external_ids = {row[1] for row in assert_same_as_full_refresh(warehouse_dir)["marts.dim_articles"]}
    assert "aa-fm-interview-copy" in external_ids
    assert "vn-rok-fm-interview" not in external_ids


def test_a_new_extractor_version_rebuilds_every_article(warehouse: tuple[Path, Path],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    input_dir, warehouse_dir = warehouse
    monkeypatch.setattr(shards, "extractor_version", lambda seed_dir=None: "a-newer-extractor")
    pipeline.land(input_dir, warehouse_dir, "day-5", workers=1)
    pipeline.build_marts(warehouse_dir)
    after = assert_same_as_full_refresh(warehouse_dir)
    with duckdb.connect(str(WarehousePaths(warehouse_dir).working_db), read_only=True) as con:
        for table in BUILT_TABLES:
            if "extractor_version" in [c[0] for c in con.execute(f"describe {table}").fetchall()]:
                versions = con.execute(f"select distinct extractor_version from {table}").fetchall()
                assert versions == [("a-newer-extractor",)], table
    assert all(after[table] for table in BUILT_TABLES)


def test_a_change_to_the_dbt_project_makes_the_next_build_a_full_refresh(warehouse: tuple[Path, Path]) -> None:
    _, warehouse_dir = warehouse
    paths = WarehousePaths(warehouse_dir)
    assert not pipeline.dbt_full_refresh_needed(warehouse_dir)
    paths.dbt_built_from.write_text("a digest of another dbt project\n")
    assert pipeline.dbt_full_refresh_needed(warehouse_dir)
    pipeline.build_marts(warehouse_dir)
    assert dbt_flags(warehouse_dir)["full_refresh"] is True
    assert not pipeline.dbt_full_refresh_needed(warehouse_dir)
