"""Land a folder of article files in the working DuckDB file (schema `raw`), idempotently."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePath

import duckdb
import pandas as pd

from newsfacts.sources import MAX_FILE_BYTES, ArticleRecord, FileResult, Rejection, read_input_file, too_large

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
    """Every regular file under input_dir in a stable order, or why a path there is not read.

    Folders are walked whatever their name (a folder called x.json is a folder). Hidden files and folders,
    symbolic links to folders and links leading outside input_dir are refused; so are folders that
    cannot be listed.
    """
    root = input_dir.resolve()
    unlisted: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append, followlinks=False):
        yield from _unlisted_folders(unlisted)
        folder = Path(dirpath)
        for name in sorted(dirnames):
            refused = _folder_refusal(folder / name)
            if refused:
                dirnames.remove(name)
                yield folder / name, Rejection((folder / name).as_uri(), refused)
        dirnames.sort()
        for name in sorted(filenames):
            path = folder / name
            refused = _file_refusal(path, root)
            yield path, Rejection(path.as_uri(), refused) if refused else None
    yield from _unlisted_folders(unlisted)


def _unlisted_folders(errors: list[OSError]) -> Iterator[tuple[Path, Rejection]]:
    while errors:
        error = errors.pop(0)
        path = Path(str(error.filename))
        yield path, Rejection(path.as_uri(), f"cannot list folder: {error.strerror or error}")


def _folder_refusal(path: Path) -> str | None:
    if path.name.startswith("."):
        return "hidden folder ignored"
    if path.is_symlink():
        return (f"symbolic link to a folder ({_shown(os.readlink(path))}): not followed; "
                "copy the folder into the input folder instead")
    return None


def _file_refusal(path: Path, root: Path) -> str | None:
    if path.name.startswith("."):
        return "hidden file ignored"
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return f"broken link: symbolic link to {_shown(os.readlink(path))}, which does not exist"
        except (OSError, RuntimeError) as exc:
            return f"symbolic link that cannot be followed (a loop?): {exc}"
        if not target.is_relative_to(root):
            return f"symbolic link to {_shown(str(target))}, outside the input folder: not read"
    if not path.is_file():
        return "not a regular file (device, socket or named pipe): not read"
    return None


def _shown(text: str) -> str:
    """A path or message as valid UTF-8, whatever bytes the file system holds."""
    return text.encode("utf-8", "replace").decode("utf-8")


def read_file_bytes(path: Path) -> bytes | Rejection:
    """The file's bytes, or a rejection; a file over MAX_FILE_BYTES is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return too_large(path.as_uri(), size)
        with path.open("rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)  # the file may have grown since the stat
    except OSError as exc:
        return Rejection(path.as_uri(), f"cannot read file: {exc.strerror or exc}")


def _read_one(path: Path, now: datetime) -> FileResult:
    data = read_file_bytes(path)
    if isinstance(data, Rejection):
        return FileResult(rejections=[data])
    try:
        return read_input_file(PurePath(path.name), data, path.as_uri(), now)
    except Exception as exc:  # one file must never stop the batch; say plainly that this is a bug
        return FileResult(rejections=[Rejection(path.as_uri(), f"unexpected error while reading this file (a bug "
                                                               f"in newsfacts, please report it): "
                                                               f"{type(exc).__name__}: {_shown(str(exc))[:300]}")])


def _add_record(combined: FileResult, positions: dict[str, int], record: ArticleRecord) -> None:
    """Keep the first article per external_id; a later different one is refused, the same one noted."""
    position = positions.get(record.external_id)
    if position is None:
        positions[record.external_id] = len(combined.articles)
        combined.articles.append(record)
        return
    earlier = combined.articles[position]
    if earlier.content_hash != record.content_hash:
        combined.rejections.append(Rejection(
            record.source_uri, f"duplicate id {record.external_id!r} with different content in the same batch "
                               f"(first seen in {earlier.source_uri}): not landed", record.raw_payload[:500]))
        return
    note = f"the same article is also in {record.source_uri}: landed once"
    combined.articles[position] = replace(earlier, notes=(*earlier.notes, note))


def read_input_folder(input_dir: Path, now: datetime) -> tuple[int, FileResult]:
    """Parse every file of input_dir. Later records reusing an external_id with other content are refused."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    combined = FileResult()
    files = 0
    positions: dict[str, int] = {}
    for path, refused in iter_input_paths(input_dir):
        files += 1
        result = FileResult(rejections=[refused]) if refused else _read_one(path, now)
        combined.rejections.extend(result.rejections)
        for record in result.articles:
            _add_record(combined, positions, record)
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
        "rejection_id": [_sha(r.source_uri, _shown(r.reason), _shown(r.raw_excerpt)) for r in rejections],
        "source_uri": [r.source_uri for r in rejections],
        "reason": [_shown(r.reason) for r in rejections],
        "raw_excerpt": [_shown(r.raw_excerpt) for r in rejections],
        "rejected_at": pd.Series([now] * len(rejections), dtype="datetime64[us]"),
        "landing_run_id": [run_id] * len(rejections),
    })


def _insert_new(con: duckdb.DuckDBPyConnection, table: str, key: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    con.register("incoming", frame.drop_duplicates(subset=key))
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
