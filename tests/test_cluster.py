"""`make cluster` (`newsfacts cluster`): the DAG on a real CeleryExecutor deployment with two workers.

One deployment for the module: Postgres, Redis, the API server, scheduler, DAG processor and two Celery workers,
as `make cluster` starts them. A generated corpus of 2,000 articles runs in 4 shards, triggered through the REST
API; the marts it publishes are compared with those of a one-process `airflow dags test` run of the same input.
The last test kills one worker (SIGKILL, the worker and its task processes, as a machine lost) while it runs a
shard: the scheduler finds the task without heartbeat, the retry runs on the other worker and the run publishes.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import psutil
import pytest
from newsfacts import WRITER_POOL
from newsfacts.deploy import client
from newsfacts.deploy.client import Deployment
from newsfacts.deploy.launcher import WORKER_NAMES

from tests.conftest import dag_env, marts_content, run_dag

pytestmark = [pytest.mark.e2e, pytest.mark.cluster]

ARTICLES, SHARDS = 2000, 4
# Short enough for a test: a task whose worker died is failed 30 s after its last heartbeat (default 300 s).
TEST_SETTINGS = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "30",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "5",
    # only the runs the tests trigger: no scheduled run of the default params
    "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
}


def worker(deployment: Deployment, name: str) -> psutil.Process:
    """The Celery worker started with this host name: a child of `newsfacts cluster`. Celery rewrites its command
    line (and environment) into one title, e.g. `[celeryd: celery@newsfacts-worker-1:MainProcess] ...`."""
    return next(p for p in psutil.Process(deployment.process.pid).children()
                if f"celery@{name}:" in " ".join(p.cmdline()))


def trigger(deployment: Deployment, input_dir: Path, warehouse_dir: Path) -> str:
    return deployment.trigger({"input_dir": str(input_dir), "warehouse_dir": str(warehouse_dir), "shards": SHARDS,
                               "workers": 1})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cluster_corpus")
    newsfacts = Path(sys.executable).with_name("newsfacts")
    subprocess.run([str(newsfacts), "bench-data", "--n", str(ARTICLES), "--out", str(out)], check=True,
                   capture_output=True)
    return out / str(ARTICLES) / "input"


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The marts of a one-process run (`airflow dags test`, as `make run`) of the same input."""
    warehouse = tmp_path_factory.mktemp("one_process")
    result = run_dag(corpus, warehouse)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return marts_content(warehouse / "marts.duckdb")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Deployment]:
    # As root Postgres runs as the postgres user, which must reach AIRFLOW_HOME (pytest's folders are 0700).
    home = Path(tempfile.mkdtemp(prefix="newsfacts-cluster-"))
    home.chmod(0o755)
    with client.running(home, dag_env() | TEST_SETTINGS) as deployment:
        yield deployment
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def distributed_run(cluster: Deployment, corpus: Path, tmp_path_factory: pytest.TempPathFactory
                    ) -> tuple[Path, list[dict]]:
    warehouse = tmp_path_factory.mktemp("cluster_warehouse")
    run_id = trigger(cluster, corpus, warehouse)
    assert cluster.wait(run_id) == "success"
    return warehouse, cluster.task_instances(run_id)


def test_both_workers_run_extraction_shards(distributed_run: tuple[Path, list[dict]]) -> None:
    _, instances = distributed_run
    shards = [ti for ti in instances if ti["task_id"] == "extract_shard"]
    assert sorted(ti["map_index"] for ti in shards) == list(range(SHARDS))
    assert {ti["hostname"] for ti in shards} == set(WORKER_NAMES)


def test_published_marts_equal_a_one_process_run(distributed_run: tuple[Path, list[dict]],
                                                 reference: dict[str, list[tuple]]) -> None:
    warehouse, _ = distributed_run
    published = marts_content(warehouse / "marts.duckdb")
    assert published["dim_articles"] and published.keys() == reference.keys()
    for table in reference:
        assert published[table] == reference[table], table


def test_one_writer_at_a_time_across_workers(distributed_run: tuple[Path, list[dict]]) -> None:
    """The pool's one slot (and WAREHOUSE/.lock) hold across workers: no two writers' runs overlap."""
    _, instances = distributed_run
    writers = sorted((datetime.fromisoformat(ti["start_date"]), datetime.fromisoformat(ti["end_date"]),
                      ti["task_id"], ti["hostname"]) for ti in instances if ti["pool"] == WRITER_POOL)
    # One dbt build per run: the writers are landing, the build, its tests and the docs (the models' tasks only
    # follow the build); the scheduler chooses their workers.
    assert len(writers) >= 4 and {hostname for *_, hostname in writers} <= set(WORKER_NAMES)
    for before, after in itertools.pairwise(writers):
        assert after[0] >= before[1], f"{after[2]} on {after[3]} started before {before[2]} on {before[3]} ended"


def test_a_worker_killed_during_a_shard_loses_nothing(cluster: Deployment, corpus: Path, distributed_run: tuple,
                                                      reference: dict[str, list[tuple]],
                                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    """kill -9 of a worker (and its task processes) mid-shard: the scheduler fails the task when its heartbeats
    stop, the retry runs on the other worker, and the run publishes every article once."""
    warehouse = tmp_path_factory.mktemp("killed_worker_warehouse")
    run_id = trigger(cluster, corpus, warehouse)
    deadline = time.monotonic() + 600
    while not (running := [ti for ti in cluster.task_instances(run_id)
                           if ti["task_id"] == "extract_shard" and ti["state"] == "running" and ti["hostname"]]):
        assert time.monotonic() < deadline, "no shard ran in 600 s"
        time.sleep(0.3)
    victim, shard = running[0]["hostname"], running[0]["map_index"]
    victim_worker = worker(cluster, victim)
    for process in [victim_worker, *victim_worker.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()

    assert cluster.wait(run_id) == "success"
    tries = sorted(cluster.tries(run_id, "extract_shard", shard), key=lambda ti: ti["try_number"])
    assert [ti["hostname"] for ti in tries] == [victim, next(n for n in WORKER_NAMES if n != victim)]
    assert tries[0]["state"] in ("failed", "up_for_retry") and tries[1]["state"] == "success"
    published = marts_content(warehouse / "marts.duckdb")
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        landed, distinct = con.execute("select count(*), count(distinct record_id) from raw.articles").fetchone()
    assert landed == distinct == len(reference["dim_articles"])
    for table in reference:
        assert published[table] == reference[table], table
