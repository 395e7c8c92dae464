"""Bad inputs landed in one batch with good articles: no crash, no hang, every good article lands, every
bad input is rejected with a reason a person understands or is a documented normalisation."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse.landing import LandingSummary, land_articles

from tests.conftest import run_dag
from tests.robustness.bad_inputs import (
    CASES,
    JINJA_CALL,
    JINJA_MACRO,
    PATH_ID,
    SAMPLES,
    SHELL_BACKTICKS,
    SHELL_SUBSTITUTION,
    SQL_INJECTION,
    Case,
    restore_permissions,
    write_corpus,
    write_tiny_files,
)

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SAMPLE_NAMES = sorted(p.name for p in SAMPLES.glob("*.txt"))


@dataclass(frozen=True)
class Landed:
    input_dir: Path
    db: Path
    first: LandingSummary
    second: LandingSummary
    articles: list[dict]
    rejections: list[dict]
    counts_after_first: tuple[int, int]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _counts(db: Path) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return (con.execute("select count(*) from raw.articles").fetchone()[0],
                con.execute("select count(*) from raw.rejected_inputs").fetchone()[0])


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> Landed:
    root = tmp_path_factory.mktemp("bad_inputs")
    input_dir, db = root / "input", root / "warehouse.duckdb"
    write_corpus(input_dir)
    try:
        first = land_articles(input_dir, db, run_id="bad-inputs-1")
        counts = _counts(db)
        second = land_articles(input_dir, db, run_id="bad-inputs-2")
    finally:
        restore_permissions(input_dir)
    with duckdb.connect(str(db), read_only=True) as con:
        articles = _rows(con, "select * from raw.articles")
        rejections = _rows(con, "select * from raw.rejected_inputs")
    return Landed(input_dir, db, first, second, articles, rejections, counts)


def _for(rows: list[dict], uri: str) -> list[dict]:
    """Rows of the file at uri: the file itself, its records (uri#...) or, for a folder, the files in it."""
    return [r for r in rows if r["source_uri"] == uri or r["source_uri"].startswith((uri + "#", uri + "/"))]


def test_corpus_covers_at_least_30_kinds() -> None:
    assert len({case.kind for case in CASES}) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name.encode("ascii", "replace").decode())
def test_each_bad_input_has_its_outcome(landed: Landed, case: Case) -> None:
    uri = (landed.input_dir / case.name).as_uri()
    articles, rejections = _for(landed.articles, uri), _for(landed.rejections, uri)
    if case.unreadable and AS_ROOT:
        assert len(articles) == 1 and not rejections  # root reads a chmod 000 file: it is simply landed
        pytest.skip("running as root: chmod 000 does not stop root from reading, so the 'cannot read file' / "
                    "'cannot list folder' rejection is not exercised here "
                    "(tests/warehouse/test_landing.py simulates both)")
    assert len(articles) == case.lands, [a["title"] for a in articles]
    reasons = sorted(r["reason"] for r in rejections)
    assert len(reasons) == len(case.reasons), reasons
    for expected in case.reasons:
        assert any(expected in reason for reason in reasons), (expected, reasons)
    notes = [note for a in articles for note in (a["landing_notes"] or [])]
    for expected in case.notes:
        assert any(expected in note for note in notes), (expected, notes)


def test_every_good_article_lands(landed: Landed) -> None:
    landed_names = {a["source_uri"].rsplit("/", 1)[-1] for a in landed.articles}
    assert set(SAMPLE_NAMES) <= landed_names
    readable_as_root = sum(1 for case in CASES if case.unreadable) if AS_ROOT else 0
    expected = sum(case.lands for case in CASES) + len(SAMPLE_NAMES) + readable_as_root
    assert landed.first.articles_added == len(landed.articles) == expected


def test_every_input_is_accounted_for(landed: Landed) -> None:
    """Each path under INPUT is landed, rejected, noted on the article it duplicates, or in a refused folder."""
    refused_folders = {r["source_uri"] for r in landed.rejections}
    mentioned = " ".join(note for a in landed.articles for note in (a["landing_notes"] or []))
    for dirpath, dirnames, filenames in os.walk(landed.input_dir):
        folder = Path(dirpath)
        if any(folder.as_uri() == uri or folder.as_uri().startswith(uri + "/") for uri in refused_folders):
            dirnames.clear()
            continue
        for name in [*filenames, *(d for d in dirnames if (folder / d).is_symlink())]:
            uri = (folder / name).as_uri()
            assert _for(landed.articles, uri) or _for(landed.rejections, uri) or uri in mentioned, uri


def test_reasons_are_sentences_not_tracebacks(landed: Landed) -> None:
    for rejection in landed.rejections:
        reason = rejection["reason"]
        assert 10 <= len(reason) <= 400, reason
        assert "Traceback" not in reason and "bug in newsfacts" not in reason, reason


def test_landing_twice_adds_nothing(landed: Landed) -> None:
    assert landed.second.articles_added == 0
    assert landed.second.rejections_added == 0
    # unchanged files are not read again; only those that could not be read are tried again
    assert landed.second.articles_in_input == 0
    assert landed.second.files_read + landed.second.files_unchanged == landed.first.files_read
    assert _counts(landed.db) == landed.counts_after_first


def _one(landed: Landed, name: str) -> dict:
    [article] = _for(landed.articles, (landed.input_dir / name).as_uri())
    return article


