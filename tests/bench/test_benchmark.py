"""`make bench`: the real stages, each in its own process, on a small generated corpus; and its results file."""

from __future__ import annotations

import csv
from pathlib import Path

from newsfacts.bench.run import CSV_COLUMNS, RUNS, _upgrade_csv, run_benchmark

STAGES = ("land", "check", "dbt", "validate", "publish")


def test_bench_runs_every_stage_and_records_it(tmp_path: Path) -> None:
    results_csv = tmp_path / "results.csv"
    results = run_benchmark(40, 7, tmp_path / "bench", results_csv, shards=1, workers=1)

    stages = {run: [r.stage for r in results if r.run == run] for run in RUNS}
    assert stages == {"full": list(STAGES), "incremental": list(STAGES), "nothing_new": ["land", "check"]}
    for result in results:
        if result.run in RUNS:
            assert 0 < result.start_exit_seconds < result.seconds, result  # a process, and work inside it
    full_land, incremental_land = (next(r for r in results if r.run == run and r.stage == "land")
                                   for run in ("full", "incremental"))
    assert "articles_added=40 " in full_land.detail and "articles_added=1 " in incremental_land.detail
    full_dbt = next(r for r in results if r.run == "full" and r.stage == "dbt")
    assert 0 < float(full_dbt.detail.removeprefix("events_s=")) < full_dbt.seconds  # the events' own dbt time
    f1 = next(r for r in results if r.run == "accuracy").detail
    assert float(f1.removeprefix("f1=")) >= 0.95  # the generated facts are found (the floor)
    assert (tmp_path / "bench" / "bench-40" / "warehouse" / "marts.duckdb").is_file()

    with results_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS and len(rows) == len(results)
    assert {row["commit"] for row in rows} and all(row["start_exit_seconds"] for row in rows)


def test_results_written_by_an_older_benchmark_get_the_new_columns_and_keep_their_rows(tmp_path: Path) -> None:
    results_csv = tmp_path / "results.csv"
    older = [column for column in CSV_COLUMNS if column != "start_exit_seconds"]
    with results_csv.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(older)
        writer.writerow([f"value-{column}" for column in older])

    _upgrade_csv(results_csv)

    with results_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS
    assert rows == [{column: "" if column == "start_exit_seconds" else f"value-{column}" for column in CSV_COLUMNS}]
