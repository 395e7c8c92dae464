"""newsfacts: land articles, build the marts with dbt, validate them with Great Expectations, publish.

The work lives in the `newsfacts` package (include/newsfacts); this file only declares the flow.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import newsfacts
from airflow.sdk import Asset, Param, TriggerRule, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos import settings as cosmos_settings
from cosmos.constants import (
    PRODUCER_WATCHER_TASK_ID,
    ExecutionMode,
    InvocationMode,
    LoadMode,
    SeedRenderingBehavior,
    TestBehavior,
)
from cosmos.operators.watcher import DbtRunWatcherOperator
from newsfacts.warehouse import dbt_tasks

MARTS_ASSET = Asset("newsfacts://warehouse/marts.duckdb")
# The checkout holding dbt_project/: NEWSFACTS_PROJECT_DIR when the package is installed elsewhere.
PROJECT_DIR = Path(os.environ.get("NEWSFACTS_PROJECT_DIR", Path(newsfacts.__file__).resolve().parents[2]))
DBT_PROJECT_DIR = PROJECT_DIR / "dbt_project"
# Written by `dbt parse` (the Makefile does it): the dbt graph is read from it, dbt never runs at parse time.
DBT_MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"
# DuckDB allows one writing process per file: every task that writes the warehouse takes this pool's one slot.
WRITER_POOL = newsfacts.WRITER_POOL
# A model's task checks once its producer has ended (it waits for it, see the task group below): the outcome is
# then in XCom at the first poke, so nothing waits on a trigger (`make airflow` runs no triggerer) and a poke
# that finds no outcome frees its worker slot until the next.
WATCHER_ARGS = {"deferrable": False, "mode": "reschedule", "poke_interval": 5}
# The producer's XComs (each model's outcome) are backed up to an Airflow Variable when it fails or is retried,
# by Cosmos' callbacks, for its next try to restore; by default Cosmos also rewrites that whole, growing backup
# at each of the ~200 XComs a build pushes, which cost seconds per build. Lost only if the producer is killed:
# the models' tasks then build their models one by one.
cosmos_settings.enable_watcher_reliable_retry = False

DOC = """
### newsfacts daily run

`plan_run` (new or changed input files, articles to extract again) → `extract_shard` (mapped: read, parse and
extract each shard's articles into Parquet parts; runs on any worker) → `load_articles` (the single writer:
merge the parts into the working DuckDB file) → `check_for_changes` (skips the rest when the published marts
are already built from these articles and this code) → `build_marts`
(task group: `dbt_producer_watcher` runs the run's one `dbt build` of the seeds and models; a task per dbt
model, in dbt's lineage order, follows that model's outcome, and builds it alone when retried; then
`dbt_project_test` runs every dbt test once) →
`validate_marts` (Great Expectations checkpoint on a candidate copy) → `publish_marts` (atomic replace of
`marts.duckdb`, Parquet copies of the marts that changed, publish log) → `generate_docs` (dbt docs),
`write_data_docs` (GX Data Docs of the validation; a refused build gets them at once) and `write_report`
(`report/index.html`: charts of the published marts with their evidence).

Tasks that write the DuckDB file share the `newsfacts_duckdb_writer` pool (one slot): one writer at a time.
A failed validation stops the run before publishing: BI tools keep reading the previous marts.
Params: `input_dir` (folder of .txt/.json/.jsonl/.html articles), `warehouse_dir`, `shards` (mapped
extraction tasks) and `workers` (processes per extraction task; 0 = every core).

