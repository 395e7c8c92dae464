"""Read one input file (.txt, .json, .jsonl, .html, optionally .gz) into article records or rejections.

Everything here is pure: bytes and a name in, records out. Walking folders and writing DuckDB is in
landing.py.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePath
from typing import Any

from newsfacts.decoding import NotText, decode_article_bytes
from newsfacts.html_pages import parse_html_article

SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ID_CHARS = 256
_TITLE_CHARS = 160
_TEXT_FIELDS = ("text", "body", "content")
_KNOWN_FIELDS = {"id", "title", "url", "published_at", *_TEXT_FIELDS}


@dataclass(frozen=True)
class ArticleRecord:
    """One article as landed: the parsed fields plus the exact source text it came from."""

    article_id: str
    content_hash: str
    external_id: str
    source_uri: str
    source_format: str
    title: str
    text: str
    url: str | None
    published_at: datetime | None
    extra_fields: dict[str, Any]
    raw_payload: str
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rejection:
    """An input (a file or one record of it) that could not become an article, and why."""

    source_uri: str
    reason: str
    raw_excerpt: str = ""


@dataclass
class FileResult:
    articles: list[ArticleRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def normalise_for_hash(text: str) -> str:
    """Unicode NFC, LF line ends, trimmed lines and single blank lines: cosmetic edits keep the hash."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def content_hash(title: str, text: str, published_at: datetime | None) -> str:
    payload = "\x1f".join([normalise_for_hash(title), normalise_for_hash(text),
                           published_at.isoformat() if published_at else ""])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def derive_title(text: str) -> str:
    """Wire copy often has no headline: use the lead sentence, cut at a word boundary."""
    lead = next((line.strip() for line in text.split("\n") if line.strip()), "")
    sentence = re.split(r"(?<=[.!?])\s", lead, maxsplit=1)[0]
    if len(sentence) <= _TITLE_CHARS:
        return sentence
    return sentence[:_TITLE_CHARS].rsplit(" ", 1)[0] + "…"


def parse_published_at(value: Any, now: datetime) -> tuple[datetime | None, str | None]:
    """ISO 8601 date or datetime (UTC if no zone). Anything else is dropped with a note, never guessed."""
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"published_at {value!r} is not a string: ignored"
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            day = date.fromisoformat(text[:10]) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]) else None
        except ValueError:
            return None, f"published_at {value!r} is not a real date: ignored"
        if day is None:
            return None, f"published_at {value!r} is not an ISO 8601 date: ignored"
        parsed = datetime(day.year, day.month, day.day)
    parsed = parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    if parsed > now + timedelta(days=1):
        return None, f"published_at {value!r} is in the future: ignored"
    if parsed.year < 1900:
        return None, f"published_at {value!r} is before 1900: ignored"
    return parsed, None


def _excerpt(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _record_from_fields(
    fields: dict[str, Any], *, fallback_id: str, source_uri: str, source_format: str, raw_payload: str,
    now: datetime, notes: tuple[str, ...],
) -> ArticleRecord | Rejection:
    notes_list = list(notes)
    text_key = next((k for k in _TEXT_FIELDS if k in fields), None)
    text = fields.get(text_key) if text_key else None
    if text_key is None:
        return Rejection(source_uri, "no article text: the record has no 'text' or 'body' field",
                         _excerpt(raw_payload))
    if not isinstance(text, str):
        return Rejection(source_uri, f"'{text_key}' is {type(text).__name__}, not a string",
                         _excerpt(raw_payload))
    text = decode_text_field(text)
    if not text.strip():
        return Rejection(source_uri, f"'{text_key}' is empty", _excerpt(raw_payload))
    title = fields.get("title")
    if title is not None and not isinstance(title, str):
        notes_list.append(f"title was {type(title).__name__}, not a string: derived from the lead instead")
        title = None
    title = (title or "").strip() or derive_title(text)
    external_id = fields.get("id")
    if isinstance(external_id, int | float) and not isinstance(external_id, bool):
        external_id = str(external_id)
    if not isinstance(external_id, str) or not external_id.strip() or len(external_id) > MAX_ID_CHARS:
        if external_id not in (None, ""):
            notes_list.append(f"id {_excerpt(repr(external_id), 80)} unusable "
                              f"(not a string of 1-{MAX_ID_CHARS} characters): used {fallback_id!r}")
        external_id = fallback_id
    published_at, date_note = parse_published_at(fields.get("published_at"), now)
    if date_note:
        notes_list.append(date_note)
    url = fields.get("url") if isinstance(fields.get("url"), str) else None
    digest = content_hash(title, text, published_at)
    return ArticleRecord(
        article_id=digest[:32], content_hash=digest, external_id=external_id.strip(), source_uri=source_uri,
        source_format=source_format, title=title, text=text, url=url, published_at=published_at,
        extra_fields={k: v for k, v in fields.items() if k not in _KNOWN_FIELDS},
        raw_payload=raw_payload, notes=tuple(notes_list),
    )


def decode_text_field(text: str) -> str:
    """Text from JSON gets the same line-end and control-character clean-up as text files."""
    return decode_article_bytes(text.encode("utf-8", errors="replace")).text if text else text


def _read_json_records(text: str, stem: str, uri: str, fmt: str, now: datetime,
                       notes: tuple[str, ...]) -> FileResult:
    result = FileResult()
    if fmt == "jsonl":
        lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        items: list[tuple[str, Any, str]] = []
        for n, line in lines:
            try:
                items.append((f"{uri}#line={n}", json.loads(line), line))
            except json.JSONDecodeError as exc:
                result.rejections.append(Rejection(f"{uri}#line={n}", f"invalid JSON on line {n}: {exc.msg}",
                                                   _excerpt(line)))
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            result.rejections.append(Rejection(uri, f"invalid JSON at line {exc.lineno} column {exc.colno}: "
                                                    f"{exc.msg}", _excerpt(text)))
            return result
        if isinstance(document, list):
            items = [(f"{uri}#{n}", item, json.dumps(item, ensure_ascii=False))
                     for n, item in enumerate(document, start=1)]
        else:
            items = [(uri, document, text)]
    several = len(items) > 1
    for position, (item_uri, item, payload) in enumerate(items, start=1):
        if not isinstance(item, dict):
            result.rejections.append(Rejection(item_uri, f"expected a JSON object per article, got "
                                                         f"{_json_kind(item)}", _excerpt(payload)))
            continue
        fallback = f"{stem}-{position}" if several else stem
        record = _record_from_fields(item, fallback_id=fallback, source_uri=item_uri, source_format=fmt,
                                     raw_payload=payload, now=now, notes=notes)
        (result.rejections if isinstance(record, Rejection) else result.articles).append(record)
    return result


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean",
            type(None): "null"}.get(type(value), "a number")


