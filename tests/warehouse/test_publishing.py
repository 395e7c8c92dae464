"""Publishing: the Parquet copies follow the published marts, rewritten only for the marts that changed."""

from __future__ import annotations

from pathlib import Path

import duckdb
from newsfacts.warehouse.pipeline import changed_marts
from newsfacts.warehouse.publishing import WarehousePaths, publish_candidate
from newsfacts.warehouse.validation import MART_TABLES

from tests.warehouse.test_validation import build_candidate


def test_changed_marts_are_those_with_new_rows_or_another_count() -> None:
    rows = {"dim_articles": 3, "fct_figures": 5, "fct_targets": 2, "fct_events": 1}
    validated = {"dim_articles": 1, "fct_figures": 0, "fct_targets": 0, "fct_events": 0}  # rows unlike published
    published = {"dim_articles": 2, "fct_figures": 6, "fct_targets": 2}  # fct_events: a mart new since then
    assert changed_marts(rows, validated, published) == ["dim_articles", "fct_figures", "fct_events"]
    assert changed_marts(rows, validated, None) == list(rows)  # no baseline: every mart


def _publish(paths: WarehousePaths, candidate: Path, changed: tuple[str, ...] | None) -> None:
    publish_candidate(paths, candidate, MART_TABLES, candidate.stem, {}, "passed", None, changed)


def _parquet_rows(paths: WarehousePaths, table: str) -> int:
    with duckdb.connect() as con:
        return con.execute("select count(*) from read_parquet(?)", [str(paths.parquet / f"{table}.parquet")]
                           ).fetchone()[0]


def test_only_changed_marts_get_new_parquet_copies_and_an_interrupted_publish_rewrites_them_all(
    tmp_path: Path,
) -> None:
    paths = WarehousePaths(tmp_path / "warehouse")
    paths.candidates.mkdir(parents=True)
    _publish(paths, build_candidate(paths.candidates / "marts-first.duckdb"), None)
    written = {table: (paths.parquet / f"{table}.parquet").stat().st_mtime_ns for table in MART_TABLES}
    (paths.parquet / "fct_targets.parquet").unlink()  # a copy gone missing is written again

    _publish(paths, build_candidate(paths.candidates / "marts-second.duckdb",
                                    "DELETE FROM fct_figures WHERE figure_id = 'f2'"), ("fct_figures",))

    rewritten = {table for table in MART_TABLES
                 if (paths.parquet / f"{table}.parquet").stat().st_mtime_ns != written.get(table)}
    assert rewritten == {"fct_figures", "fct_targets"}
    assert _parquet_rows(paths, "fct_figures") == 1
    assert not (paths.parquet / ".incomplete").exists()

    (paths.parquet / ".incomplete").touch()  # what a publish stopped before its last copy leaves
    before = {table: (paths.parquet / f"{table}.parquet").stat().st_mtime_ns for table in MART_TABLES}
    _publish(paths, build_candidate(paths.candidates / "marts-third.duckdb"), ())
    assert all((paths.parquet / f"{t}.parquet").stat().st_mtime_ns != before[t] for t in MART_TABLES)
    assert _parquet_rows(paths, "fct_figures") == 2
    assert not (paths.parquet / ".incomplete").exists()