Where to look, in `warehouse_dir` (see docs/guarantees.md, "The warehouse folder and publishing"):
[dbt docs](https://docs.getdbt.com/docs/collaborate/documentation) of the models and their lineage in
`dbt/target/static_index.html` (or `make docs`),
[GX Data Docs](https://docs.greatexpectations.io/docs/core/configure_project_settings/configure_data_docs/)
of each validation in `gx/data_docs/index.html` (offline), the report in `report/index.html`,
and the marts in `marts.duckdb` (`make query`).
"""


@dag(
    dag_id="newsfacts_daily",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=DOC,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=2)},
    user_defined_macros={"warehouse_db": lambda warehouse_dir: str(_path(warehouse_dir) / "warehouse.duckdb"),
                         "dbt_full_refresh": lambda warehouse_dir: _dbt_full_refresh(_path(warehouse_dir))},
    params={
        "input_dir": Param("include/sample_articles", type="string", description="Folder of articles to land"),
        "warehouse_dir": Param("warehouse", type="string", description="Folder of the DuckDB files"),
        "shards": Param(1, type="integer", minimum=1, description="Extraction tasks to map (one per worker)"),
        "workers": Param(0, type="integer", minimum=0, description="Processes per extraction task; 0 = all cores"),
    },
    tags=["newsfacts"],
)
def newsfacts_daily():
    @task
    def plan_run() -> list[dict]:
        from newsfacts.warehouse import pipeline

        context = get_current_context()
        params = context["params"]
        return pipeline.plan(_path(params["input_dir"]), _path(params["warehouse_dir"]), context["run_id"],
                             params["shards"])

    @task
    def extract_shard(shard: dict) -> int:
        from newsfacts.warehouse import pipeline

        with _skipped_if_superseded():
            return pipeline.extract(shard, get_current_context()["params"]["workers"])

    @task(pool=WRITER_POOL)
    def load_articles(extracted: list[int]) -> dict:
        from newsfacts.warehouse import pipeline

        context = get_current_context()
        with _skipped_if_superseded():
            return pipeline.load(_path(context["params"]["warehouse_dir"]), context["run_id"])

    @task.short_circuit
    def check_for_changes(landed: dict) -> str | None:
        """Skips the rest of the run when the published marts are already built from the same articles and code."""
        from newsfacts.warehouse import pipeline

        return pipeline.changes_to_build(_path(get_current_context()["params"]["warehouse_dir"]))

    @task(retries=0)
    def validate_marts() -> dict:
        from newsfacts.warehouse import pipeline

        context = get_current_context()
        warehouse = _path(context["params"]["warehouse_dir"])
        pipeline.record_marts_built(warehouse)  # every build_marts task succeeded: the next build can be incremental
        return pipeline.validate_candidate(warehouse, context["run_id"])

    @task(outlets=[MARTS_ASSET])
    def publish_marts(validation: dict, fingerprint: str) -> str:
        from newsfacts.warehouse import pipeline

        context = get_current_context()
        return pipeline.publish(_path(context["params"]["warehouse_dir"]), context["run_id"], validation,
                                fingerprint)

    @task(pool=WRITER_POOL)
    def generate_docs(published: str) -> str:
        from newsfacts.warehouse import pipeline

        return pipeline.generate_docs(_path(get_current_context()["params"]["warehouse_dir"]))

    @task
    def write_data_docs(published: str) -> str | None:
        from newsfacts.warehouse import pipeline

        context = get_current_context()
        return pipeline.write_data_docs(_path(context["params"]["warehouse_dir"]), context["run_id"])

    @task
    def write_report(published: str) -> str:
        from newsfacts.warehouse import pipeline

        return pipeline.write_report(_path(get_current_context()["params"]["warehouse_dir"]))

    dbt_args = {
        "env": {"NEWSFACTS_WAREHOUSE_DB": "{{ warehouse_db(params.warehouse_dir) }}"},
        # incremental models are rebuilt from scratch after a change to the dbt project (see pipeline.build_marts)
        "full_refresh": "{{ dbt_full_refresh(params.warehouse_dir) }}",
        "pool": WRITER_POOL,
        "callback": "newsfacts.warehouse.dbt_tasks.release_warehouse",
        # each dbt task holds WAREHOUSE/.lock like the other writing steps (the pool only covers one deployment)
        "pre_execute": dbt_tasks.take_warehouse_lock,
        "post_execute": dbt_tasks.release_warehouse_lock,
        "on_retry_callback": dbt_tasks.release_warehouse_lock,
        "on_failure_callback": dbt_tasks.release_warehouse_lock,
        # a writer outside the lock (e.g. a DuckDB shell on the working file) makes DuckDB refuse dbt at once:
        # the task then waits by retrying (20 s, doubling to 2 min)
        "retries": 6,
        "retry_delay": timedelta(seconds=20),
        "retry_exponential_backoff": 2.0,
        "max_retry_delay": timedelta(minutes=2),
    }
    changes = check_for_changes(load_articles(extract_shard.expand(shard=plan_run())))
    profile = ProfileConfig(profile_name="newsfacts", target_name="warehouse",
                            profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml")
    # One in-process `dbt build` per run (Cosmos' watcher mode: the producer task runs seeds and models, each
    # model's task follows its outcome from the producer's dbt events), the graph read from the manifest (no
    # `dbt ls` at parse time). The tests run once after every model, in one `dbt test`. A model's task that is
    # retried, or whose producer failed or was skipped before building it, builds that model alone.
    execution = ExecutionConfig(execution_mode=ExecutionMode.WATCHER, invocation_mode=InvocationMode.DBT_RUNNER)
    with DbtTaskGroup(
        group_id="build_marts",
        project_config=ProjectConfig(dbt_project_path=DBT_PROJECT_DIR, manifest_path=DBT_MANIFEST,
                                     install_dbt_deps=False),  # no dbt packages
        profile_config=profile,
        execution_config=execution,
        render_config=RenderConfig(load_method=LoadMode.DBT_MANIFEST, test_behavior=TestBehavior.AFTER_ALL,
                                   seed_rendering_behavior=SeedRenderingBehavior.NONE,
                                   normalize_task_id=_dbt_task_id),
        operator_args=dbt_args | WATCHER_ARGS,
    ) as build_marts:
        producer = build_marts.children[f"build_marts.{PRODUCER_WATCHER_TASK_ID}"]
        for model_task in [t for t in build_marts.children.values() if isinstance(t, DbtRunWatcherOperator)]:
            # Following the producer writes nothing: the models' tasks run side by side, outside the writer pool.
            # Building a model alone (a retry) still holds WAREHOUSE/.lock (pre_execute), as every writer does.
            model_task.pool = "default_pool"
            if not model_task.upstream_task_ids:
                # a model without parents waits for the producer's end: its success, or its skipped retry (the
                # models are then built one by one); not a run whose earlier steps failed (upstream_failed), nor
                # one that has nothing to build (check_for_changes skipped: a later run landed its files)
                [changes, producer] >> model_task
                model_task.trigger_rule = TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS
    changes >> build_marts
    validation = validate_marts()
    build_marts >> validation
    published = publish_marts(validation, changes)
    generate_docs(published)
    write_data_docs(published)
    write_report(published)


def _dbt_task_id(node) -> str:
    """`build_<model>`: dbt build, the model and its tests (a test of two models keeps Cosmos' `<test>_test`)."""
    return f"build_{node.name}"


@contextmanager
def _skipped_if_superseded() -> Iterator[None]:
    """A later run landed this run's files (newsfacts.warehouse.shards.RunSuperseded): skip the rest of this run."""
    from newsfacts.warehouse.shards import RunSuperseded

    try:
        yield
    except RunSuperseded as superseded:
        raise AirflowSkipException(str(superseded)) from superseded


def _dbt_full_refresh(warehouse_dir) -> str:
    from newsfacts.warehouse.pipeline import dbt_full_refresh_needed

    return str(dbt_full_refresh_needed(warehouse_dir))


def _path(value: str):
    """Relative params are relative to the project folder, so the defaults work from any working directory."""
    from pathlib import Path

    from newsfacts.warehouse.pipeline import PROJECT_DIR

    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


newsfacts_daily()
