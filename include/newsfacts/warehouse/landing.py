"""Land a run in the working DuckDB file: raw articles, rejections and extracted facts, idempotently.

The single writer of a run. The reading and extraction that precede it run in shards (newsfacts.warehouse.shards);
load_run merges their Parquet parts in one transaction, so a killed run leaves the warehouse as it was.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from newsfacts.warehouse import shards
from newsfacts.ingest.inputs import RecordKey, rejection_rows, resolve_duplicates
from newsfacts.warehouse.publishing import file_safe
from newsfacts.ingest.sources import Rejection
from newsfacts.warehouse.sql import sql_string

RAW_DDL = """
create schema if not exists raw;
create table if not exists raw.articles (
    record_id      varchar primary key,  -- one landed version: hash of external_id and content_hash
    article_id     varchar not null,      -- hash of the normalised content: stable across runs and machines
    content_hash   varchar not null,
    external_id    varchar not null,
    source_uri     varchar not null,
    source_format  varchar not null,
    title          varchar not null,
    body_text      varchar not null,
    url            varchar,
    published_at   timestamp,
    extra_fields   json,
    raw_payload    varchar not null,
    landing_notes  varchar[],
    ingested_at    timestamp not null,
    landing_run_id varchar
);
create table if not exists raw.input_files (
    path           varchar primary key,  -- a file read once is not read again while its size and mtime stay
    size           bigint not null,
    mtime_ns       bigint not null,
    read_at        timestamp not null,
    landing_run_id varchar
);
create table if not exists raw.rejected_inputs (
    rejection_id   varchar primary key,
    source_uri     varchar not null,
    reason         varchar not null,
    raw_excerpt    varchar,
    rejected_at    timestamp not null,
    landing_run_id varchar
);
create schema if not exists extracted;
create table if not exists extracted.article_sections (
    article_id     varchar not null,
    section_index  integer not null,
    section_kind   varchar not null,
    section_text   varchar not null,
    primary key (article_id, section_index)
);
create table if not exists extracted.article_facts (
    article_id        varchar not null,
    extractor_version varchar not null,  -- newsfacts.warehouse.shards.extractor_version: code and vocabularies
    fact_kind         varchar not null,
    fact_index        integer not null,
    payload           json not null,
    primary key (article_id, fact_kind, fact_index)
);
"""



@dataclass(frozen=True)
class LandingSummary:
    files_read: int
    files_unchanged: int
    articles_in_input: int
    articles_added: int
    rejections_in_input: int
    rejections_added: int
    articles_extracted: int


def plan(con: duckdb.DuckDBPyConnection, input_dir: Path, run_dir: Path, shard_count: int,
         now: datetime) -> list[shards.Shard]:
    """Plan a run against the warehouse: which files are new or changed, which articles need extracting again."""
    con.execute(RAW_DDL)
    version = shards.extractor_version()
    shutil.rmtree(run_dir, ignore_errors=True)
    run_dir.mkdir(parents=True)
    known = {path: (size, mtime) for path, size, mtime in
             con.execute("select path, size, mtime_ns from raw.input_files").fetchall()}
    # articles landed earlier whose facts come from another extractor version (new code or vocabularies)
    con.execute(f"""
        copy (
            select row_number() over (order by article_id) - 1 as position, article_id, body_text, published_at
            from (select article_id, any_value(body_text) as body_text, any_value(published_at) as published_at
                  from raw.articles
                  where not exists (  -- before grouping, so that only the stale articles' texts are read
                      select 1 from extracted.article_facts as facts
                      where facts.article_id = articles.article_id and facts.fact_kind = 'article'
                        and facts.extractor_version = $version)
                  group by article_id) as stale
        ) to {sql_string(str(run_dir / "stale.parquet"))} (format parquet)""",
                {"version": version})
    planned, _ = shards.plan_run(input_dir, run_dir, known, shard_count, now, version)
    return planned


def _parts(run_dir: Path, kind: str) -> list[str]:
    return sorted(str(path) for path in (run_dir / "parts").glob(f"{kind}-*.parquet"))


def load_run(con: duckdb.DuckDBPyConnection, run_dir: Path, run_id: str, now: datetime) -> LandingSummary:
    """Merge every part of a planned and extracted run into raw.* and extracted.*, in one transaction."""
    plan = shards.read_plan(run_dir)
    con.execute(RAW_DDL)
    con.execute("begin transaction")
    articles_in_input, articles_added = _load_articles(con, run_dir, run_id, now)
    rejections_in_input, rejections_added = _load_rejections(con, run_dir, plan, run_id, now)
    _load_input_files(con, run_dir, run_id, now)
    extracted = _load_extracted(con, run_dir)
    con.execute("commit")
    return LandingSummary(len(plan["files"]), plan["files_unchanged"], articles_in_input, articles_added,
                          rejections_in_input, rejections_added, extracted)


def _load_articles(con: duckdb.DuckDBPyConnection, run_dir: Path, run_id: str, now: datetime) -> tuple[int, int]:
    parts = _parts(run_dir, "articles")
    if not parts:
        return 0, 0
    batch = con.execute("select file_order, record_position, external_id, content_hash, source_uri "
                        "from read_parquet($parts) order by file_order, record_position", {"parts": parts}).fetchall()
    ids = list({row[2] for row in batch})
    landed = {external_id: RecordKey(external_id, content, uri) for external_id, content, uri in con.execute(
        """select external_id, content_hash, source_uri from raw.articles where list_contains($ids, external_id)
           qualify row_number() over (partition by external_id order by ingested_at desc, record_id) = 1""",
        {"ids": ids}).fetchall()}
    kept, refused = resolve_duplicates([RecordKey(*row[2:]) for row in batch], landed)
    decisions = pd.DataFrame({
        "file_order": [batch[i][0] for i in kept], "record_position": [batch[i][1] for i in kept],
        "added_notes": [list(notes) for notes in kept.values()]})
    con.register("decisions", decisions)
    added = con.execute(
        """insert into raw.articles by name
           select * exclude (chunk, file_order, record_position, landing_notes, added_notes),
                  list_concat(landing_notes, added_notes) as landing_notes,
                  $now as ingested_at, $run_id as landing_run_id
           from read_parquet($parts) join decisions using (file_order, record_position)
           where record_id not in (select record_id from raw.articles)
           order by file_order, record_position""", {"parts": parts, "now": now, "run_id": run_id}).fetchone()[0]
    con.unregister("decisions")
    refusals = [(batch[i][0], batch[i][1], reason) for i, reason in refused.items()]
    con.register("refusals", pd.DataFrame(refusals, columns=["file_order", "record_position", "reason"]))
    duplicates = con.execute(
        """select source_uri, reason, left(raw_payload, 500) from read_parquet($parts)
           join refusals using (file_order, record_position) order by file_order, record_position""",
        {"parts": parts}).fetchall()
    con.unregister("refusals")
    _insert_rejections(con, [Rejection(*row) for row in duplicates], run_id, now)
    return len(batch) - len(refused), added


def _load_rejections(con: duckdb.DuckDBPyConnection, run_dir: Path, plan: dict, run_id: str,
                     now: datetime) -> tuple[int, int]:
    found = [Rejection(**refused) for refused in plan["refused"]]
    parts = _parts(run_dir, "rejections")
    if parts:
        found += [Rejection(*row) for row in con.execute(
            "select source_uri, reason, raw_excerpt from read_parquet($parts) order by file_order, rejection_id",
            {"parts": parts}).fetchall()]
    return len(found), _insert_rejections(con, found, run_id, now)


def _insert_rejections(con: duckdb.DuckDBPyConnection, rejections: list[Rejection], run_id: str,
                       now: datetime) -> int:
    if not rejections:
        return 0
    frame = rejection_rows(rejections).drop_duplicates(subset="rejection_id")
    con.register("incoming", frame)
    inserted = con.execute(
        """insert into raw.rejected_inputs by name
           select *, $now as rejected_at, $run_id as landing_run_id from incoming
           where rejection_id not in (select rejection_id from raw.rejected_inputs)""",
        {"now": now, "run_id": run_id}).fetchone()[0]
    con.unregister("incoming")
    return inserted


def _load_input_files(con: duckdb.DuckDBPyConnection, run_dir: Path, run_id: str, now: datetime) -> None:
    parts = _parts(run_dir, "files")
    if parts:
        con.execute("""insert or replace into raw.input_files
                       select path, size, mtime_ns, $now, $run_id from read_parquet($parts)""",
                    {"parts": parts, "now": now, "run_id": run_id})


def _load_extracted(con: duckdb.DuckDBPyConnection, run_dir: Path) -> int:
    """Replace the sections and facts of every article extracted in this run (one chunk's copy of each)."""
    facts, sections = _parts(run_dir, "facts"), _parts(run_dir, "sections")
    if not facts:
        return 0
    con.execute("""create temp table extracted_by as
                   select article_id, min(chunk) as chunk from read_parquet($facts) group by article_id""",
                {"facts": facts})
    for table in ("article_facts", "article_sections"):
        con.execute(f"delete from extracted.{table} where article_id in (select article_id from extracted_by)")
    con.execute("""insert into extracted.article_facts
                   select article_id, extractor_version, fact_kind, fact_index, payload
                   from read_parquet($facts) join extracted_by using (article_id, chunk)""", {"facts": facts})
    if sections:
        con.execute("""insert into extracted.article_sections
                       select article_id, section_index, section_kind, section_text
                       from read_parquet($sections) join extracted_by using (article_id, chunk)""",
                    {"sections": sections})
    count = con.execute("select count(*) from extracted_by").fetchone()[0]
    con.execute("drop table extracted_by")
    return count


def land_articles(input_dir: Path, warehouse_db: Path, run_id: str = "manual", now: datetime | None = None,
                  shard_count: int = 1, workers: int = 1) -> LandingSummary:
    """Plan, extract and load a run in one call: what the DAG's tasks do one after the other."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    warehouse_db.parent.mkdir(parents=True, exist_ok=True)
    run_dir = run_folder(warehouse_db.parent, run_id)
    with duckdb.connect(str(warehouse_db)) as con:
        planned = plan(con, input_dir, run_dir, shard_count, now)
    for shard in planned:
        shards.extract_shard(shard, workers)
    with duckdb.connect(str(warehouse_db)) as con:
        summary = load_run(con, run_dir, run_id, now)
    remove_earlier_runs(run_dir)
    shutil.rmtree(run_dir)
    return summary


def run_folder(warehouse_dir: Path, run_id: str) -> Path:
    """Where a run's plan and parts live until they are loaded (WAREHOUSE/runs/run-<run id>).

    The prefix keeps run ids such as `..` or `.` (Airflow allows them) from naming the warehouse itself,
    which plan would then delete."""
    return warehouse_dir / "runs" / f"run-{file_safe(run_id)}"


def remove_earlier_runs(run_dir: Path) -> None:
    """Drop the folders of runs planned before this one, once it is loaded: left by killed runs, their parts
    can never be loaded now. Call it under the warehouse lock, which plan holds too (no plan is half-written)."""
    planned_at = (run_dir / "plan.json").stat().st_mtime_ns
    for other in run_dir.parent.iterdir():
        plan_file = other / "plan.json"
        if other != run_dir and (not plan_file.exists() or plan_file.stat().st_mtime_ns <= planned_at):
            shutil.rmtree(other, ignore_errors=True)
