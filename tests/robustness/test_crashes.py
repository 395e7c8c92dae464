"""SIGKILL the real DAG run during landing (extraction, loading), the dbt build, validation and publishing.

Each kill hits a run that adds two articles to a published warehouse. A reader process samples marts.duckdb
the whole time; it must only ever see the previous build or the new one, without a single error. The next
run must then complete on its own and publish exactly what an uninterrupted run publishes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from newsfacts.warehouse.publishing import WarehousePaths

from tests.conftest import copy_warehouse, run_dag
from tests.robustness import marts_reader
from tests.robustness.dag_runs import (
    kill_group,
    raw_article_count,
    start_dag,
    started_tasks,
    write_locked,
)

pytestmark = pytest.mark.e2e


@dataclass
class Watch:
    """What a crash point looks at while the run goes on."""

    paths: WarehousePaths
    log: Path
    marts_inode: int

    def in_task(self, task_id: str) -> bool:
        """The task the run started last is task_id, or a task of the group task_id."""
        last = started_tasks(self.log)[-1:]
        return bool(last) and (last[0] == task_id or last[0].startswith(f"{task_id}."))


def _extraction(w: Watch) -> bool:
    """An extract_shard task has written Parquet parts that are not loaded yet."""
    return w.in_task("extract_shard") and any((w.paths.root / "runs").glob("*/parts/*.parquet"))


def _loading(w: Watch) -> bool:
    """The single writer has the working DuckDB file open to merge the run's parts."""
    return w.in_task("load_articles") and bool(write_locked([w.paths.working_db]))


def _dbt_build(w: Watch) -> bool:
    """The run's one dbt build (the watcher's producer task) has built some models, others not yet."""
    built = w.log.read_text(errors="replace").count(" OK created ")
    return w.in_task("build_marts.dbt_producer_watcher") and built >= 3


def _validation(w: Watch) -> bool:
    """The candidate is written and Great Expectations is checking it."""
    return (w.in_task("validate_marts") and any(w.paths.candidates.glob("*.duckdb"))
            and not write_locked([w.paths.root / ".lock"]))


def _publishing(w: Watch) -> bool:
    """marts.duckdb was just replaced; the Parquet copies and the publish log are not written yet."""
    return w.in_task("publish_marts") and w.paths.marts_db.stat().st_ino != w.marts_inode


CRASH_POINTS: dict[str, Callable[[Watch], bool]] = {
    "extraction": _extraction, "loading": _loading, "dbt_build": _dbt_build, "validation": _validation,
    "publishing": _publishing,
}


@pytest.fixture(scope="module")
def builds(sample_warehouse: Path, next_day_warehouse: Path) -> dict[str, str]:
    """Fingerprints of the two validated builds a reader may see: before the run, and after it."""
    return {"old": marts_reader.marts_fingerprint(sample_warehouse / "marts.duckdb"),
            "new": marts_reader.marts_fingerprint(next_day_warehouse / "marts.duckdb")}


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_killed_run_leaves_old_or_new_marts_and_the_next_run_completes(
        point: str, sample_warehouse: Path, next_day_input: Path, next_day_warehouse: Path,
        builds: dict[str, str], tmp_path: Path) -> None:
    paths = WarehousePaths(copy_warehouse(sample_warehouse, tmp_path / "warehouse"))
    watch = Watch(paths, tmp_path / "killed_run.log", paths.marts_db.stat().st_ino)
    with marts_reader.reading(paths.marts_db, tmp_path / "reader.json") as seen:
        run = start_dag(next_day_input, paths.root, watch.log)
        try:
            while not CRASH_POINTS[point](watch):
                assert run.poll() is None, f"the run ended before {point}:\n{watch.log.read_text()[-3000:]}"
                time.sleep(0.001)
        finally:
            kill_group(run)

        # Right after the kill: no write lock is left in the warehouse, and the marts are one of the two builds.
        assert not write_locked([p for p in paths.root.rglob("*") if p.is_file()])
        assert marts_reader.marts_fingerprint(paths.marts_db) in builds.values()

        result = run_dag(next_day_input, paths.root)  # no repair in between

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert seen["error_count"] == 0, seen["errors"]
    assert set(seen["seen"]) <= set(builds.values()), seen["seen"]
    assert marts_reader.marts_fingerprint(paths.marts_db) == builds["new"]
    assert raw_article_count(paths.root) == raw_article_count(next_day_warehouse)
    assert not any(paths.candidates.iterdir()), "a stale candidate was left behind"
    assert not any((paths.root / "runs").glob("*")), "a stale run folder was left behind"
    published_before = len(WarehousePaths(sample_warehouse).publish_log.read_text().splitlines())
    log = [json.loads(line) for line in paths.publish_log.read_text().splitlines()]  # no torn line
    assert len(log) > published_before
