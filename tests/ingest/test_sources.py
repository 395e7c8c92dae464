"""Reading one input file: formats, fields, ids, hashes, dates and decoding (newsfacts.ingest.sources, .decoding)."""

from __future__ import annotations

import codecs
import gzip
import json
from datetime import datetime
from pathlib import PurePath

import pytest
from newsfacts.ingest import sources
from newsfacts.ingest.decoding import NotText, decode_article_bytes, normalise_text
from newsfacts.ingest.sources import (
    ArticleRecord,
    BadJson,
    FileResult,
    derive_title,
    parse_json,
    parse_published_at,
    read_input_file,
)

NOW = datetime(2025, 6, 1, 12, 0)
BODY = "Hanoi (VNA) – The two ministers met in Hanoi on October 18.\n\nThey agreed to expand trade."


def read(name: str, content: str | bytes) -> FileResult:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return read_input_file(PurePath(name), data, f"file:///in/{name}", NOW)


def one(name: str, content: str | bytes) -> ArticleRecord:
    result = read(name, content)
    assert not result.rejections, result.rejections
    [article] = result.articles
    return article


def reasons(name: str, content: str | bytes) -> list[str]:
    result = read(name, content)
    assert not result.articles
    return [r.reason for r in result.rejections]


# --- text files ---------------------------------------------------------------------------------------

def test_txt_title_is_the_first_non_empty_line() -> None:
    article = one("talks.txt", "\n\n  Ministers meet in Hanoi  \n\n" + BODY + "\n")
    assert article.title == "Ministers meet in Hanoi"
    assert article.text == BODY
    assert (article.external_id, article.source_format) == ("talks", "txt")
    assert article.raw_payload.startswith("\n\n  Ministers")


def test_txt_with_only_a_title_is_rejected() -> None:
    [reason] = reasons("title.txt", "Just a headline\n\n")
    assert "only one line" in reason and "no article text" in reason


def test_suffix_is_case_insensitive_and_inner_dots_stay_in_the_id() -> None:
    assert one("report.2024.TXT", "Title\n\n" + BODY).external_id == "report.2024"


def test_unsupported_suffix() -> None:
    assert reasons("notes.docx", "x") == ["unsupported file type .docx: expected one of .txt, .json, .jsonl, "
                                          ".html, .htm (optionally gzipped)"]


# --- JSON and JSONL -------------------------------------------------------------------------------------

def test_json_object() -> None:
    article = one("a.json", json.dumps({"id": "vna-1", "title": "Talks", "text": BODY, "url": "https://x/1",
                                        "published_at": "2022-10-18T09:30:00+07:00"}))
    assert (article.external_id, article.title, article.text, article.url) == ("vna-1", "Talks", BODY, "https://x/1")
    assert article.published_at == datetime(2022, 10, 18, 2, 30)  # stored in UTC
    assert article.source_format == "json" and not article.notes


def test_json_array_with_and_without_ids() -> None:
    result = read("feed.json", json.dumps([{"id": "first", "text": BODY}, {"text": BODY + " More."},
                                           {"text": BODY + " Even more."}]))
    assert [a.external_id for a in result.articles] == ["first", "feed-2", "feed-3"]
    assert [a.source_uri for a in result.articles] == [f"file:///in/feed.json#{n}" for n in (1, 2, 3)]


def test_single_article_without_id_uses_the_file_stem() -> None:
    assert one("lonely.json", json.dumps({"text": BODY})).external_id == "lonely"
    assert one("lonely.json", json.dumps([{"text": BODY}])).external_id == "lonely"


def test_jsonl_ids_use_the_line_number_so_a_broken_line_renumbers_nothing() -> None:
    lines = [json.dumps({"text": f"{BODY} Item {n}."}) for n in range(1, 4)]
    lines[1] = lines[1][:-5]
    result = read("feed.jsonl", "\n".join(lines) + "\n\n")
    assert [a.external_id for a in result.articles] == ["feed-1", "feed-3"]
    [rejection] = result.rejections
    assert rejection.source_uri == "file:///in/feed.jsonl#line=2"
    assert rejection.reason.startswith("invalid JSON on line 2:")


