"""DAG integrity: the file imports cleanly, declares the flow in the right order and does no work at import time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

DAG_FILE = REPO / "dags" / "newsfacts_daily.py"
HEAVY_MODULES = ("newsfacts.pipeline", "duckdb", "great_expectations", "dbt", "pandas")


@pytest.fixture(scope="module")
def dag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAG_FILE), safe_mode=False)
    assert bag.import_errors == {}
    return bag.dags["newsfacts_daily"]


def test_flow_order(dag) -> None:
    upstream = {task.task_id: set(task.upstream_task_ids) for task in dag.tasks}
    assert upstream["plan_run"] == set()
    assert upstream["extract_shard"] == {"plan_run"}
    assert dag.get_task("extract_shard").is_mapped  # one task instance per shard, on any worker
    assert upstream["load_articles"] == {"extract_shard"}  # the single writer waits for every shard
    assert upstream["build_marts"] == {"load_articles"}
    assert upstream["validate_marts"] == {"build_marts"}
    assert upstream["publish_marts"] == {"validate_marts"}  # nothing publishes around the gate
    assert "publish_marts" in upstream["generate_docs"]


def test_operational_settings(dag) -> None:
    assert dag.max_active_runs == 1  # one writer per warehouse
    assert dag.get_task("validate_marts").retries == 0  # a failed gate is a verdict, not a flake
    assert [outlet.uri for outlet in dag.get_task("publish_marts").outlets] == ["newsfacts://warehouse/marts.duckdb"]
    assert set(dag.params.keys()) == {"input_dir", "warehouse_dir", "shards", "workers"}
    assert dag.doc_md and "validate_marts" in dag.doc_md


def test_import_does_no_work() -> None:
    """Parsing the DAG file (which the scheduler does every few seconds) must not load the pipeline's stack."""
    probe = (f"import runpy, sys, json; runpy.run_path({str(DAG_FILE)!r}); "
             f"print(json.dumps([m for m in {list(HEAVY_MODULES)!r} if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env=os.environ | {"AIRFLOW__CORE__LOAD_EXAMPLES": "False"})
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
