"""Land a folder of article files in the working DuckDB file (schema `raw`), idempotently."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePath

import duckdb
import pandas as pd

from newsfacts.sources import ArticleRecord, FileResult, Rejection, read_input_file

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
create table if not exists raw.rejected_inputs (
    rejection_id   varchar primary key,
    source_uri     varchar not null,
    reason         varchar not null,
    raw_excerpt    varchar,
    rejected_at    timestamp not null,
    landing_run_id varchar
);
"""


@dataclass(frozen=True)
class LandingSummary:
    files_read: int
    articles_in_input: int
    articles_added: int
    rejections_in_input: int
    rejections_added: int


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def iter_input_paths(input_dir: Path) -> Iterator[tuple[Path, Rejection | None]]:
    """Every regular file under input_dir in a stable order; links leading outside it are refused."""
    root = input_dir.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            uri = path.as_uri()
            if name.startswith("."):
                yield path, Rejection(uri, "hidden file ignored")
                continue
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    yield path, Rejection(uri, f"symbolic link to {target}, outside the input folder: not read")
                    continue
            if not path.is_file():
                yield path, Rejection(uri, "not a regular file (device, socket, pipe or broken link)")
                continue
            yield path, None


def read_input_folder(input_dir: Path, now: datetime) -> tuple[int, FileResult]:
    """Parse every file of input_dir. Later records reusing an external_id with other content are refused."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    combined = FileResult()
    files = 0
    first_seen: dict[str, ArticleRecord] = {}
    for path, refused in iter_input_paths(input_dir):
        files += 1
        if refused:
            combined.rejections.append(refused)
            continue
        try:
            data = path.read_bytes()
        except OSError as exc:
            combined.rejections.append(Rejection(path.as_uri(), f"cannot read file: {exc.strerror or exc}"))
            continue
        result = read_input_file(PurePath(path.name), data, path.as_uri(), now)
        combined.rejections.extend(result.rejections)
        for record in result.articles:
            earlier = first_seen.setdefault(record.external_id, record)
            if earlier is not record and earlier.content_hash != record.content_hash:
                combined.rejections.append(Rejection(
                    record.source_uri, f"duplicate id {record.external_id!r} with different content in the "
                                       f"same batch (first seen in {earlier.source_uri}): not landed",
                    record.raw_payload[:500]))
            elif earlier is not record:
                continue  # the very same article twice in one batch: land it once
            else:
                combined.articles.append(record)
    return files, combined


def _articles_frame(records: list[ArticleRecord], now: datetime, run_id: str) -> pd.DataFrame:
    return pd.DataFrame({
        "record_id": [_sha(r.external_id, r.content_hash) for r in records],
        "article_id": [r.article_id for r in records],
        "content_hash": [r.content_hash for r in records],
        "external_id": [r.external_id for r in records],
        "source_uri": [r.source_uri for r in records],
        "source_format": [r.source_format for r in records],
        "title": [r.title for r in records],
        "body_text": [r.text for r in records],
        "url": [r.url for r in records],
        "published_at": pd.Series([r.published_at for r in records], dtype="datetime64[us]"),
        "extra_fields": [json.dumps(r.extra_fields, ensure_ascii=False, default=str) for r in records],
        "raw_payload": [r.raw_payload for r in records],
        "landing_notes": [list(r.notes) for r in records],
        "ingested_at": pd.Series([now] * len(records), dtype="datetime64[us]"),
        "landing_run_id": [run_id] * len(records),
    })


def _rejections_frame(rejections: list[Rejection], now: datetime, run_id: str) -> pd.DataFrame:
    return pd.DataFrame({
        "rejection_id": [_sha(r.source_uri, r.reason, r.raw_excerpt) for r in rejections],
        "source_uri": [r.source_uri for r in rejections],
        "reason": [r.reason for r in rejections],
        "raw_excerpt": [r.raw_excerpt for r in rejections],
        "rejected_at": pd.Series([now] * len(rejections), dtype="datetime64[us]"),
        "landing_run_id": [run_id] * len(rejections),
    })


def _insert_new(con: duckdb.DuckDBPyConnection, table: str, key: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    con.register("incoming", frame)
    try:
        inserted = con.execute(f"insert into {table} by name select * from incoming "
                               f"where {key} not in (select {key} from {table})").fetchone()
        return int(inserted[0]) if inserted else 0
    finally:
        con.unregister("incoming")


def land_articles(input_dir: Path, warehouse_db: Path, run_id: str = "manual",
                  now: datetime | None = None) -> LandingSummary:
    """Read input_dir and add what is new to raw.articles and raw.rejected_inputs, in one transaction."""
    now = now or datetime.now(UTC).replace(tzinfo=None)
    files, result = read_input_folder(input_dir, now)
    warehouse_db.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse_db)) as con:
        con.execute(RAW_DDL)
        con.execute("begin transaction")
        added = _insert_new(con, "raw.articles", "record_id", _articles_frame(result.articles, now, run_id))
        rejected = _insert_new(con, "raw.rejected_inputs", "rejection_id",
                               _rejections_frame(result.rejections, now, run_id))
        con.execute("commit")
    return LandingSummary(files, len(result.articles), added, len(result.rejections), rejected)