def read_input_file(name: PurePath, data: bytes, source_uri: str, now: datetime) -> FileResult:
    """Parse one file's bytes. Never raises for bad content: problems become rejections."""
    suffixes = [s.lower() for s in name.suffixes]
    stem = name.name
    notes: tuple[str, ...] = ()
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            return FileResult(rejections=[Rejection(source_uri, f"not a readable gzip file: {exc}")])
        notes = ("decompressed from gzip",)
        suffixes = suffixes[:-1]
        stem = stem[: -len(".gz")]
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(none)"
        return FileResult(rejections=[Rejection(
            source_uri, f"unsupported file type {shown}: expected one of {', '.join(SUPPORTED_SUFFIXES)} "
                        "(optionally gzipped)")])
    stem = stem[: -len(suffix)] if stem.lower().endswith(suffix) else stem
    if len(data) > MAX_FILE_BYTES:
        return FileResult(rejections=[Rejection(
            source_uri, f"file too large: {len(data) / 2**20:.1f} MiB (limit {MAX_FILE_BYTES // 2**20} MiB "
                        "per file; split the feed into articles)")])
    if not data.strip():
        return FileResult(rejections=[Rejection(source_uri, "empty file" if not data else "file is only "
                                                                                           "whitespace")])
    try:
        decoded = decode_article_bytes(data)
    except NotText as exc:
        return FileResult(rejections=[Rejection(source_uri, str(exc))])
    except UnicodeDecodeError as exc:
        return FileResult(rejections=[Rejection(source_uri, f"cannot decode text: {exc.reason}")])
    notes += decoded.notes
    text = decoded.text
    now_fields = {"now": now, "notes": notes}
    if suffix in (".json", ".jsonl"):
        return _read_json_records(text, stem, source_uri, suffix[1:], **now_fields)
    if suffix in (".html", ".htm"):
        page = parse_html_article(text)
        if not page.text.strip():
            return FileResult(rejections=[Rejection(source_uri, "HTML page has no article text",
                                                    _excerpt(text))])
        fields = {"title": page.title, "text": page.text, "published_at": page.published_at}
        record = _record_from_fields(fields, fallback_id=stem, source_uri=source_uri, source_format="html",
                                     raw_payload=text, **now_fields)
    else:
        title, _, body = text.strip().partition("\n")
        if not body.strip():
            return FileResult(rejections=[Rejection(source_uri, "text file has a title line but no article "
                                                                "text after it", _excerpt(text))])
        record = _record_from_fields({"title": title.strip(), "text": body.strip("\n")}, fallback_id=stem,
                                     source_uri=source_uri, source_format="txt", raw_payload=text,
                                     **now_fields)
    if isinstance(record, Rejection):
        return FileResult(rejections=[record])
    return FileResult(articles=[record])


def _gunzip(data: bytes) -> bytes:
    """Decompress with a size cap, so a small zip bomb cannot exhaust memory."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        return stream.read(MAX_FILE_BYTES + 1)
