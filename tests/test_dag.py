"""DAG integrity: the file imports cleanly, declares the flow in the right order and does no work at import time."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from newsfacts import WRITER_POOL
from newsfacts.warehouse import dbt_tasks
from newsfacts.warehouse.validation import MART_TABLES

from tests.conftest import REPO

DAG_FILE = REPO / "dags" / "newsfacts_daily.py"
DBT_MANIFEST = REPO / "dbt_project" / "target" / "manifest.json"  # `make` writes it (dbt parse)
PRODUCER = "build_marts.dbt_producer_watcher"  # the run's one `dbt build`
TESTS = "build_marts.dbt_project_test"  # the run's one `dbt test`
HEAVY_MODULES = ("newsfacts.warehouse.pipeline", "duckdb", "great_expectations", "dbt", "pandas")


@pytest.fixture(scope="module")
def dag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAG_FILE), safe_mode=False)
    assert bag.import_errors == {}
    return bag.dags["newsfacts_daily"]


def ancestors(dag, task_id: str) -> set[str]:
    return {t.task_id for t in dag.get_task(task_id).get_flat_relatives(upstream=True)}


def test_flow_order(dag) -> None:
    upstream = {task.task_id: set(task.upstream_task_ids) for task in dag.tasks}
    assert upstream["plan_run"] == set()
    assert upstream["extract_shard"] == {"plan_run"}
    assert dag.get_task("extract_shard").is_mapped  # one task instance per shard, on any worker
    assert upstream["load_articles"] == {"extract_shard"}  # the single writer waits for every shard
    assert upstream["check_for_changes"] == {"load_articles"}
    assert dag.get_task("check_for_changes").task_type == "_ShortCircuitDecoratedOperator"  # skips the rest
    assert upstream[PRODUCER] == {"check_for_changes"}  # the one dbt build (seeds and models), after loading
    dbt_tasks = {t for t in upstream if t.startswith("build_marts.")}
    assert {f"build_marts.build_{table}" for table in MART_TABLES} <= dbt_tasks
    assert dbt_tasks <= ancestors(dag, "validate_marts")  # the gate sees every model built and tested
    watching = dbt_tasks - {PRODUCER, f"{PRODUCER}_done"}
    assert all(PRODUCER in ancestors(dag, t) for t in watching)
    # nothing publishes around the gate; the fingerprint of what was built comes from check_for_changes
    assert upstream["publish_marts"] == {"validate_marts", "check_for_changes"}
    assert all("publish_marts" in upstream[task] for task in ("generate_docs", "write_data_docs", "write_report"))


def test_dbt_models_are_tasks_in_lineage_order(dag) -> None:
    """Each dbt model is a task, after the models it selects from, that follows its build by the one `dbt build`
    (and builds it alone when retried); the tests run once, after every model."""
    manifest = json.loads(DBT_MANIFEST.read_text())
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    tasks = {t.task_id: t for t in dag.tasks}
    for name, node in models.items():
        task = tasks[f"build_marts.build_{name}"]
        assert task.producer_task_id == PRODUCER and task.retries > 0, name
        parents = {manifest["nodes"][p]["name"] for p in node["depends_on"]["nodes"] if p.startswith("model.")}
        assert {f"build_marts.build_{p}" for p in parents} <= task.upstream_task_ids, name
        if not parents:  # after the producer's success or its skipped retry, not after an earlier failure, nor in
            # a run with nothing to build (check_for_changes skipped, so none of the two succeeded)
            assert task.upstream_task_ids == {PRODUCER, "check_for_changes"}, name
            assert task.trigger_rule == "none_failed_min_one_success", name
    assert {f"build_marts.build_{name}" for name in models} <= ancestors(dag, TESTS)
    assert dag.get_task(TESTS).base_cmd == ["test"]


def test_one_writer_at_a_time(dag) -> None:
    """Every task that writes the warehouse DuckDB file takes the one-slot writer pool; the models' tasks, which
    write only when they build their model alone, hold WAREHOUSE/.lock as every dbt task does."""
    writers = {t.task_id for t in dag.tasks if t.pool == WRITER_POOL}
    assert {"load_articles", "generate_docs", PRODUCER, TESTS} <= writers
    assert "extract_shard" not in writers  # extraction writes Parquet parts, in parallel
    dbt_steps = [t for t in dag.tasks if t.task_id.startswith("build_marts.") and t.task_id != f"{PRODUCER}_done"]
    assert len(dbt_steps) > len(MART_TABLES)  # the done marker (an EmptyOperator) runs nothing
    # across deployments too: each dbt task holds WAREHOUSE/.lock, released whatever the outcome
    for task in dbt_steps:
        assert task._pre_execute_hook is dbt_tasks.take_warehouse_lock, task.task_id
        assert task._post_execute_hook is dbt_tasks.release_warehouse_lock, task.task_id
        assert dbt_tasks.release_warehouse_lock in task.on_failure_callback, task.task_id
        assert dbt_tasks.release_warehouse_lock in task.on_retry_callback, task.task_id


def test_operational_settings(dag) -> None:
    assert dag.max_active_runs == 1  # one writer per warehouse
    assert dag.get_task("validate_marts").retries == 0  # a failed gate is a verdict, not a flake
    assert [outlet.uri for outlet in dag.get_task("publish_marts").outlets] == ["newsfacts://warehouse/marts.duckdb"]
    assert set(dag.params.keys()) == {"input_dir", "warehouse_dir", "shards", "workers"}
    assert dag.doc_md and "validate_marts" in dag.doc_md and "build_marts" in dag.doc_md
    assert "https://docs.getdbt.com" in dag.doc_md and "gx/data_docs/index.html" in dag.doc_md


def test_import_does_no_work() -> None:
    """Parsing the DAG file (which the scheduler does every few seconds) must not load the pipeline's stack."""
    probe = (f"import runpy, sys, json; runpy.run_path({str(DAG_FILE)!r}); "
             f"print(json.dumps([m for m in {list(HEAVY_MODULES)!r} if m in sys.modules]))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env=os.environ | {"AIRFLOW__CORE__LOAD_EXAMPLES": "False"})
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
