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

from newsfacts.ingest.decoding import DecodedText, NotText, decode_article_bytes, normalise_text
from newsfacts.ingest.html_pages import parse_html_article

SUPPORTED_SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ID_CHARS = 256
_TITLE_CHARS = 160
_TEXT_FIELDS = ("text", "body", "content")
_MAX_JSON_DIGITS = 4300  # Python's limit on the digits of one integer
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
    """ISO 8601 date or datetime (UTC if no zone). Anything else is dropped with a note, never guessed.

    A valid ISO date followed by an unreadable time keeps the date, with a note saying so.
    """
    if value is None or value == "":
        return None, None
    shown = _excerpt(repr(value), 80)
    if not isinstance(value, str):
        return None, f"published_at {shown} is {_json_kind(value)}, not a string: ignored"
    parsed, note = _parse_iso(value.strip(), shown)
    if parsed is None:
        return None, note
    try:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed
    except OverflowError:
        return None, f"published_at {shown} is out of range: ignored"
    if parsed > now + timedelta(days=1):
        return None, f"published_at {shown} is in the future: ignored"
    if parsed.year < 1900:
        return None, f"published_at {shown} is before 1900: ignored"
    return parsed, note


def _parse_iso(text: str, shown: str) -> tuple[datetime | None, str | None]:
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")), None
    except ValueError:
        pass
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
        return None, f"published_at {shown} is not an ISO 8601 date: ignored"
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None, f"published_at {shown} is not a real date: ignored"
    return datetime(day.year, day.month, day.day), f"published_at {shown} has an unreadable time part: " \
                                                      "kept the date only"


def _excerpt(text: str, limit: int = 500) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _pick_text(fields: dict[str, Any], raw_payload: str, source_uri: str) -> tuple[str, str] | Rejection:
    """The first of text/body/content holding a string, or a rejection that names the problem."""
    present = [k for k in _TEXT_FIELDS if k in fields]
    key = next((k for k in present if isinstance(fields[k], str)), None)
    if key is None and not present:
        return Rejection(source_uri, "no article text: the record has no 'text' or 'body' field",
                         _excerpt(raw_payload))
    if key is None:
        return Rejection(source_uri, f"'{present[0]}' is {_json_kind(fields[present[0]])}, not a string",
                         _excerpt(raw_payload))
    return key, fields[key]


def _pick_title(fields: dict[str, Any], text: str, notes: list[str]) -> str:
    title = fields.get("title")
    if title is not None and not isinstance(title, str):
        notes.append(f"title was {_json_kind(title)}, not a string: derived from the lead instead")
        title = None
    return normalise_text(title or "").text.strip() or derive_title(text)


