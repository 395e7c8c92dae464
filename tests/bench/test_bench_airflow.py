"""`make bench-airflow`: what it reads from Airflow and writes to the results file; then a small run of it all."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from newsfacts.bench.airflow import (
    SCENARIOS,
    RunTiming,
    csv_rows,
    medians,
    parse_ui_line,
    published_after,
    run_airflow_benchmark,
    summarize_task_instances,
)
from newsfacts.bench.run import CSV_COLUMNS, _append_csv


def test_the_ui_line_gives_port_user_and_password() -> None:
    printed = ("\nAirflow UI: http://127.0.0.1:43121/  user: admin  password: Zx-9_q\n(metadata: Postgres on "
               "127.0.0.1:5999; the UI answers once the API server has started; Ctrl-C stops everything)\n")
    assert parse_ui_line(printed) == (43121, "admin", "Zx-9_q")
    assert parse_ui_line("Airflow UI: starting") is None


def test_task_time_counts_each_task_instance_that_ran() -> None:
    task_instances = [
        {"task_id": "plan_run", "map_index": -1, "state": "success", "start_date": "t", "duration": 1.5},
        {"task_id": "extract_shard", "map_index": 0, "state": "success", "start_date": "t", "duration": 4.0},
        {"task_id": "extract_shard", "map_index": 1, "state": "success", "start_date": "t", "duration": 3.0},
        {"task_id": "build_marts.dbt_producer_watcher", "map_index": -1, "state": "skipped", "start_date": None,
         "duration": None},
        {"task_id": "publish_marts", "map_index": -1, "state": "skipped", "start_date": "t", "duration": 0.1},
    ]
    assert summarize_task_instances(task_instances) == (8.5, 3, "extract_shard (4.0 s)")
    assert summarize_task_instances([]) == (0.0, 0, "")


def test_published_is_the_end_of_publish_marts_after_the_trigger() -> None:
    task_instances = [{"task_id": "validate_marts", "state": "success", "end_date": "2026-12-07T12:00:20Z"},
                      {"task_id": "publish_marts", "state": "success", "end_date": "2026-12-07T12:00:31.5Z"}]
    assert published_after("2026-12-07T12:00:00Z", task_instances) == 31.5
    assert published_after("2026-12-07T12:00:00Z", task_instances[:1]) == 0.0  # nothing to publish


def test_medians_and_the_orchestration_ratio() -> None:
    timings = [RunTiming("samples", 3, wall, wall - 5, wall / 2, 36, "x (1.0 s)", 5.0) for wall in (30.0, 10.0, 20.0)]
    timings.append(RunTiming("nothing_new", 0, 4.0, 0.0, 2.0, 5, "x (1.0 s)", 0.0))
    by_scenario = medians(timings)
    assert by_scenario["samples"] == {"runs": 3, "wall_seconds": 20.0, "published_seconds": 15.0,
                                      "task_seconds": 10.0, "stage_seconds": 5.0, "overhead_ratio": 4.0}
    assert by_scenario["nothing_new"]["overhead_ratio"] == 0.0  # no stage time to compare with: no ratio


def test_runs_go_to_the_bench_results_file_beside_make_bench(tmp_path: Path) -> None:
    results_csv = tmp_path / "results.csv"
    timing = RunTiming("incremental", 200, 41.2, 33.0, 30.5, 36, "build_marts.dbt_producer_watcher (12.0 s)", 12.3)
    _append_csv(results_csv, csv_rows(timing), 20000, 1, 0)
    with results_csv.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == CSV_COLUMNS
    assert [(row["run"], row["stage"], float(row["seconds"])) for row in rows] == [
        ("airflow_incremental", "trigger_to_success", 41.2), ("airflow_incremental", "stage_bench", 12.3)]
    assert "ratio=3.35" in rows[0]["detail"] and "task_sum_s=30.50" in rows[0]["detail"]
    assert "published_s=33.00" in rows[0]["detail"]


@pytest.mark.e2e
def test_a_small_bench_under_the_real_scheduler(tmp_path: Path) -> None:
    results_csv = tmp_path / "results.csv"
    timings = run_airflow_benchmark(20, 7, tmp_path / "bench", results_csv, repeat=1, timeout=900)

    assert [t.scenario for t in timings] == list(SCENARIOS)
    by_scenario = {t.scenario: t for t in timings}
    for timing in timings:
        assert timing.task_seconds > 0 and timing.stage_seconds > 0, timing
        assert (0 < timing.published_seconds < timing.wall_seconds) == (timing.scenario != "nothing_new"), timing
        assert timing.wall_seconds > timing.stage_seconds / 10, timing  # the same work, roughly
    # the whole DAG ran for the samples: every model's task, the one dbt build and the one dbt test
    assert by_scenario["samples"].tasks > 30
    assert by_scenario["nothing_new"].tasks < 8  # check_for_changes skipped the rest
    with results_csv.open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 2 * len(SCENARIOS)
