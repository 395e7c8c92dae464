"""Sharded, incremental landing (newsfacts.warehouse.shards, newsfacts.warehouse.landing): same result whatever the sharding,
unchanged files not read again, facts extracted once per article and again only for a new extractor."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from newsfacts.warehouse import landing, shards
from newsfacts.warehouse.landing import land_articles

from tests.conftest import REPO, SAMPLES, marts_content, run_dag

CORPUS = REPO / "tests" / "extraction" / "corpus" / "articles"
DAY_1, DAY_2 = datetime(2025, 1, 1, 6), datetime(2025, 1, 2, 6)
# Everything landed, without the columns that say when and by which run.
CONTENT_QUERIES = {
    "articles": "select * exclude (ingested_at, landing_run_id) from raw.articles order by record_id",
    "rejections": "select * exclude (rejected_at, landing_run_id) from raw.rejected_inputs order by rejection_id",
    "sections": "select * from extracted.article_sections order by all",
    "facts": "select * from extracted.article_facts order by all",
}


@pytest.fixture
def input_dir(tmp_path: Path) -> Path:
    """The samples and the evaluation corpus, one broken file, and the same article under two names."""
    folder = tmp_path / "input"
    folder.mkdir()
    for path in [*SAMPLES.iterdir(), *CORPUS.iterdir()]:
        shutil.copy(path, folder / path.name)
    (folder / "broken.json").write_text('{"id": "x", "text": ')
    shutil.copy(SAMPLES / "vn-rok-fm-talks.txt", folder / "zz-same-talks.txt")
    return folder


def landed(db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(query).fetchall() for name, query in CONTENT_QUERIES.items()}


def test_four_shards_and_two_workers_land_what_one_shard_does(input_dir: Path, tmp_path: Path) -> None:
    one = land_articles(input_dir, tmp_path / "one.duckdb", "r", DAY_1, shard_count=1, workers=1)
    four = land_articles(input_dir, tmp_path / "four.duckdb", "r", DAY_1, shard_count=4, workers=2)
    assert one == four
    assert one.articles_added == len(list(SAMPLES.iterdir())) + len(list(CORPUS.iterdir())) + 1
    assert one.rejections_added == 1
    content = landed(tmp_path / "one.duckdb")
    assert all(content.values())
    assert content == landed(tmp_path / "four.duckdb")
    assert not any((tmp_path / "runs").iterdir())  # each run's parts are removed once loaded


# A main script that cannot be imported again, as Airflow's CLI cannot inside a task (the metadata DB blocked).
MAIN_THAT_FAILS_TWICE = """
if __name__ != "__main__":
    raise SystemExit("a worker ran the parent's main script")