def _pick_external_id(value: Any, fallback_id: str, notes: list[str]) -> str:
    """The record's id when it is a usable string (or number), else the fallback, with a note."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str) and value.strip() and len(value) <= MAX_ID_CHARS:
        return value.strip()
    if isinstance(value, str) and not value.strip():
        notes.append(f"id is empty: used {fallback_id!r}")
    elif value is not None:
        notes.append(f"id {_excerpt(repr(value), 80)} unusable "
                     f"(not a string of 1-{MAX_ID_CHARS} characters): used {fallback_id!r}")
    return fallback_id


def _record_from_fields(
    fields: dict[str, Any], *, fallback_id: str, source_uri: str, source_format: str, raw_payload: str,
    now: datetime, notes: tuple[str, ...],
) -> ArticleRecord | Rejection:
    picked = _pick_text(fields, raw_payload, source_uri)
    if isinstance(picked, Rejection):
        return picked
    text_key, raw_text = picked
    cleaned = normalise_text(raw_text)
    text = cleaned.text
    if not text.strip():
        return Rejection(source_uri, f"'{text_key}' is empty", _excerpt(raw_payload))
    notes_list = [*notes, *(n for n in cleaned.notes if n not in notes)]
    title = _pick_title(fields, text, notes_list)
    external_id = _pick_external_id(fields.get("id"), fallback_id, notes_list)
    published_at, date_note = parse_published_at(fields.get("published_at"), now)
    if date_note:
        notes_list.append(date_note)
    url = fields.get("url")
    if url is not None and not isinstance(url, str):
        notes_list.append(f"url is {_json_kind(url)}, not a string: ignored")
        url = None
    digest = content_hash(title, text, published_at)
    return ArticleRecord(
        article_id=digest[:32], content_hash=digest, external_id=external_id, source_uri=source_uri,
        source_format=source_format, title=title, text=text, url=url, published_at=published_at,
        extra_fields={k: v for k, v in fields.items() if k not in _KNOWN_FIELDS},
        raw_payload=raw_payload, notes=tuple(notes_list),
    )


def decode_text_field(text: str) -> str:
    """Text from JSON gets the same line-end and control-character clean-up as text files."""
    return normalise_text(text).text


class BadJson(ValueError):
    """A JSON document or line that cannot be parsed; the message is the plain reason."""


def parse_json(text: str, where: str | None = None) -> tuple[Any, tuple[str, ...]]:
    """json.loads that never raises anything but BadJson, and repairs what it safely can, with notes.

    NaN and Infinity (not JSON, but written by some tools) become null; lone UTF-16 surrogate escapes
    (which no UTF-8 text can hold) become U+FFFD. `where` ("on line 4") replaces the parser's position.
    """
    constants: list[str] = []

    def _constant(name: str) -> None:
        constants.append(name)

    try:
        value = json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise BadJson(f"invalid JSON {where or f'at line {exc.lineno} column {exc.colno}'}: {exc.msg}") from exc
    except RecursionError as exc:
        raise BadJson(f"invalid JSON{' ' + where if where else ''}: nested too deeply "
                      "(more than about 1,000 levels of arrays or objects)") from exc
    except ValueError as exc:  # the only other one: an integer longer than Python converts
        raise BadJson(f"invalid JSON{' ' + where if where else ''}: a number too long to read "
                      f"(more than {_MAX_JSON_DIGITS} digits)") from exc
    notes = [f"{', '.join(sorted(set(constants)))} replaced by null (not valid JSON)"] if constants else []
    value, repaired = _without_lone_surrogates(value)
    if repaired:
        notes.append("invalid Unicode escapes replaced by U+FFFD (lone UTF-16 surrogates)")
    return value, tuple(notes)


def _without_lone_surrogates(value: Any) -> tuple[Any, bool]:
    dumped = json.dumps(value, ensure_ascii=False)
    try:
        dumped.encode("utf-8")
    except UnicodeEncodeError:
        fixed = dumped.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return json.loads(fixed), True
    return value, False


def _json_items(text: str, uri: str, fmt: str, result: FileResult) -> list[tuple[int, str, Any, str, tuple[str, ...]]]:
    """(position, uri, value, raw payload, notes) per record; unparseable ones go to result.rejections.

    The position is the line number in JSONL and the 1-based index in an array, so that fixing one
    broken record does not renumber the others.
    """
    if fmt == "jsonl":
        items = []
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                value, notes = parse_json(line, where=f"on line {n}")
            except BadJson as exc:
                result.rejections.append(Rejection(f"{uri}#line={n}", str(exc), _excerpt(line)))
                continue
            items.append((n, f"{uri}#line={n}", value, line, notes))
        return items
    try:
        document, notes = parse_json(text)
    except BadJson as exc:
        result.rejections.append(Rejection(uri, str(exc), _excerpt(text)))
        return []
    if not isinstance(document, list):
        return [(0, uri, document, text, notes)]
    if not document:
        result.rejections.append(Rejection(uri, "empty JSON array: the file has no articles", _excerpt(text)))
    return [(n, f"{uri}#{n}", item, json.dumps(item, ensure_ascii=False), notes)
            for n, item in enumerate(document, start=1)]


def _read_json_records(text: str, stem: str, uri: str, fmt: str, now: datetime,
                       notes: tuple[str, ...]) -> FileResult:
    result = FileResult()
    items = _json_items(text, uri, fmt, result)
    several = len(items) + len(result.rejections) > 1
    for position, item_uri, item, payload, item_notes in items:
        if not isinstance(item, dict):
            result.rejections.append(Rejection(item_uri, f"expected a JSON object per article, got "
                                                         f"{_json_kind(item)}", _excerpt(payload)))
            continue
        fallback = f"{stem}-{position}" if several and position else stem
        record = _record_from_fields(item, fallback_id=fallback, source_uri=item_uri, source_format=fmt,
                                     raw_payload=payload, now=now, notes=(*notes, *item_notes))
        (result.rejections if isinstance(record, Rejection) else result.articles).append(record)
    return result


def _json_kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "an array", str: "a string", type(None): "null"}.get(type(value), "a number")


def too_large(source_uri: str, size: int, *, decompressed: bool = False) -> Rejection:
    limit = f"limit {MAX_FILE_BYTES // 2**20} MiB per file; split the feed into articles"
    if decompressed:
        return Rejection(source_uri, f"file too large: more than {MAX_FILE_BYTES // 2**20} MiB when decompressed "
                                     f"({limit})")
    return Rejection(source_uri, f"file too large: {size / 2**20:.1f} MiB ({limit})")


def _file_stem(name: PurePath) -> tuple[str, tuple[str, ...]]:
    """The file name as text: bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD."""
    try:
        name.name.encode("utf-8")
    except UnicodeEncodeError:
        fixed = name.name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        return fixed, (f"file name is not valid UTF-8: read as {fixed!r}",)
    return name.name, ()


def _split_suffix(stem: str, data: bytes, source_uri: str) -> tuple[str, str, bytes, tuple[str, ...]] | Rejection:
    """(stem without suffixes, format suffix, plain bytes, notes): gunzips .gz, refuses unknown suffixes."""
    suffixes = [s.lower() for s in PurePath(stem).suffixes]
    notes: tuple[str, ...] = ()
    if suffixes and suffixes[-1] == ".gz":
        try:
            data = _gunzip(data)
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            return Rejection(source_uri, f"not a readable gzip file: {exc}")
        if len(data) > MAX_FILE_BYTES:
            return too_large(source_uri, len(data), decompressed=True)
        notes = ("decompressed from gzip",)
        suffixes = suffixes[:-1]
        stem = stem[: -len(".gz")]
    suffix = suffixes[-1] if suffixes else ""
    if suffix not in SUPPORTED_SUFFIXES:
        return Rejection(source_uri, f"unsupported file type {suffix or '(none)'}: expected one of "
                                     f"{', '.join(SUPPORTED_SUFFIXES)} (optionally gzipped)")
    return stem[: -len(suffix)], suffix, data, notes


def read_input_file(name: PurePath, data: bytes, source_uri: str, now: datetime) -> FileResult:
    """Parse one file's bytes. Never raises for bad content: problems become rejections."""
    if len(data) > MAX_FILE_BYTES:
        return _rejected(too_large(source_uri, len(data)))
    file_name, name_notes = _file_stem(name)
    split = _split_suffix(file_name, data, source_uri)
    if isinstance(split, Rejection):
        return _rejected(split)
    stem, suffix, data, notes = split
    if not data.strip():
        return _rejected(Rejection(source_uri, "empty file" if not data else "file is only whitespace"))
    try:
        decoded = decode_article_bytes(data)
    except NotText as exc:
        return _rejected(Rejection(source_uri, str(exc)))
    if not decoded.text.strip():
        return _rejected(Rejection(source_uri, "file has no text: only a byte order mark, whitespace or "
                                               "control characters"))
    notes = (*name_notes, *notes, *decoded.notes)
    if suffix in (".json", ".jsonl"):
        return _read_json_records(decoded.text, stem, source_uri, suffix[1:], now=now, notes=notes)
    reader = _read_html if suffix in (".html", ".htm") else _read_txt
    record = reader(decoded, stem, source_uri, now, notes)
    return _rejected(record) if isinstance(record, Rejection) else FileResult(articles=[record])


