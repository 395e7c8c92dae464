"""Readers of marts.duckdb during publishes, and two DAG runs started at once on one warehouse."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse import pipeline
from newsfacts.warehouse.publishing import WarehousePaths
from newsfacts.warehouse.validation import MART_TABLES, format_report, validate_marts

from tests.conftest import copy_warehouse
from tests.robustness import marts_reader
from tests.robustness.dag_runs import file_id, kill_group, lock_holders, raw_article_count, start_dag, write_locked

pytestmark = pytest.mark.e2e
PUBLISHES = 50


def _group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None


def _rows(marts: Path) -> dict[str, int]:
    with duckdb.connect(str(marts), read_only=True) as con:
        return {table: con.execute(f"select count(*) from {table}").fetchone()[0] for table in MART_TABLES}


def _smaller_build(marts: Path, target: Path, gx_runtime: Path) -> Path:
    """The published build without one article and its facts, validated by the real checkpoint."""
    shutil.copy(marts, target)
    with duckdb.connect(str(target)) as con:
        [article] = con.execute("select min(article_id) from dim_articles").fetchone()
        con.execute("delete from bridge_meeting_participants where meeting_id in "
                    "(select meeting_id from fct_meetings where article_id = ?)", [article])
        for table in ("fct_people", "fct_meetings", "fct_agreements", "fct_targets", "fct_figures", "dim_articles",
                      "bridge_event_mentions"):
            con.execute(f"delete from {table} where article_id = ?", [article])
        for table in ("bridge_event_participants", "fct_events"):  # events it alone reported (here: all of its)
            con.execute(f"delete from {table} where event_id not in (select event_id from bridge_event_mentions)")
    report = validate_marts(target, gx_runtime)
    assert report.success, format_report(report)
    return target


def test_readers_see_only_complete_builds_during_50_publishes(sample_warehouse: Path, tmp_path: Path) -> None:
    paths = WarehousePaths(copy_warehouse(sample_warehouse, tmp_path / "warehouse"))
    builds = [tmp_path / "full.duckdb", _smaller_build(paths.marts_db, tmp_path / "smaller.duckdb", tmp_path / "gx")]
    shutil.copy(paths.marts_db, builds[0])
    fingerprints = [marts_reader.marts_fingerprint(build) for build in builds]
    assert fingerprints[0] != fingerprints[1]
    log_before = len(paths.publish_log.read_text().splitlines())

    with (marts_reader.reading(paths.marts_db, tmp_path / "reopening.json") as reopened,
          marts_reader.reading(paths.marts_db, tmp_path / "holding.json", hold=True) as held):
        for n in range(PUBLISHES):
            build = builds[(n + 1) % 2]
            run_id = f"concurrent_publish_{n}"
            candidate = paths.candidate_db(run_id)
            candidate.parent.mkdir(exist_ok=True)
            shutil.copy(build, candidate)
            pipeline.publish(paths.root, run_id, {"candidate": str(candidate), "rows": _rows(build), "warnings": 0})

    print(f"\n{PUBLISHES} publishes: the reopening reader read {reopened['reads']} times, "
          f"the holding reader {held['reads']} times, errors {reopened['error_count'] + held['error_count']}")
    assert reopened["error_count"] == 0 and held["error_count"] == 0, reopened["errors"] + held["errors"]
    assert set(reopened["seen"]) == set(fingerprints)  # both builds, and nothing in between
    assert set(held["seen"]) == {fingerprints[0]}  # an open connection keeps the build it opened
    assert len(paths.publish_log.read_text().splitlines()) == log_before + PUBLISHES
    assert marts_reader.marts_fingerprint(paths.marts_db) == fingerprints[PUBLISHES % 2]
    assert not any(paths.candidates.iterdir())


def test_two_runs_started_at_once_never_write_together(sample_warehouse: Path, next_day_input: Path,
                                                       next_day_warehouse: Path, tmp_path: Path) -> None:
    paths = WarehousePaths(copy_warehouse(sample_warehouse, tmp_path / "warehouse"))
    builds = {marts_reader.marts_fingerprint(paths.marts_db),
              marts_reader.marts_fingerprint(next_day_warehouse / "marts.duckdb")}
    (paths.root / ".lock").touch()  # pipeline.warehouse_lock's file, watched below
    logs = [tmp_path / "first.log", tmp_path / "second.log"]
    writers_at_once = set()
    with marts_reader.reading(paths.marts_db, tmp_path / "reader.json") as seen:
        runs = [start_dag(next_day_input, paths.root, log) for log in logs]
        try:
            # Sample which runs (process groups: dbt is a child of its run) hold a write lock in the warehouse.
            watched = {file_id(paths.root / ".lock"), file_id(paths.working_db)}
            while any(run.poll() is None for run in runs):
                holders = lock_holders(writers_only=True)
                writers_at_once.add(len({_group(pid) for file in watched for pid in holders.get(file, ())} - {None}))
                time.sleep(0.005)
        finally:
            for run in runs:
                if run.poll() is None:
                    kill_group(run)

    outcomes = [(run.returncode, log.read_text(errors="replace")) for run, log in zip(runs, logs, strict=True)]
    assert all(code == 0 for code, _ in outcomes), "\n\n".join(text[-3000:] for _, text in outcomes)
    assert max(writers_at_once) == 1, writers_at_once
    assert seen["error_count"] == 0, seen["errors"]
    assert set(seen["seen"]) <= builds
    assert marts_reader.marts_fingerprint(paths.marts_db) == marts_reader.marts_fingerprint(
        next_day_warehouse / "marts.duckdb")
    assert raw_article_count(paths.root) == raw_article_count(next_day_warehouse)
    assert [json.loads(line) for line in paths.publish_log.read_text().splitlines()]
    assert not any(paths.candidates.iterdir())
    assert not write_locked([p for p in paths.root.rglob("*") if p.is_file()])