import sys
from pathlib import Path
from newsfacts.warehouse import pipeline, shards
shards.CHUNK_FILES = 1  # a chunk per file: the samples make three, for two workers
[shard] = pipeline.plan(Path(sys.argv[1]), Path(sys.argv[2]), "workers", 1)
print(pipeline.extract(shard, 2))
"""


def test_extraction_workers_start_without_the_parents_main_script(tmp_path: Path) -> None:
    script = tmp_path / "main_script.py"
    script.write_text(MAIN_THAT_FAILS_TWICE)
    result = subprocess.run([sys.executable, str(script), str(SAMPLES), str(tmp_path / "warehouse")],
                            capture_output=True, text=True, check=False, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == [str(len(list(SAMPLES.iterdir())))]
    assert len(list((tmp_path / "warehouse" / "runs").glob("*/parts/*.parquet"))) >= 3


def test_a_second_run_reads_only_new_or_changed_files(input_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    first = land_articles(input_dir, db, "r1", DAY_1)
    before = landed(db)
    again = land_articles(input_dir, db, "r2", DAY_2)
    assert (again.files_read, again.files_unchanged) == (0, first.files_read)
    assert (again.articles_added, again.articles_extracted) == (0, 0)
    assert landed(db) == before

    changed = input_dir / "vn-rok-fm-talks.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nThe talks ended with a press conference.\n",
                       encoding="utf-8")
    shutil.copy(SAMPLES / "vn-rok-fm-interview.txt", input_dir / "interview-again.txt")
    third = land_articles(input_dir, db, "r3", DAY_2)
    assert (third.files_read, third.files_unchanged) == (2, first.files_read - 1)
    assert third.articles_added == 2  # a new version of the talks, and a known article under a new id (file stem)


def test_a_new_extractor_version_extracts_every_article_again(input_dir: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "w.duckdb"
    first = land_articles(input_dir, db, "r1", DAY_1)
    monkeypatch.setattr(shards, "extractor_version", lambda seed_dir=None: "a-newer-extractor")
    again = land_articles(input_dir, db, "r2", DAY_2)
    assert again.files_read == 0
    assert again.articles_extracted == first.articles_extracted
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select distinct extractor_version from extracted.article_facts").fetchall() == [
            ("a-newer-extractor",)]


def test_extractor_version_covers_the_extraction_code_and_the_seeds(tmp_path: Path) -> None:
    modules = shards._imported_modules(("extract.article", "extract.parsing"))
    assert {f"extract.{name}" for name in ("article", "parsing", "people", "meetings", "agreements", "quantities",
                                           "measures", "dates", "text", "vocab")} <= modules
    assert all(module.startswith("extract.") for module in modules)  # landing code does not change facts
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "dbt_project" / "seeds", seeds)
    before = shards.extractor_version(seeds)
    with (seeds / "titles.csv").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    assert shards.extractor_version(seeds) != before


def test_a_killed_run_leaves_no_trace_and_the_next_run_lands_everything(input_dir: Path, tmp_path: Path) -> None:
    """A run killed after extracting, before loading: its parts are replaced by the next run's plan."""
    db = tmp_path / "w.duckdb"
    run_dir = landing.run_folder(tmp_path, "killed")
    with duckdb.connect(str(db)) as con:
        planned = landing.plan(con, input_dir, run_dir, 2, DAY_1)
    shards.extract_shard(planned[0], 1)
    assert any((run_dir / "parts").iterdir())
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from raw.articles").fetchone() == (0,)
    summary = land_articles(input_dir, db, "killed", DAY_2)
    assert summary.articles_added == len(os.listdir(input_dir)) - 1  # all but the broken file


def test_a_run_whose_folder_a_later_run_removed_says_so(input_dir: Path, tmp_path: Path) -> None:
    """Two runs planned one after the other; the later one loads first, landing the same files, and removes the
    earlier one's folder. The earlier run's extraction and load then stop with RunSuperseded (the DAG skips the
    rest of that run), not a bare missing-file error."""
    db = tmp_path / "w.duckdb"
    early, late = landing.run_folder(tmp_path, "early"), landing.run_folder(tmp_path, "late")
    with duckdb.connect(str(db)) as con:
        early_shards = landing.plan(con, input_dir, early, 1, DAY_1)
        late_shards = landing.plan(con, input_dir, late, 1, DAY_1)
    shards.extract_shard(late_shards[0], 1)
    with duckdb.connect(str(db)) as con:
        summary = landing.load_run(con, late, "late", DAY_1)
    landing.remove_earlier_runs(late)

    assert summary.articles_added == len(os.listdir(input_dir)) - 1  # all but the broken file
    assert not early.exists()
    with pytest.raises(shards.RunSuperseded, match="planned later"):
        shards.extract_shard(early_shards[0], 1)
    with duckdb.connect(str(db)) as con, pytest.raises(shards.RunSuperseded, match="nothing left to do"):
        landing.load_run(con, early, "early", DAY_1)


@pytest.mark.e2e
def test_the_dag_mapped_over_four_shards_publishes_the_marts_of_one(sample_warehouse: Path, tmp_path: Path) -> None:
    result = run_dag(SAMPLES, tmp_path / "warehouse", shards=4, workers=2)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "extract_shard" in result.stdout + result.stderr
    four = marts_content(tmp_path / "warehouse" / "marts.duckdb")
    assert four["fct_meetings"] and four == marts_content(sample_warehouse / "marts.duckdb")


@pytest.mark.e2e
def test_a_run_with_nothing_new_stops_before_dbt(sample_warehouse: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    shutil.copytree(sample_warehouse, warehouse, ignore=shutil.ignore_patterns(".lock"))
    log_before = (warehouse / "publish_log.jsonl").read_text(encoding="utf-8")
    marts_before = (warehouse / "marts.duckdb").read_bytes()
    result = run_dag(SAMPLES, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "nothing to build" in result.stdout + result.stderr
    assert (warehouse / "publish_log.jsonl").read_text(encoding="utf-8") == log_before
    assert (warehouse / "marts.duckdb").read_bytes() == marts_before
