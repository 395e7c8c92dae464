"""Shared fixtures: the vocabulary from the dbt seeds and a helper to run the real DAG."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from newsfacts.extract.vocab import Vocabulary, default_seed_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "include" / "sample_articles"
# Articles the samples do not have: what a "next day" of input adds (one with a title that is markup).
NEW_ARTICLE = REPO / "tests" / "extraction" / "corpus" / "articles" / "vna-son-cho-phone-march-2024.json"
HOSTILE_TITLE = '<script>alert("newsfacts")</script> Ministers discuss <b>trade</b>'


@pytest.fixture(scope="session")
def vocab() -> Vocabulary:
    return Vocabulary.from_seed_dir(default_seed_dir())


def dag_env() -> dict[str, str]:
    """The environment of `airflow dags test`: the Makefile's Airflow settings."""
    return os.environ | {
        "AIRFLOW_HOME": os.environ.get("AIRFLOW_HOME", str(REPO / ".airflow")),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False", "DO_NOT_TRACK": "1", "GX_ANALYTICS_ENABLED": "false",
    }


def run_dag(input_dir: Path, warehouse_dir: Path, **params: int) -> subprocess.CompletedProcess[str]:
    """Run the real DAG once with `airflow dags test` (params: the DAG's other params, e.g. shards=4)."""
    conf = json.dumps({"input_dir": str(input_dir), "warehouse_dir": str(warehouse_dir), **params})
    airflow = Path(sys.executable).with_name("airflow")
    return subprocess.run([str(airflow), "dags", "test", "newsfacts_daily", "-c", conf], env=dag_env(),
                          capture_output=True, text=True, check=False, timeout=900)


def marts_content(marts_db: Path) -> dict[str, list[tuple]]:
    """Every published mart's rows, in order, without the time each article was landed."""
    import duckdb

    with duckdb.connect(str(marts_db), read_only=True) as con:
        tables = [row[0] for row in con.execute("select table_name from information_schema.tables "
                                                "where table_schema = 'main' order by 1").fetchall()]
        return {table: con.execute(f"select * exclude (ingested_at) from {table} order by all").fetchall()
                if table == "dim_articles" else con.execute(f"select * from {table} order by all").fetchall()
                for table in tables}


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's headless chromium for the browser tests (tests/browser.py)."""
    from tests.browser import find_chromium

    return find_chromium()


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real DAG run on the bundled samples, shared by the e2e tests; tests that change it work on a copy."""
    path = tmp_path_factory.mktemp("sample_warehouse")
    result = run_dag(SAMPLES, path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (path / "dag_run.log").write_text(result.stdout + result.stderr)
    return path


def copy_warehouse(source: Path, target: Path) -> Path:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lock"))
    return target


@pytest.fixture(scope="session")
def next_day_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles plus NEW_ARTICLE and an article titled HOSTILE_TITLE."""
    from tests.robustness.bad_inputs import article_text

    folder = tmp_path_factory.mktemp("next_day_input")
    for path in [*SAMPLES.iterdir(), NEW_ARTICLE]:
        shutil.copy(path, folder / path.name)
    (folder / "hostile-title.txt").write_text(f"{HOSTILE_TITLE}\n\n{article_text('trade')}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def next_day_warehouse(sample_warehouse: Path, next_day_input: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample warehouse after a second, uninterrupted run with next_day_input."""
    path = copy_warehouse(sample_warehouse, tmp_path_factory.mktemp("next_day") / "warehouse")
    result = run_dag(next_day_input, path)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (path / "dag_run.log").write_text(result.stdout + result.stderr)
    return path