def test_missing_title_is_derived_from_the_lead() -> None:
    assert one("a.json", json.dumps({"text": BODY})).title == ("Hanoi (VNA) – The two ministers met in Hanoi on "
                                                              "October 18.")
    long_lead = "word " * 100
    title = derive_title(long_lead)
    assert title.endswith("…") and len(title) <= 161 and not title[:-1].endswith(" ")


def test_body_and_content_are_aliases_of_text() -> None:
    assert one("a.json", json.dumps({"body": BODY})).text == BODY
    assert one("b.json", json.dumps({"content": BODY})).text == BODY
    assert one("c.json", json.dumps({"text": None, "body": BODY})).text == BODY


def test_unknown_fields_are_kept() -> None:
    article = one("a.json", json.dumps({"text": BODY, "section": "Politics", "tags": ["asean"], "score": 1.5}))
    assert article.extra_fields == {"section": "Politics", "tags": ["asean"], "score": 1.5}


@pytest.mark.parametrize(("document", "reason"), [
    ({"title": "no text"}, "no article text: the record has no 'text' or 'body' field"),
    ({"text": None}, "'text' is null, not a string"),
    ({"text": 42}, "'text' is a number, not a string"),
    ({"body": ["a"]}, "'body' is an array, not a string"),
    ({"text": "  \n "}, "'text' is empty"),
])
def test_unusable_text(document: dict, reason: str) -> None:
    assert reasons("a.json", json.dumps(document)) == [reason]


@pytest.mark.parametrize(("content", "reason"), [
    ('{"text": "x"', "invalid JSON at line 1 column 13: Expecting ',' delimiter"),
    ("42", "expected a JSON object per article, got a number"),
    ("[]", "empty JSON array: the file has no articles"),
    ('"a string"', "expected a JSON object per article, got a string"),
    ("[" * 50_000, "nested too deeply"),
    ('{"n": ' + "1" * 5_000 + "}", "a number too long to read"),
])
def test_bad_json_is_rejected_with_a_reason(content: str, reason: str) -> None:
    [got] = reasons("a.json", content)
    assert reason in got


def test_title_that_is_not_a_string_is_noted() -> None:
    article = one("a.json", json.dumps({"title": {"en": "x"}, "text": BODY}))
    assert article.title.startswith("Hanoi (VNA)")
    assert article.notes == ("title was an object, not a string: derived from the lead instead",)


@pytest.mark.parametrize(("value", "expected", "note"), [
    ("vna-1", "vna-1", None),
    ("  spaced  ", "spaced", None),
    (1234, "1234", None),
    ("", "a", "id is empty"),
    (True, "a", "unusable"),
    ({"x": 1}, "a", "unusable"),
    ("x" * 300, "a", "unusable"),
])
def test_external_id(value: object, expected: str, note: str | None) -> None:
    article = one("a.json", json.dumps({"id": value, "text": BODY}))
    assert article.external_id == expected
    assert (note is None and not article.notes) or any(note in n for n in article.notes)


def test_article_id_is_stable_and_ignores_cosmetic_edits() -> None:
    first = one("a.txt", "Title\n\n" + BODY)
    assert one("a.txt", "Title\n\n" + BODY).article_id == first.article_id
    assert one("b.txt", "Title  \r\n\r\n" + BODY.replace("\n", "\r\n") + "\n\n\n").article_id == first.article_id
    assert one("a.txt", "Title\n\n" + BODY + " Changed.").article_id != first.article_id
    assert first.article_id == first.content_hash[:32]


def test_nan_and_lone_surrogates_are_repaired_with_a_note() -> None:
    value, notes = parse_json('{"a": NaN, "b": Infinity, "c": "x\\ud800y"}')
    assert (value["a"], value["b"]) == (None, None)
    assert value["c"].startswith("x\ufffd") and value["c"].endswith("y") and "\ud800" not in value["c"]
    assert notes[0] == "Infinity, NaN replaced by null (not valid JSON)"
    assert "lone UTF-16 surrogates" in notes[1]


def test_parse_json_raises_only_bad_json() -> None:
    with pytest.raises(BadJson, match="on line 3"):
        parse_json("{", where="on line 3")


