"""The steps of the daily run, as plain functions the Airflow tasks call (and tests can call too)."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from newsfacts.warehouse import freshness, landing, shards
from newsfacts.warehouse.publishing import WarehousePaths, last_publish, publish_candidate, write_candidate
from newsfacts.warehouse.validation import (
    MART_TABLES,
    build_data_docs,
    expectations_digest,
    format_report,
    start_importing_great_expectations,
    validate_marts,
)

PROJECT_DIR = Path(os.environ.get("NEWSFACTS_PROJECT_DIR", Path(__file__).resolve().parents[3]))
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"
SAMPLE_ARTICLES_DIR = PROJECT_DIR / "include" / "sample_articles"


class ValidationFailed(RuntimeError):
    """The candidate marts broke an expectation: nothing was published."""


@contextmanager
def warehouse_lock(paths: WarehousePaths) -> Iterator[None]:
    """One writer per warehouse: a second run waits here instead of corrupting the first one's files."""
    paths.root.mkdir(parents=True, exist_ok=True)
    with paths.lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def land(input_dir: Path, warehouse_dir: Path, run_id: str, shard_count: int = 1, workers: int = 0) -> dict[str, int]:
    """Plan, extract and load in one step (the DAG runs them as separate, mapped tasks)."""
    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths):
        return asdict(landing.land_articles(input_dir, paths.working_db, run_id=run_id, shard_count=shard_count,
                                            workers=workers or shards.default_workers()))


def plan(input_dir: Path, warehouse_dir: Path, run_id: str, shard_count: int) -> list[dict[str, object]]:
    """Plan a run in WAREHOUSE/runs/<run>: the files to read and the articles to extract; one dict per shard."""
    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths), duckdb.connect(str(paths.working_db)) as con:
        planned = landing.plan(con, input_dir, landing.run_folder(paths.root, run_id), shard_count, _now())
    return [asdict(shard) for shard in planned]


def extract(shard: dict[str, object], workers: int = 0) -> int:
    """One shard's reading and extraction: no warehouse lock, it only writes its own Parquet parts."""
    return shards.extract_shard(shards.Shard(**shard), workers or shards.default_workers())


def load(warehouse_dir: Path, run_id: str) -> dict[str, int]:
    """The single writer: merge the run's parts into the working DuckDB file, then drop them."""
    paths = WarehousePaths(warehouse_dir)
    run_dir = landing.run_folder(paths.root, run_id)
    with warehouse_lock(paths):
        with duckdb.connect(str(paths.working_db)) as con:
            summary = landing.load_run(con, run_dir, run_id, _now())
        landing.remove_earlier_runs(run_dir)
    shutil.rmtree(run_dir)
    return asdict(summary)


def changes_to_build(warehouse_dir: Path) -> str | None:
    """The fingerprint of what the marts would be built from, or None when the published build already is that."""
    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths):
        fingerprint = freshness.build_fingerprint(paths.working_db, PROJECT_DIR)
    if paths.marts_db.is_file() and freshness.read_fingerprint(paths.published_fingerprint) == fingerprint:
        print(f"nothing to build: {paths.marts_db} is already built from these articles and this project")
        return None
    return fingerprint


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _dbt(paths: WarehousePaths, *args: str) -> None:
    env = os.environ | {"NEWSFACTS_WAREHOUSE_DB": str(paths.working_db), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
                        "DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [str(Path(sys.executable).with_name("dbt")), *args, "--project-dir", str(DBT_PROJECT_DIR),
               "--target-path", str(paths.dbt_target), "--log-path", str(paths.root / "dbt" / "logs")]
    result = subprocess.run(command, env=env, cwd=DBT_PROJECT_DIR, capture_output=True, text=True, check=False)
    sys.stdout.write(result.stdout)
    if result.returncode != 0:
        raise RuntimeError(f"dbt {args[0]} failed (exit {result.returncode}):\n{result.stdout[-4000:]}"
                           f"{result.stderr[-2000:]}")


def build_marts(warehouse_dir: Path) -> None:
    """dbt build: seeds, models and their tests, in the working DuckDB file; incremental unless the project changed.

    The seeds are part of the project: an incremental build has them loaded already."""
    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths):
        full = dbt_full_refresh_needed(warehouse_dir)
        _dbt(paths, "build", *(["--full-refresh"] if full else ["--exclude-resource-type", "seed"]))
        record_marts_built(warehouse_dir)