def test_sql_injection_lands_byte_for_byte_and_raw_articles_survives(landed: Landed) -> None:
    article = _one(landed, "sql-injection.json")
    assert article["title"] == SQL_INJECTION
    assert article["body_text"].endswith(f"Robert{SQL_INJECTION}")
    with duckdb.connect(str(landed.db), read_only=True) as con:
        tables = {r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'raw'").fetchall()}
        found = con.execute("select count(*) from raw.articles where title = ?", [SQL_INJECTION]).fetchone()[0]
    assert {"articles", "rejected_inputs"} <= tables
    assert found == 1


def test_template_and_shell_text_is_data(landed: Landed) -> None:
    jinja = _one(landed, "jinja.txt")
    assert jinja["title"] == f"Jinja {JINJA_CALL}"
    assert jinja["body_text"].endswith(f"{JINJA_MACRO} {{{{ x() }}}}")
    shell = _one(landed, "shell.txt")
    assert shell["title"] == f"Shell {SHELL_SUBSTITUTION}"
    assert f"{SHELL_BACKTICKS} | rm; &" in shell["body_text"]


def test_ids_are_data_not_paths(landed: Landed) -> None:
    assert _one(landed, "id-path.json")["external_id"] == PATH_ID
    assert _one(landed, "id-slash.json")["external_id"] == "a/b"
    assert _one(landed, "id-10kb.json")["external_id"] == "id-10kb"
    assert _one(landed, "id-empty.json")["external_id"] == "id-empty"
    assert not (landed.input_dir.parent / "etc").exists()


def test_normalised_text(landed: Landed) -> None:
    assert _one(landed, "utf8-bom.txt")["title"] == "BOM talks"
    assert _one(landed, "utf16-bom.txt")["title"] == "UTF-16 talks"
    assert _one(landed, "windows-1252.txt")["title"] == "Café talks “in Hanoi”"
    for name in ("crlf.txt", "lone-cr.txt"):
        assert "\r" not in _one(landed, name)["body_text"]
    control = _one(landed, "control-chars.txt")
    assert control["title"] == "Control talks"
    assert not any(ord(c) < 32 and c not in "\n\t" for c in control["body_text"])
    assert "\ufffd" in _one(landed, "lone-surrogate.json")["title"]


def test_unusable_dates_are_nulled_with_a_note(landed: Landed) -> None:
    for name in ("date-invalid.json", "date-format.json", "date-future.json", "date-number.json"):
        assert _one(landed, name)["published_at"] is None, name
    assert _one(landed, "date-trailing.json")["published_at"] == datetime(2022, 10, 18)


def test_duplicates(landed: Landed) -> None:
    assert _one(landed, "dup-id-a.json")["external_id"] == "dup-7"
    twins = [_one(landed, name) for name in ("same-content-a.txt", "same-content-b.txt")]
    assert twins[0]["article_id"] == twins[1]["article_id"]  # one article in the marts, two names in raw
    assert {t["external_id"] for t in twins} == {"same-content-a", "same-content-b"}


def test_html_scripts_are_dropped(landed: Landed) -> None:
    page = _one(landed, "html-script.html")
    assert page["title"] == "Scripted talks"
    assert "evil" not in page["body_text"] and "alert" not in page["body_text"]
    assert "agreed to deepen cooperation on scripts" in page["body_text"]


def test_nothing_outside_input_is_read(landed: Landed) -> None:
    assert not any("must never be read" in a["body_text"] for a in landed.articles)


def test_ten_thousand_tiny_files(tmp_path: Path) -> None:
    """Times are printed (run with -s), never asserted."""
    input_dir = tmp_path / "tiny"
    write_tiny_files(input_dir, 10_000)
    seconds = []
    for attempt in range(3):
        start = time.perf_counter()
        summary = land_articles(input_dir, tmp_path / f"tiny-{attempt}.duckdb", run_id="tiny")
        seconds.append(time.perf_counter() - start)
        assert (summary.files_read, summary.articles_added, summary.rejections_in_input) == (10_000, 10_000, 0)
    print(f"\n10,000 tiny files landed in {statistics.median(seconds):.2f} s (median of 3: "
          f"{', '.join(f'{s:.2f}' for s in seconds)})")


@pytest.mark.e2e
def test_dag_run_on_bad_batch(tmp_path: Path) -> None:
    """The real DAG on the small bad batch plus the samples: the run succeeds and the samples are published."""
    input_dir, warehouse = tmp_path / "input", tmp_path / "warehouse"
    write_corpus(input_dir, large=False)
    try:
        result = run_dag(input_dir, warehouse)
    finally:
        restore_permissions(input_dir)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    hostile_titles = {SQL_INJECTION, f"Jinja {JINJA_CALL}", f"Shell {SHELL_SUBSTITUTION}"}
    with duckdb.connect(str(warehouse / "marts.duckdb"), read_only=True) as con:
        published = dict(con.execute("select external_id, title from dim_articles").fetchall())
    assert {name.removesuffix(".txt") for name in SAMPLE_NAMES} <= set(published)
    assert hostile_titles <= set(published.values())  # published verbatim: never rendered by dbt's Jinja
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        titles = {r[0] for r in con.execute("select title from raw.articles").fetchall()}
        bodies = " ".join(r[0] for r in con.execute("select body_text from raw.articles").fetchall())
        rejected = con.execute("select count(*) from raw.rejected_inputs").fetchone()[0]
    assert hostile_titles <= titles
    assert JINJA_MACRO in bodies and SHELL_BACKTICKS in bodies
    assert rejected >= sum(len(c.reasons) for c in CASES if not c.large and not c.unreadable)
