"""`make bench-cluster N=20000`: the DAG on `newsfacts cluster` with 1 Celery worker, then 2, on N generated
articles: wall time from the REST API's trigger to the run's success, and where it went.

Each deployment starts in a folder of its own, runs the full pipeline once into a new warehouse (SHARDS shards of
one process each, the same for every worker count) and stops. Rows are appended to BENCH_DIR/cluster.csv.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from newsfacts import WRITER_POOL
from newsfacts.bench.run import BenchPaths, prepare_corpus
from newsfacts.deploy import client

CSV_COLUMNS = ["when", "commit", "n", "celery_workers", "shards", "cpus", "state", "trigger_to_success_s",
               "extraction_s", "writer_tasks_s", "tasks", "queued_s"]


def _seconds(start: str | None, end: str | None) -> float:
    if not (start and end):
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def measure(input_dir: Path, n: int, celery_workers: int, shards: int) -> dict[str, object]:
    """One deployment, one full run; the row of cluster.csv."""
    home = Path(tempfile.mkdtemp(prefix="newsfacts-bench-cluster-"))
    home.chmod(0o755)  # Postgres runs as the postgres user when run as root
    warehouse = home / "warehouse"
    env = os.environ | {"AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False"}  # only the triggered run
    try:
        with client.running(home, env, ("cluster", "--workers", str(celery_workers))) as deployment:
            started = time.monotonic()
            run_id = deployment.trigger({"input_dir": str(input_dir), "warehouse_dir": str(warehouse),
                                         "shards": shards, "workers": 1})
            state = deployment.wait(run_id, timeout=3600)
            wall = time.monotonic() - started
            instances = deployment.task_instances(run_id)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    shards_run = [ti for ti in instances if ti["task_id"] == "extract_shard"]
    return {
        "n": n, "celery_workers": celery_workers, "shards": shards, "cpus": os.cpu_count(), "state": state,
        "trigger_to_success_s": round(wall, 1),
        # first shard's start to last shard's end: what the workers share
        "extraction_s": round(_seconds(min(ti["start_date"] for ti in shards_run),
                                       max(ti["end_date"] for ti in shards_run)), 1),
        "writer_tasks_s": round(sum(_seconds(ti["start_date"], ti["end_date"]) for ti in instances
                                    if ti["pool"] == WRITER_POOL), 1),
        "tasks": len(instances),
        "queued_s": round(sum(_seconds(ti["queued_when"], ti["start_date"]) for ti in instances), 1),
    }


def _append(path: Path, row: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            check=False).stdout.strip()
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, CSV_COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({"when": datetime.now(UTC).isoformat(timespec="seconds"), "commit": commit, **row})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsfacts.bench.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="articles")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bench-dir", type=Path, default=Path("bench-data"), help="the corpus goes here")
    parser.add_argument("--results", type=Path, default=Path("bench-data/cluster.csv"), help="CSV to append to")
    parser.add_argument("--shards", type=int, default=2, help="extraction shards, whatever the workers")
    parser.add_argument("--celery-workers", type=int, nargs="+", default=[1, 2], help="deployments to measure")
    args = parser.parse_args(argv)
    paths = BenchPaths(args.bench_dir.resolve(), args.n)
    prepare_corpus(paths, args.seed)
    for count in args.celery_workers:
        row = measure(paths.corpus / "input", args.n, count, args.shards)
        _append(args.results, row)
        print(f"{args.n:,} articles, {count} Celery worker(s), {args.shards} shards: {row['state']} in "
              f"{row['trigger_to_success_s']} s from trigger (extraction {row['extraction_s']} s, writer tasks "
              f"{row['writer_tasks_s']} s, {row['tasks']} tasks queued {row['queued_s']} s in all)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