def dbt_full_refresh_needed(warehouse_dir: Path) -> bool:
    """Whether the next dbt build must rebuild every incremental model: unless the working marts were last built
    completely by this very dbt project, their rows may come from SQL that has changed since."""
    paths = WarehousePaths(warehouse_dir)
    return freshness.read_fingerprint(paths.dbt_built_from) != freshness.files_digest([DBT_PROJECT_DIR])


def record_marts_built(warehouse_dir: Path) -> None:
    """Every dbt model has been built by the current project (call it once the whole build has succeeded)."""
    paths = WarehousePaths(warehouse_dir)
    freshness.record_fingerprint(paths.dbt_built_from, freshness.files_digest([DBT_PROJECT_DIR]))


def validate_candidate(warehouse_dir: Path, run_id: str) -> dict[str, object]:
    """Copy the marts into a candidate file and run the GX checkpoint on it; raise if any expectation fails.

    Rows the published marts already hold are not checked again if those marts passed these same expectations.
    """
    paths = WarehousePaths(warehouse_dir)
    candidate = paths.candidate_db(run_id)
    expectations = expectations_digest()
    start_importing_great_expectations()
    with warehouse_lock(paths):
        rows = write_candidate(paths.working_db, candidate, MART_TABLES)
        published = last_publish(paths.publish_log)
        baseline = paths.marts_db if paths.marts_db.exists() and published.get("expectations") == expectations else None
    # Data Docs are written after publishing (write_data_docs), or here at once when the marts are refused.
    report = validate_marts(candidate, paths.gx_runtime, baseline_db=baseline, data_docs=False)
    if not report.success:
        report = replace(report, data_docs_index=build_data_docs(candidate, paths.gx_runtime))
    summary = format_report(report)
    print(summary)
    if not report.success:
        raise ValidationFailed(f"validation failed, marts not published:\n{summary}")
    return {"candidate": str(candidate), "rows": rows, "warnings": len(report.warnings), "expectations": expectations,
            "changed": changed_marts(rows, report.rows_validated, published.get("rows") if baseline else None)}


def write_data_docs(warehouse_dir: Path, run_id: str) -> str | None:
    """The GX Data Docs pages of this run's validation (validate_candidate), off the path to publishing."""
    paths = WarehousePaths(warehouse_dir)
    index = build_data_docs(paths.candidate_db(run_id), paths.gx_runtime)
    return str(index) if index else None


def changed_marts(rows: dict[str, int], rows_validated: dict[str, int],
                  published_rows: dict[str, int] | None) -> list[str]:
    """The marts whose rows differ from the published ones: some row is not among the published (what the
    validation against them checked), or the count differs (rows removed). Every mart without a baseline."""
    if published_rows is None:
        return list(rows)
    return [table for table in rows if rows_validated.get(table, rows[table]) or rows[table] != published_rows.get(table)]


def publish(warehouse_dir: Path, run_id: str, validation: dict[str, object], fingerprint: str | None = None) -> str:
    """Publish the validated candidate; record what it was built from (changes_to_build) when known."""
    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths):
        changed = validation.get("changed")
        publish_candidate(paths, Path(str(validation["candidate"])), MART_TABLES, run_id,
                          dict(validation["rows"]), f"passed with {validation['warnings']} warnings",
                          validation.get("expectations"), tuple(changed) if changed is not None else None)
        if fingerprint:
            freshness.record_fingerprint(paths.published_fingerprint, fingerprint)
    return str(paths.marts_db)


def generate_docs(warehouse_dir: Path) -> str:
    """dbt docs for lineage from raw articles to every mart; also the single-file static site. Kept as they are
    when the dbt project and the warehouse's tables and columns are those they were generated from (a daily run
    with new articles only)."""
    paths = WarehousePaths(warehouse_dir)
    static_site = paths.dbt_target / "static_index.html"
    with warehouse_lock(paths):
        fingerprint = freshness.docs_fingerprint(paths.working_db, DBT_PROJECT_DIR)
        if static_site.is_file() and freshness.read_fingerprint(paths.dbt_docs_built_from) == fingerprint:
            print(f"dbt docs are up to date: {static_site}")
            return str(static_site)
        _dbt(paths, "docs", "generate", "--static")
        freshness.record_fingerprint(paths.dbt_docs_built_from, fingerprint)
    return str(static_site)


def write_report(warehouse_dir: Path) -> str:
    """The static report WAREHOUSE/report/index.html, from the published marts (read-only) and the publish log."""
    from newsfacts.report import write_report as write  # plotly and pandas only load for this step

    paths = WarehousePaths(warehouse_dir)
    with warehouse_lock(paths):
        return str(write(paths))
