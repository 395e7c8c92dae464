"""A corpus of bad inputs, written into a folder at test time (nothing big or binary is committed).

Each `Case` is one kind of bad input: the file(s) it writes under INPUT and what landing must do with
them. `lands` articles reach raw.articles; each string of `reasons` is part of one rejection reason in
raw.rejected_inputs (one rejection per string); each string of `notes` is part of a landing note of an
article from the file (a documented normalisation). `large` cases are left out of the quick DAG run.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

Writer = Callable[[Path], None]
SAMPLES = Path(__file__).resolve().parents[2] / "include" / "sample_articles"

SQL_INJECTION = "'); DROP TABLE raw.articles; --"
JINJA_CALL = "{{ run_query('select 1') }}"
JINJA_MACRO = "{% macro x() %}boom{% endmacro %}"
SHELL_SUBSTITUTION = "$(rm -rf /)"
SHELL_BACKTICKS = "`rm -rf ~`"
PATH_ID = "../../etc/passwd"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BAD_FILENAME = "bad-\udcff-name.txt"  # the byte 0xFF in a file name, as Python spells undecodable bytes
MiB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str  # path under INPUT whose landing outcome is checked
    kind: str
    write: Writer
    lands: int = 0
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    large: bool = False
    unreadable: bool = False  # the outcome relies on file permissions, which root ignores


def article_text(tag: str) -> str:
    """A short, distinct, plausible wire story about `tag`."""
    return (f"Hanoi (VNA) – Deputy Prime Minister and Foreign Minister Bui Thanh Son held talks in Hanoi on "
            f"October 18, 2022 with his counterpart about {tag}.\n\n"
            f"The two sides agreed to deepen cooperation on {tag} and to meet again next year.")


def _text(name: str, content: str, encoding: str = "utf-8") -> Writer:
    return lambda root: _write(root / name, content.encode(encoding))


def _bytes(name: str, data: bytes) -> Writer:
    return lambda root: _write(root / name, data)


def _json(name: str, document: object) -> Writer:
    return _text(name, json.dumps(document, ensure_ascii=False))


def _story(tag: str, **fields: object) -> dict[str, object]:
    return {"title": f"Talks on {tag}", "text": article_text(tag), **fields}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _fifty_megabytes(root: Path) -> None:
    line = (article_text("a very large feed") + "\n").encode()
    with (root / "huge-50mb.txt").open("wb") as handle:
        handle.write(b"A file of 50 MB\n\n")
        for _ in range(50 * MiB // len(line) + 1):
            handle.write(line)


def _symlink(name: str, target: str) -> Writer:
    return lambda root: os.symlink(target, root / name)


def _outside_link(root: Path) -> None:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.txt").write_text("A secret outside INPUT\n\nIt must never be read by the landing.")
    os.symlink(outside / "secret.txt", root / "link-outside.txt")
    os.symlink(outside, root / "link-outside-folder")


def _unreadable(root: Path) -> None:
    path = root / "unreadable.txt"
    path.write_text("Unreadable file\n\n" + article_text("file permissions"))
    path.chmod(0)


def _unreadable_folder(root: Path) -> None:
    folder = root / "unreadable-folder"
    folder.mkdir()
    (folder / "locked-inside.txt").write_text("Inside a locked folder\n\n" + article_text("a locked folder"))
    folder.chmod(0)


def _fifo(root: Path) -> None:
    os.mkfifo(root / "named-pipe.txt")


def _gzip_bomb(root: Path) -> None:
    with gzip.open(root / "gzip-bomb.txt.gz", "wb", compresslevel=9) as handle:
        handle.write(b"A gzip bomb\n\n")
        chunk = b"a" * MiB
        for _ in range(30):
            handle.write(chunk)


def _jsonl_ten_one_broken(root: Path) -> None:
    lines = [json.dumps({"id": f"feed-{n}", **_story(f"feed item {n}")}) for n in range(1, 11)]
    lines[3] = lines[3][:-15]  # line 4 loses its end
    _write(root / "ten-lines-one-broken.jsonl", "\n".join(lines).encode())


def _many_numbers() -> str:
    figures = ", ".join(f"{n * 7} tonnes" for n in range(1, 5001))
    return "Trade figures in full\n\n" + article_text("trade statistics") + "\n\nShipments were " + figures + "."


CASES: tuple[Case, ...] = (
    Case("empty.txt", "empty file", _bytes("empty.txt", b""), reasons=("empty file",)),
    Case("whitespace.txt", "whitespace only", _bytes("whitespace.txt", b"  \n\t\r\n  \n"),
         reasons=("only whitespace",)),
    Case("png-renamed.txt", "binary bytes (a PNG header renamed .txt)", _bytes("png-renamed.txt", PNG_HEADER * 40),
         reasons=("binary file: the bytes are a PNG image",)),
    Case("random-bytes.txt", "binary bytes without a known signature",
         _bytes("random-bytes.txt", bytes(range(256)) * 8), reasons=("binary file",)),
    Case("windows-1252.txt", "invalid UTF-8 (Windows-1252 bytes)",
         _text("windows-1252.txt", "Café talks “in Hanoi”\n\n" + article_text("coffee exports – and tea"), "cp1252"),
         lands=1, notes=("decoded as Windows-1252",)),
    Case("utf16-bom.txt", "UTF-16 with BOM", _text("utf16-bom.txt", "UTF-16 talks\n\n" + article_text("UTF-16"),
                                                     "utf-16"), lands=1, notes=("decoded from UTF-16",)),
    Case("utf16-no-bom.txt", "UTF-16 without BOM",
         _text("utf16-no-bom.txt", "UTF-16LE talks\n\n" + article_text("UTF-16LE"), "utf-16-le"),
         reasons=("UTF-16 without a byte order mark",)),
    Case("utf8-bom.txt", "UTF-8 with BOM", _bytes("utf8-bom.txt", codecs.BOM_UTF8 + ("BOM talks\n\n" + article_text(
        "byte order marks")).encode()), lands=1, notes=("byte order mark removed",)),
    Case("utf8-bom-invalid.txt", "UTF-8 BOM followed by invalid UTF-8",
         _bytes("utf8-bom-invalid.txt", codecs.BOM_UTF8 + b"Broken \xff\xfe text\n\nmore text"),
         reasons=("byte order mark but is not valid UTF-8",)),
    Case("bom-only.txt", "a byte order mark and nothing else", _bytes("bom-only.txt", codecs.BOM_UTF8 + b" \n"),
         reasons=("no text",)),
    Case("crlf.txt", "CRLF line endings", _bytes("crlf.txt", ("CRLF talks\n\n" + article_text("CRLF")).replace(
        "\n", "\r\n").encode()), lands=1, notes=("line endings normalised",)),
    Case("lone-cr.txt", "lone-CR line endings", _bytes("lone-cr.txt", ("CR talks\n\n" + article_text("old Macs"))
                                                        .replace("\n", "\r").encode()),
         lands=1, notes=("line endings normalised",)),
    Case("control-chars.txt", "NUL and other control characters",
         _bytes("control-chars.txt", ("Control\x00 talks\n\n" + article_text("bells\x07 and escapes\x1b[0m")
                                      + "\x0c\x00").encode()), lands=1, notes=("control characters removed",)),
    Case("huge-50mb.txt", "a 50 MB file", _fifty_megabytes, reasons=("file too large: 50.0 MiB",), large=True),
    Case("single-5mb-line.txt", "a single 5 MB line", _text("single-5mb-line.txt", "word " * MiB),
         reasons=("only one line",), large=True),
    Case("long-line-body.txt", "a 5 MB line of article text under a title",
         _text("long-line-body.txt", "A very long paragraph\n\n" + "Hanoi talks went on. " * (5 * MiB // 21)),
         lands=1, large=True),
    Case("title-only.txt", "a text file with a title and no article text", _text("title-only.txt", "Just a title\n"),
         reasons=("only one line",)),
    Case("syntax-error.json", "JSON syntax error", _text("syntax-error.json", '{"title": "Broken", "text": "no end'),
         reasons=("invalid JSON at line 1",)),
    Case("number.json", "JSON of the wrong shape: a number", _text("number.json", "42"),
         reasons=("expected a JSON object per article, got a number",)),
    Case("list-of-strings.json", "JSON of the wrong shape: a list of strings",
         _json("list-of-strings.json", ["first story", "second story"]),
         reasons=("got a string", "got a string")),
    Case("empty-array.json", "JSON of the wrong shape: an empty array", _text("empty-array.json", "[]"),
         reasons=("empty JSON array",)),
    Case("text-null.json", "JSON with text null", _json("text-null.json", {"title": "Null text", "text": None}),
         reasons=("'text' is null",)),
    Case("title-object.json", "JSON with title an object",
         _json("title-object.json", {**_story("object titles"), "title": {"en": "Object"}}),
         lands=1, notes=("title was an object",)),
    Case("ten-lines-one-broken.jsonl", "JSONL with one broken line of ten", _jsonl_ten_one_broken, lands=9,
         reasons=("invalid JSON on line 4",)),
    Case("missing-text.json", "JSON article without text",
         _json("missing-text.json", {"id": "no-text", "title": "Missing text", "summary": "none"}),
         reasons=("no article text",)),
    Case("deep-nesting.json", "JSON nested 100,000 levels deep", _text("deep-nesting.json", "[" * 100_000),
         reasons=("nested too deeply",)),
    Case("huge-integer.json", "JSON with a 10,000-digit number",
         _text("huge-integer.json", '{"text": "t", "views": ' + "9" * 10_000 + "}"),
         reasons=("number too long",)),
    Case("nan-field.json", "JSON with NaN, a value JSON does not have",
         _text("nan-field.json", json.dumps(_story("NaN values"))[:-1] + ', "score": NaN}'),
         lands=1, notes=("NaN replaced by null",)),
    Case("lone-surrogate.json", "JSON with a lone UTF-16 surrogate escape",
         _text("lone-surrogate.json", '{"title": "Broken \\ud800 escape", "text": "' +
               article_text("surrogates").replace("\n", "\\n") + '", "tag": "\\udc00"}'),
         lands=1, notes=("invalid Unicode escapes replaced",)),
    Case("id-path.json", "an id with path characters (../../etc/passwd)",
         _json("id-path.json", _story("path ids", id=PATH_ID)), lands=1),
    Case("id-slash.json", "an id with a slash (a/b)", _json("id-slash.json", _story("slash ids", id="a/b")), lands=1),
    Case("id-empty.json", "an empty id", _json("id-empty.json", _story("empty ids", id="")), lands=1,
         notes=("id is empty",)),
    Case("id-10kb.json", "an id 10 KB long", _json("id-10kb.json", _story("long ids", id="x" * 10_240)), lands=1,
         notes=("unusable",)),
    Case("dup-id-a.json", "duplicate id, first of two", _json("dup-id-a.json", _story("first version", id="dup-7")),
         lands=1),
    Case("dup-id-b.json", "duplicate id with different content",
         _json("dup-id-b.json", _story("second version", id="dup-7")), reasons=("duplicate id 'dup-7'",)),
    Case("dup-lines.jsonl", "duplicate id with different content inside one JSONL file",
         _text("dup-lines.jsonl", "\n".join(json.dumps(_story(tag, id="line-dup")) for tag in ("one", "two"))),
         lands=1, reasons=("duplicate id 'line-dup'",)),
    Case("same-content-a.txt", "the same content under two names (first)",
         _text("same-content-a.txt", "Twin story\n\n" + article_text("twins")), lands=1),
    Case("same-content-b.txt", "the same content under two names (second)",
         _text("same-content-b.txt", "Twin story\n\n" + article_text("twins")), lands=1),
    Case("repeat-a/same.json", "the very same article (id and content) in two files",
         _json("repeat-a/same.json", _story("repeats", id="same-article")), lands=1,
         notes=("also in", "repeat-b/same.json")),
    Case("repeat-b/same.json", "the very same article, second copy",
         _json("repeat-b/same.json", _story("repeats", id="same-article"))),
    Case("date-invalid.json", "published_at not a real date (2023-02-30)",
         _json("date-invalid.json", _story("bad dates", published_at="2023-02-30")), lands=1,
         notes=("not a real date",)),
    Case("date-format.json", "published_at in another format (18/10/2022)",
         _json("date-format.json", _story("date formats", published_at="18/10/2022")), lands=1,
         notes=("not an ISO 8601 date",)),
    Case("date-future.json", "published_at in the future",
         _json("date-future.json", _story("the future", published_at="2999-01-01")), lands=1,
         notes=("in the future",)),
    Case("date-number.json", "published_at a number",
         _json("date-number.json", _story("epoch seconds", published_at=1666051200)), lands=1,
         notes=("is a number, not a string",)),
    Case("date-trailing.json", "published_at with an unreadable time part",
         _json("date-trailing.json", _story("half dates", published_at="2022-10-18 at noon")), lands=1,
         notes=("kept the date only",)),
    Case("html-no-body.html", "HTML with no article body",
         _text("html-no-body.html", "<html><head><title>Menu</title><script>var a=1;</script></head><body>"
                                    "<nav><a href='/'>Home</a></nav><footer>© VNA</footer></body></html>"),
         reasons=("no article text",)),
    Case("html-script.html", "HTML with <script>",
         _text("html-script.html", "<html><head><title>Scripted talks</title><script>alert('x')</script></head>"
                                   "<body><article><h1>Scripted talks</h1><script>document.write('evil')</script>"
                                   f"<p>{article_text('scripts')}</p></article></body></html>"), lands=1),
    Case("html-unclosed.html", "HTML with 50,000 unclosed tags and stray end tags",
         _text("html-unclosed.html", "<html><body><h1>Unclosed</h1>" + "<b>" * 50_000 + "</i>" * 50_000
               + f"<p>{article_text('tag soup')}</p></body></html>"), lands=1),
    Case("sql-injection.json", "text with SQL",
         _json("sql-injection.json", {"id": "sql-1", "title": SQL_INJECTION,
                                      "text": f"{article_text('SQL')}\n\nRobert{SQL_INJECTION}"}), lands=1),
    Case("jinja.txt", "text with Jinja", _text("jinja.txt", f"Jinja {JINJA_CALL}\n\n{article_text('templates')}\n\n"
                                                             f"{JINJA_MACRO} {{{{ x() }}}}"), lands=1),
    Case("shell.txt", "text with shell metacharacters",
         _text("shell.txt", f"Shell {SHELL_SUBSTITUTION}\n\n{article_text('shells')} {SHELL_BACKTICKS} | rm; &"),
         lands=1),
    Case("non-english.txt", "a non-English article",
         _text("non-english.txt", "Việt Nam và Hàn Quốc tăng cường hợp tác\n\nHà Nội (TTXVN) – Bộ trưởng Ngoại giao "
                                  "Bùi Thanh Sơn đã hội đàm với người đồng cấp Hàn Quốc Park Jin ngày 18/10.\n\n"
                                  "베트남과 한국은 협력을 강화하기로 합의했다."), lands=1),
    Case("no-facts.txt", "an article with no facts",
         _text("no-facts.txt", "Autumn in Hanoi\n\nThe leaves are turning yellow along the lake, and the evenings "
                               "are cooler now."), lands=1),
    Case("many-numbers.txt", "an article with 5,000 numbers", _text("many-numbers.txt", _many_numbers()), lands=1),
    Case("link-outside.txt", "a symlink pointing outside INPUT", _outside_link,
         reasons=("outside the input folder",)),
    Case("link-outside-folder", "a symlink to a folder outside INPUT", lambda root: None,
         reasons=("symbolic link to a folder",)),
    Case("broken-link.txt", "a symlink to nothing", _symlink("broken-link.txt", "does-not-exist.txt"),
         reasons=("broken link",)),
    Case("loop-link.txt", "a symlink loop", _symlink("loop-link.txt", "loop-link.txt"), reasons=("symbolic link",)),
    Case("named-pipe.txt", "a named pipe", _fifo, reasons=("not a regular file",)),
    Case("unreadable.txt", "an unreadable file (chmod 000)", _unreadable, reasons=("cannot read file",),
         unreadable=True),
    Case("unreadable-folder", "an unreadable folder (chmod 000)", _unreadable_folder,
         reasons=("cannot list folder",), unreadable=True),
    Case("x.json/inside-x-json.txt", "a directory named x.json (walked as a folder)",
         _text("x.json/inside-x-json.txt", "Inside a folder named x.json\n\n" + article_text("folders")), lands=1),
    Case("gzipped.txt.gz", "a .gz file (supported)",
         _bytes("gzipped.txt.gz", gzip.compress(("Gzipped talks\n\n" + article_text("gzip")).encode(), mtime=0)),
         lands=1, notes=("decompressed from gzip",)),
    Case("not-gzip.json.gz", "a .gz file that is not gzip", _bytes("not-gzip.json.gz", b'{"text": "plain"}'),
         reasons=("not a readable gzip file",)),
    Case("gzip-bomb.txt.gz", "a small .gz that decompresses to 30 MB", _gzip_bomb,
         reasons=("more than 20 MiB when decompressed",)),
    Case("report.pdf", "an unsupported file type", _bytes("report.pdf", b"%PDF-1.4 not an article"),
         reasons=("unsupported file type .pdf",)),
    Case("README", "a file without an extension", _text("README", "notes for the editors"),
         reasons=("unsupported file type (none)",)),
    Case(".drafts", "a hidden folder", _text(".drafts/draft.txt", "Draft\n\n" + article_text("drafts")),
         reasons=("hidden folder ignored",)),
    Case(".DS_Store", "a hidden file", _bytes(".DS_Store", b"\x00\x00\x00\x01Bud1"), reasons=("hidden file",)),
    Case(BAD_FILENAME, "a file name that is not UTF-8",
         _text(BAD_FILENAME, "Odd file name\n\n" + article_text("file names")), lands=1,
         notes=("file name is not valid UTF-8",)),
)


def write_corpus(input_dir: Path, *, large: bool = True, samples: bool = True) -> list[Case]:
    """Write every case (without the large ones if large=False) and the sample articles into input_dir."""
    input_dir.mkdir(parents=True, exist_ok=True)
    chosen = [case for case in CASES if large or not case.large]
    for case in chosen:
        case.write(input_dir)
    if samples:
        for sample in sorted(SAMPLES.glob("*.txt")):
            shutil.copyfile(sample, input_dir / sample.name)
    return chosen


def write_tiny_files(input_dir: Path, count: int = 10_000) -> None:
    """`count` tiny but valid text articles, in 100 subfolders."""
    for n in range(count):
        folder = input_dir / f"batch-{n // 100:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"tiny-{n:05d}.txt").write_text(f"Tiny {n}\n\nBrief number {n} from Hanoi.\n")


def restore_permissions(input_dir: Path) -> None:
    """Undo the chmod 000 of the unreadable cases so that the folder can be deleted."""
    for path in _walk_all(input_dir):
        if not path.is_symlink():
            path.chmod(0o755 if path.is_dir() else 0o644)


def _walk_all(root: Path) -> Iterator[Path]:
    yield root
    for path in root.iterdir():
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
            yield from _walk_all(path)
        else:
            yield path
