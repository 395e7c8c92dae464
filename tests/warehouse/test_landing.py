"""Landing a folder into raw.articles and raw.rejected_inputs (newsfacts.warehouse.landing)."""

from __future__ import annotations

import errno
import json
import os
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from newsfacts.ingest import inputs
from newsfacts.ingest.inputs import read_file_bytes, read_input_folder
from newsfacts.warehouse.landing import land_articles
from newsfacts.ingest.sources import Rejection

BODY = "Hanoi (VNA) – The two ministers met in Hanoi on October 18.\n\nThey agreed to expand trade."
DAY_1, DAY_2 = datetime(2025, 1, 1, 6), datetime(2025, 1, 2, 6)


@pytest.fixture
def input_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "talks.txt").write_text("Ministers meet\n\n" + BODY)
    (folder / "feed.json").write_text(json.dumps([{"id": "vna-1", "title": "One", "text": BODY + " One."},
                                                  {"title": "Two", "text": BODY + " Two."}]))
    (folder / "wire.jsonl").write_text(json.dumps({"id": "w-1", "body": BODY + " Wire.", "desk": "Asia"}) + "\n")
    return folder


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_lands_every_format(input_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    summary = land_articles(input_dir, db, run_id="r1", now=DAY_1)
    assert (summary.files_read, summary.articles_added, summary.rejections_added) == (3, 4, 0)
    landed = rows(db, "select external_id, title, source_format, extra_fields, landing_run_id, ingested_at "
                      "from raw.articles order by external_id")
    assert [r[:3] for r in landed] == [("feed-2", "Two", "json"), ("talks", "Ministers meet", "txt"),
                                       ("vna-1", "One", "json"), ("w-1", "Hanoi (VNA) – The two ministers met in "
                                                                         "Hanoi on October 18.", "jsonl")]
    assert json.loads(landed[3][3]) == {"desk": "Asia"}
    assert {r[4] for r in landed} == {"r1"} and {r[5] for r in landed} == {DAY_1}


def test_landing_twice_adds_nothing_and_ids_are_stable(input_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    land_articles(input_dir, db, run_id="r1", now=DAY_1)
    before = rows(db, "select record_id, article_id from raw.articles order by 1")
    again = land_articles(input_dir, db, run_id="r2", now=DAY_2)
    assert (again.articles_added, again.rejections_added) == (0, 0)
    assert rows(db, "select record_id, article_id from raw.articles order by 1") == before
    elsewhere = tmp_path / "other.duckdb"  # another machine, another day: the same ids
    land_articles(input_dir, elsewhere, run_id="r3", now=DAY_2)
    assert rows(elsewhere, "select record_id, article_id from raw.articles order by 1") == before


def test_a_changed_file_lands_as_a_new_version(input_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    land_articles(input_dir, db, run_id="r1", now=DAY_1)
    (input_dir / "talks.txt").write_text("Ministers meet\n\n" + BODY + " Corrected.")
    summary = land_articles(input_dir, db, run_id="r2", now=DAY_2)
    assert summary.articles_added == 1
    versions = rows(db, "select ingested_at, body_text, article_id from raw.articles "
                        "where external_id = 'talks' order by ingested_at")
    assert [v[0] for v in versions] == [DAY_1, DAY_2]
    assert versions[1][1].endswith("Corrected.") and versions[0][2] != versions[1][2]


def test_rejections_are_recorded_once(input_dir: Path, tmp_path: Path) -> None:
    (input_dir / "broken.json").write_text("{")
    db = tmp_path / "w.duckdb"
    assert land_articles(input_dir, db, now=DAY_1).rejections_added == 1
    assert land_articles(input_dir, db, now=DAY_2).rejections_added == 0
    [(uri, reason, excerpt)] = rows(db, "select source_uri, reason, raw_excerpt from raw.rejected_inputs")
    assert uri == (input_dir / "broken.json").resolve().as_uri()
    assert reason.startswith("invalid JSON at line 1 column 2") and excerpt == "{"


def test_duplicate_ids_in_one_batch(tmp_path: Path) -> None:
    for folder, text in (("a", BODY), ("b", BODY + " Other."), ("c", BODY)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.json").write_text(json.dumps({"id": "same", "text": text}))
    _, result = read_input_folder(tmp_path, DAY_1)
    [article] = result.articles
    assert article.source_uri.endswith("/a/story.json")
    assert article.notes == (f"the same article is also in {(tmp_path / 'c' / 'story.json').as_uri()}: landed once",)
    [rejection] = result.rejections
    assert rejection.source_uri.endswith("/b/story.json")
    assert rejection.reason.startswith("duplicate id 'same' with different content in the same batch")


def test_missing_input_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="does not exist or is not a folder"):
        land_articles(tmp_path / "nope", tmp_path / "w.duckdb")


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 2000)
    monkeypatch.setattr(inputs, "MAX_FILE_BYTES", 1000)
    monkeypatch.setattr(Path, "open", lambda *a, **k: pytest.fail("the oversized file was opened"))
    rejection = read_file_bytes(path)
    assert isinstance(rejection, Rejection) and rejection.reason.startswith("file too large")


def test_unreadable_file_is_rejected(input_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated, because chmod 000 does not stop root (CI containers often run tests as root)."""
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object):
        if self.name == "talks.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    _, result = read_input_folder(input_dir, DAY_1)
    assert [r.reason for r in result.rejections] == ["cannot read file: Permission denied"]
    assert len(result.articles) == 3


def test_a_file_deleted_after_the_listing_is_refused_not_a_crash(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("Title\n\n" + BODY)
    listing = inputs.iter_input_paths(tmp_path)
    first = next(listing)  # the folder is listed now; b.txt goes before its stat
    (tmp_path / "b.txt").unlink()
    rest = list(listing)
    assert [(Path(path).name, refusal is None, stat is not None) for path, refusal, stat in [first, *rest]] == [
        ("a.txt", True, True), ("b.txt", False, False), ("c.txt", True, True)]
    assert rest[0][1].reason == "cannot read file: No such file or directory"
    assert first[2].st_size == (tmp_path / "a.txt").stat().st_size


def test_unlistable_folder_is_rejected(input_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = input_dir / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text("Inside\n\n" + BODY + " Locked.")
    real_scandir = os.scandir

    def refuse(path: object = "."):
        if Path(str(path)).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    _, result = read_input_folder(input_dir, DAY_1)
    assert [(Path(r.source_uri).name, r.reason) for r in result.rejections] == [
        ("locked", "cannot list folder: Permission denied")]
    assert len(result.articles) == 4


def test_an_unexpected_error_in_one_file_does_not_stop_the_batch(input_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    real = inputs.read_input_file

    def explode(name, data, uri, now):
        if name.name == "talks.txt":
            raise KeyError("boom")
        return real(name, data, uri, now)

    monkeypatch.setattr(inputs, "read_input_file", explode)
    _, result = read_input_folder(input_dir, DAY_1)
    [rejection] = result.rejections
    assert "a bug in newsfacts, please report it" in rejection.reason and "KeyError" in rejection.reason
    assert len(result.articles) == 3


def test_links_inside_are_read_and_links_outside_are_not(tmp_path: Path) -> None:
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (inside / "story.txt").write_text("Story\n\n" + BODY)
    (outside / "secret.txt").write_text("Secret\n\n" + BODY + " Secret.")
    (inside / "alias.txt").symlink_to(inside / "story.txt")
    (inside / "leak.txt").symlink_to(outside / "secret.txt")
    (inside / "folder").symlink_to(outside)
    _, result = read_input_folder(inside, DAY_1)
    assert sorted(a.external_id for a in result.articles) == ["alias", "story"]
    reasons = sorted((Path(r.source_uri).name, r.reason.split(" (")[0].split(",")[0]) for r in result.rejections)
    assert reasons == [("folder", "symbolic link to a folder"), ("leak.txt", f"symbolic link to {outside}/secret.txt")]


def test_text_is_stored_byte_for_byte(tmp_path: Path) -> None:
    hostile = "'); DROP TABLE raw.articles; -- {{ run_query('select 1') }} $(rm -rf /) `id` \\ \" ?"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.json").write_text(json.dumps({"id": hostile, "title": hostile, "text": hostile,
                                                         "url": hostile}))
    db = tmp_path / "w.duckdb"
    land_articles(tmp_path / "in", db)
    assert rows(db, "select external_id, title, body_text, url from raw.articles") == [(hostile,) * 4]
