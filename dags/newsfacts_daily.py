"""newsfacts: land articles, build the marts with dbt, validate them with Great Expectations, publish.

The work lives in the `newsfacts` package (include/newsfacts); this file only declares the flow.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from airflow.sdk import Asset, Param, dag, get_current_context, task

MARTS_ASSET = Asset("newsfacts://warehouse/marts.duckdb")

DOC = """
### newsfacts daily run

`plan_run` (new or changed input files, articles to extract again) → `extract_shard` (mapped: read, parse
and extract each shard's articles into Parquet parts; runs on any worker) → `load_articles` (the single
writer: merge the parts into the working DuckDB file) → `build_marts` (dbt build: staging, marts and their tests) →
`validate_marts` (Great Expectations checkpoint on a candidate copy) → `publish_marts`
(atomic replace of `marts.duckdb`, Parquet copies, publish log) → `generate_docs` (dbt docs) and
`write_report` (`report/index.html`: charts of the published marts with their evidence, one offline file).

A failed validation stops the run before publishing: BI tools keep reading the previous marts.
Params: `input_dir` (folder of .txt/.json/.jsonl/.html articles), `warehouse_dir`, `shards` (mapped
extraction tasks) and `workers` (processes per extraction task; 0 = every core).
See README.md for how to open the marts, dbt docs and GX Data Docs.
"""


@dag(
    dag_id="newsfacts_daily",
    schedule="@daily",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    doc_md=DOC,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=2)},
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
        from newsfacts import pipeline

        context = get_current_context()
        params = context["params"]
        return pipeline.plan(_path(params["input_dir"]), _path(params["warehouse_dir"]), context["run_id"],
                             params["shards"])

    @task
    def extract_shard(shard: dict) -> int:
        from newsfacts import pipeline

        return pipeline.extract(shard, get_current_context()["params"]["workers"])

    @task
    def load_articles(extracted: list[int]) -> dict:
        from newsfacts import pipeline

        context = get_current_context()
        return pipeline.load(_path(context["params"]["warehouse_dir"]), context["run_id"])

    @task
    def build_marts(landed: dict) -> None:
        from newsfacts import pipeline

        pipeline.build_marts(_path(get_current_context()["params"]["warehouse_dir"]))

    @task(retries=0)
    def validate_marts() -> dict:
        from newsfacts import pipeline

        context = get_current_context()
        return pipeline.validate_candidate(_path(context["params"]["warehouse_dir"]), context["run_id"])

    @task(outlets=[MARTS_ASSET])
    def publish_marts(validation: dict) -> str:
        from newsfacts import pipeline

        context = get_current_context()
        return pipeline.publish(_path(context["params"]["warehouse_dir"]), context["run_id"], validation)

    @task
    def generate_docs(published: str) -> str:
        from newsfacts import pipeline

        return pipeline.generate_docs(_path(get_current_context()["params"]["warehouse_dir"]))

    @task
    def write_report(published: str) -> str:
        from newsfacts import pipeline

        return pipeline.write_report(_path(get_current_context()["params"]["warehouse_dir"]))

    built = build_marts(load_articles(extract_shard.expand(shard=plan_run())))
    validation = validate_marts()
    built >> validation
    published = publish_marts(validation)
    generate_docs(published)
    write_report(published)


def _path(value: str):
    """Relative params are relative to the project folder, so the defaults work from any working directory."""
    from pathlib import Path

    from newsfacts.pipeline import PROJECT_DIR

    path = Path(value)
    return path if path.is_absolute() else PROJECT_DIR / path


newsfacts_daily()
