"""Input folders and files: what to read, reading it safely, and which records of a batch to keep."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePath

import pandas as pd

from newsfacts.ingest.sources import MAX_FILE_BYTES, ArticleRecord, FileResult, Rejection, read_input_file, too_large


def _sha(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def iter_input_paths(input_dir: Path) -> Iterator[tuple[str, Rejection | None, os.stat_result | None]]:
    """Every regular file under input_dir in a stable order with its stat, or why a path there is not read.

    Folders are walked whatever their name (a folder called x.json is a folder). Hidden files and folders,
    symbolic links to folders and links leading outside input_dir are refused; so are folders that
    cannot be listed. In each folder: the refused subfolders, then the files, then each subfolder's content
    (names sorted). Entries are classified from the listing itself (os.scandir), with one stat per file (a
    file that vanishes before it is refused as unreadable), and paths stay strings: an archive's daily
    listing then costs about half what pathlib objects for every file would.
    """
    root = input_dir.resolve()
    yield from _walk(str(root), root)


def _walk(folder: str, root: Path) -> Iterator[tuple[str, Rejection | None, os.stat_result | None]]:
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield folder, _refusal(folder, f"cannot list folder: {error.strerror or error}"), None
        return
    folders, files = [], []
    for entry in entries:
        (folders if _is_folder(entry) else files).append(entry)
    to_walk = []
    for entry in folders:
        refused = _folder_refusal(entry)
        if refused:
            yield entry.path, _refusal(entry.path, refused), None
        else:
            to_walk.append(entry.path)
    for entry in files:
        refused = _file_refusal(entry, root)
        if not refused:
            try:
                stat = os.stat(entry.path)  # not entry.stat(), which keeps every result alive in the listing
            except OSError as error:
                refused = f"cannot read file: {error.strerror or error}"
            else:
                yield entry.path, None, stat
                continue
        yield entry.path, _refusal(entry.path, refused), None
    for subfolder in to_walk:
        yield from _walk(subfolder, root)


def _refusal(path: str, reason: str) -> Rejection:
    return Rejection(Path(path).as_uri(), reason)


def _is_folder(entry: os.DirEntry) -> bool:
    """A folder, or a link to one (refused later); a link that loops is a file (refused later too), as in os.walk."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _folder_refusal(entry: os.DirEntry) -> str | None:
    if entry.name.startswith("."):
        return "hidden folder ignored"
    if entry.is_symlink():
        return (f"symbolic link to a folder ({_shown(os.readlink(entry.path))}): not followed; "
                "copy the folder into the input folder instead")
    return None


def _file_refusal(entry: os.DirEntry, root: Path) -> str | None:
    if entry.name.startswith("."):
        return "hidden file ignored"
    if entry.is_symlink():
        path = Path(entry.path)
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return f"broken link: symbolic link to {_shown(os.readlink(path))}, which does not exist"
        except (OSError, RuntimeError) as exc:
            return f"symbolic link that cannot be followed (a loop?): {exc}"
        if not target.is_relative_to(root):
            return f"symbolic link to {_shown(str(target))}, outside the input folder: not read"
    if not entry.is_file():
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


def parse_file(path: Path, data: bytes, now: datetime) -> FileResult:
    """The records of one file's bytes; an unexpected error becomes a rejection, never a stopped batch."""
    try:
        return read_input_file(PurePath(path.name), data, path.as_uri(), now)
    except Exception as exc:  # one file must never stop the batch; say plainly that this is a bug
        return FileResult(rejections=[Rejection(path.as_uri(), f"unexpected error while reading this file (a bug "
                                                               f"in newsfacts, please report it): "
                                                               f"{type(exc).__name__}: {_shown(str(exc))[:300]}")])


def _source_file(uri: str) -> str:
    return uri.split("#", 1)[0]


@dataclass(frozen=True)
class RecordKey:
    """What decides whether a record of a batch lands: its id, its content and where it came from."""

    external_id: str
    content_hash: str
    source_uri: str


def resolve_duplicates(records: Sequence[RecordKey], landed: Mapping[str, RecordKey] | None = None,
                       ) -> tuple[dict[int, tuple[str, ...]], dict[int, str]]:
    """Which records of a batch (in reading order) land, with notes to add, and why the others do not.

    The first record of an external id lands; a later one with the same content is noted on it, one with
    other content is refused. `landed` holds the latest landed version of each id: a record whose id was
    landed from another file with other content is refused too (a changed file is a new version).
    """
    kept: dict[int, tuple[str, ...]] = {}
    refused: dict[int, str] = {}
    first: dict[str, int] = {}
    for index, record in enumerate(records):
        earlier = first.get(record.external_id)
        if earlier is None:
            previous = (landed or {}).get(record.external_id)
            if previous and previous.content_hash != record.content_hash and \
                    _source_file(previous.source_uri) != _source_file(record.source_uri):
                refused[index] = (f"duplicate id {record.external_id!r} with different content: already landed "
                                  f"from {previous.source_uri}; not landed")
                continue
            first[record.external_id] = index
            kept[index] = ()
        elif records[earlier].content_hash != record.content_hash:
            refused[index] = (f"duplicate id {record.external_id!r} with different content in the same batch "
                              f"(first seen in {records[earlier].source_uri}): not landed")
        else:
            kept[earlier] = (*kept[earlier], f"the same article is also in {record.source_uri}: landed once")
    return kept, refused


def read_input_folder(input_dir: Path, now: datetime) -> tuple[int, FileResult]:
    """Parse every file of input_dir as one batch (see resolve_duplicates); returns the files seen too."""
    if not input_dir.is_dir():
        raise FileNotFoundError(f"input folder {input_dir} does not exist or is not a folder")
    read = FileResult()
    files = 0
    for listed, refused, _ in iter_input_paths(input_dir):
        files += 1
        path = Path(listed)
        data = refused or read_file_bytes(path)
        result = FileResult(rejections=[data]) if isinstance(data, Rejection) else parse_file(path, data, now)
        read.articles.extend(result.articles)
        read.rejections.extend(result.rejections)
    kept, refused_at = resolve_duplicates(
        [RecordKey(r.external_id, r.content_hash, r.source_uri) for r in read.articles])
    combined = FileResult(rejections=read.rejections)
    for index, record in enumerate(read.articles):
        if index in kept:
            combined.articles.append(replace(record, notes=(*record.notes, *kept[index])))
        elif index in refused_at:
            combined.rejections.append(Rejection(record.source_uri, refused_at[index], record.raw_payload[:500]))
    return files, combined


def record_id(external_id: str, content_hash: str) -> str:
    return _sha(external_id, content_hash)


def article_rows(records: Sequence[ArticleRecord]) -> pd.DataFrame:
    """raw.articles columns of the records, but for when and by which run they land."""
    return pd.DataFrame({
        "record_id": [record_id(r.external_id, r.content_hash) for r in records],
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
    })


def rejection_rows(rejections: Sequence[Rejection]) -> pd.DataFrame:
    """raw.rejected_inputs columns of the rejections, but for when and by which run they are recorded."""
    return pd.DataFrame({
        "rejection_id": [_sha(r.source_uri, _shown(r.reason), _shown(r.raw_excerpt)) for r in rejections],
        "source_uri": [r.source_uri for r in rejections],
        "reason": [_shown(r.reason) for r in rejections],
        "raw_excerpt": [_shown(r.raw_excerpt) for r in rejections],
    })