def _read_html(decoded: DecodedText, stem: str, source_uri: str, now: datetime,
               notes: tuple[str, ...]) -> ArticleRecord | Rejection:
    text = decoded.text
    page = parse_html_article(text)
    if not page.text.strip():
        return Rejection(source_uri, "HTML page has no article text (only navigation, scripts or page chrome)",
                         _excerpt(text))
    fields = {"title": page.title, "text": page.text, "published_at": page.published_at}
    return _record_from_fields(fields, fallback_id=stem, source_uri=source_uri, source_format="html",
                               raw_payload=text, now=now, notes=notes)


def _read_txt(decoded: DecodedText, stem: str, source_uri: str, now: datetime,
              notes: tuple[str, ...]) -> ArticleRecord | Rejection:
    text = decoded.text
    title, _, body = text.strip().partition("\n")
    if not body.strip():
        return Rejection(source_uri, f"text file has only one line ({len(title):,} characters): the first line "
                                     "is the title and no article text follows it", _excerpt(text))
    return _record_from_fields({"title": title.strip(), "text": body.strip("\n")}, fallback_id=stem,
                               source_uri=source_uri, source_format="txt", raw_payload=text, now=now, notes=notes)


def _rejected(rejection: Rejection) -> FileResult:
    return FileResult(rejections=[rejection])


def _gunzip(data: bytes) -> bytes:
    """Decompress with a size cap, so a small zip bomb cannot exhaust memory."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        return stream.read(MAX_FILE_BYTES + 1)