# --- dates ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("2022-10-18", datetime(2022, 10, 18)),
    ("2022-10-18T09:30:00Z", datetime(2022, 10, 18, 9, 30)),
    ("2022-10-18T09:30:00+07:00", datetime(2022, 10, 18, 2, 30)),
    (None, None),
    ("", None),
])
def test_published_at_iso(value: object, expected: datetime | None) -> None:
    assert parse_published_at(value, NOW) == (expected, None)


@pytest.mark.parametrize(("value", "note"), [
    ("2023-02-30", "is not a real date"),
    ("18/10/2022", "is not an ISO 8601 date"),
    ("2999-01-01", "is in the future"),
    ("1850-01-01", "is before 1900"),
    (1666051200, "is a number, not a string"),
    (True, "is a boolean, not a string"),
    ("0001-01-01T00:00:00+01:00", "out of range"),
])
def test_published_at_unusable_is_nulled_with_a_note(value: object, note: str) -> None:
    parsed, got = parse_published_at(value, NOW)
    assert parsed is None and got is not None and note in got and got.endswith("ignored")


def test_published_at_with_a_bad_time_keeps_the_date() -> None:
    parsed, note = parse_published_at("2022-10-18 around noon", NOW)
    assert parsed == datetime(2022, 10, 18) and note is not None and "kept the date only" in note


# --- sizes, gzip and decoding ---------------------------------------------------------------------------

def test_gzip_is_supported() -> None:
    article = one("a.txt.gz", gzip.compress(("Title\n\n" + BODY).encode()))
    assert (article.external_id, article.title, article.notes) == ("a", "Title", ("decompressed from gzip",))


def test_gzip_bomb_and_oversized_files_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 1000)
    assert "more than 0 MiB when decompressed" in reasons("a.txt.gz", gzip.compress(b"Title\n\n" + b"a" * 5000))[0]
    assert reasons("a.txt", b"Title\n\n" + b"a" * 5000)[0].startswith("file too large: 0.0 MiB")
    assert reasons("a.txt.gz", b"plain")[0].startswith("not a readable gzip file")


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b" \n\t", "file is only whitespace"),
    (codecs.BOM_UTF8 + b"\n", "file has no text"),
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file: the bytes are a PNG image"),
    ("Title\n\nText".encode("utf-16-be"), "UTF-16 without a byte order mark"),
    (codecs.BOM_UTF8 + b"ok \xff", "UTF-8 byte order mark but is not valid UTF-8 at byte 6"),
    (codecs.BOM_UTF16_LE + b"a", "UTF-16 byte order mark but is not valid UTF-16"),
    (b"\xff\x00\x01" * 10, "binary file"),
])
def test_undecodable_bytes(content: bytes, reason: str) -> None:
    [got] = reasons("a.txt", content)
    assert reason in got


def test_decoding_normalisations_are_noted() -> None:
    decoded = decode_article_bytes(codecs.BOM_UTF8 + b"Title\r\nbody\rmore\x00 text")
    assert decoded.text == "Title\nbody\nmore text"
    assert decoded.notes == ("UTF-8 byte order mark removed", "line endings normalised to LF",
                             "1 control characters removed")
    assert decode_article_bytes("Café".encode("cp1252")).text == "Café"
    assert decode_article_bytes(codecs.BOM_UTF16_BE + "Xin chào".encode("utf-16-be")).text == "Xin chào"
    with pytest.raises(NotText):
        decode_article_bytes(b"%PDF-1.7")


def test_json_text_is_normalised_like_files() -> None:
    article = one("a.json", json.dumps({"title": "T\u0007", "text": "Line one\r\nline two\u0000."}))
    assert (article.title, article.text) == ("T", "Line one\nline two.")
    assert "line endings normalised to LF" in article.notes
    assert normalise_text("\x01GIF8 looks binary").text == "GIF8 looks binary"


def test_file_name_that_is_not_utf8() -> None:
    article = one("bad-\udcff.txt", "Title\n\n" + BODY)
    assert article.external_id == "bad-\ufffd"
    assert article.notes == ("file name is not valid UTF-8: read as 'bad-\ufffd.txt'",)
