"""Write-audit-publish: copy the marts into a candidate file, and publish a validated candidate atomically.

BI tools read WAREHOUSE/marts.duckdb. It is only ever replaced by os.replace of a complete, validated
file, so a reader sees the old build or the new one, never a half-written or unvalidated one.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from newsfacts.warehouse.sql import sql_string

# DuckDB 1.x clients (bundled by many BI tools) cannot open files in DuckDB 2.0's default format.
PUBLISH_STORAGE_VERSION = "v1.1.0"
MARTS_SCHEMA = "marts"


def file_safe(run_id: str) -> str:
    """A run id as part of a file name: letters, digits, '-', '_' and '.' kept, anything else '_'."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)


@dataclass(frozen=True)
class WarehousePaths:
    root: Path

    @property
    def working_db(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def lock_file(self) -> Path:
        """Held by every step that writes the warehouse (newsfacts.warehouse.pipeline.warehouse_lock, the dbt tasks)."""
        return self.root / ".lock"

    @property
    def marts_db(self) -> Path:
        return self.root / "marts.duckdb"

    @property
    def candidates(self) -> Path:
        return self.root / "candidates"

    @property
    def parquet(self) -> Path:
        return self.root / "parquet"

    @property
    def publish_log(self) -> Path:
        return self.root / "publish_log.jsonl"

    @property
    def published_fingerprint(self) -> Path:
        """What the published marts were built from (newsfacts.warehouse.freshness)."""
        return self.root / "published_fingerprint"

    @property
    def gx_runtime(self) -> Path:
        return self.root / "gx"

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt" / "target"

    @property
    def dbt_docs_built_from(self) -> Path:
        """What the dbt docs in dbt_target were generated from (newsfacts.warehouse.freshness.docs_fingerprint)."""
        return self.root / "dbt" / "docs_built_from"

    @property
    def dbt_built_from(self) -> Path:
        """The dbt project the working marts were last completely built by (newsfacts.warehouse.freshness)."""
        return self.root / "dbt" / "built_from"

    def candidate_db(self, run_id: str) -> Path:
        return self.candidates / f"marts-{file_safe(run_id)}.duckdb"


def write_candidate(working_db: Path, candidate_db: Path, tables: tuple[str, ...]) -> dict[str, int]:
    """Copy the marts built by dbt into a fresh file in the publish storage format; return rows per table."""
    candidate_db.parent.mkdir(parents=True, exist_ok=True)
    candidate_db.unlink(missing_ok=True)
    rows: dict[str, int] = {}
    with duckdb.connect() as con:
        con.execute(f"attach {sql_string(str(working_db))} as working (read_only)")
        con.execute(f"attach {sql_string(str(candidate_db))} as candidate "
                    f"(storage_version '{PUBLISH_STORAGE_VERSION}')")
        for table in tables:
            con.execute(f"create table candidate.main.{table} as "
                        f"select * from working.{MARTS_SCHEMA}.{table}")
            rows[table] = con.execute(f"select count(*) from candidate.main.{table}").fetchone()[0]
        _copy_comments(con, tables)
        con.execute("detach candidate")
        con.execute("detach working")
    return rows


def _copy_comments(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> None:
    """dbt's persist_docs put descriptions on the working tables; BI tools show them from the published file."""
    for table in tables:
        comment = con.execute("select comment from duckdb_tables() where database_name = 'working' "
                              "and schema_name = ? and table_name = ?", [MARTS_SCHEMA, table]).fetchone()
        if comment and comment[0]:
            con.execute(f"comment on table candidate.main.{table} is {sql_string(comment[0])}")
        for column, text in con.execute(
                "select column_name, comment from duckdb_columns() where database_name = 'working' "
                "and schema_name = ? and table_name = ? and comment is not null",
                [MARTS_SCHEMA, table]).fetchall():
            con.execute(f'comment on column candidate.main.{table}."{column}" is {sql_string(text)}')


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _atomic_replace(source: Path, target: Path) -> None:
    _fsync(source)
    os.replace(source, target)
    _fsync(target.parent)


def publish_candidate(paths: WarehousePaths, candidate_db: Path, tables: tuple[str, ...], run_id: str,
                      rows: dict[str, int], validation_summary: str, expectations: str | None = None,
                      changed: tuple[str, ...] | None = None) -> None:
    """Replace marts.duckdb with the validated candidate, refresh the Parquet copies, log the publish (with the
    digest of the expectations it passed, which lets the next validation skip the rows it left unchanged).

    With `changed` (the marts whose rows differ from the published ones), only those Parquet copies are written,
    and any that is missing. A publish stopped between the replace and its last copy leaves PARQUET/.incomplete
    behind: the next publish then writes every copy."""
    if not candidate_db.is_file():
        raise FileNotFoundError(f"candidate {candidate_db} is gone: a build validated after it was published first")
    validated_at = candidate_db.stat().st_mtime_ns
    paths.parquet.mkdir(parents=True, exist_ok=True)
    incomplete = paths.parquet / ".incomplete"
    copies = tables if changed is None or incomplete.exists() else tuple(
        table for table in tables if table in changed or not (paths.parquet / f"{table}.parquet").is_file())
    incomplete.touch()
    _fsync(paths.parquet)
    _atomic_replace(candidate_db, paths.marts_db)
    _remove_candidates_up_to(paths, validated_at)
    with duckdb.connect(str(paths.marts_db), read_only=True) as con:
        for table in copies:
            staged = paths.parquet / f".{table}.parquet.tmp"
            con.execute(f"copy {table} to {sql_string(str(staged))} (format parquet)")
            _atomic_replace(staged, paths.parquet / f"{table}.parquet")
    incomplete.unlink()
    _fsync(paths.parquet)
    entry = {"run_id": run_id, "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
             "rows": rows, "validation": validation_summary, "expectations": expectations}
    with paths.publish_log.open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry) + "\n")


def read_publish_log(path: Path) -> list[dict]:
    """Every publish, oldest first (see publish_candidate)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def last_publish(path: Path) -> dict:
    """The latest publish in the log, or {} before the first one."""
    return (read_publish_log(path) or [{}])[-1]


def _remove_candidates_up_to(paths: WarehousePaths, validated_at: int) -> None:
    """Drop candidates (and their DuckDB WAL files) written before the one just published: left by runs that
    failed validation or were killed, they can never be published now."""
    for leftover in paths.candidates.glob("marts-*"):
        with contextlib.suppress(FileNotFoundError):
            if leftover.stat().st_mtime_ns <= validated_at:
                leftover.unlink()
