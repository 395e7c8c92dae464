"""`make bench-airflow`: the DAG under the real scheduler, timed from trigger to success.

`newsfacts airflow-ui` (what `make airflow` runs: api-server, scheduler and DAG processor under the
LocalExecutor, on a Postgres metadata DB of its own) runs as a subprocess with an AIRFLOW_HOME of its own; runs
are triggered through Airflow's REST API (v2, a JWT from /auth/token): the sample articles, a full run of N
generated articles, +1 % new ones, then nothing new. Each is reported with its wall time from the trigger to
the run's success and to the end of publish_marts (when readers see the new marts), the sum of its task
instances' durations, and beside it the stage bench's time for the same work (newsfacts.bench.run, the stages in
their own processes, no orchestrator, on a warehouse of its own): their ratio is what orchestration costs. Each
scenario runs REPEAT times (fresh warehouses each time); the medians are printed and every run is appended to
the results CSV that `make bench` writes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newsfacts.bench.run import BenchPaths, StageResult, _append_csv, _link_tree, prepare_corpus, stage_results

DAG_ID = "newsfacts_daily"
SCENARIOS = ("samples", "full", "incremental", "nothing_new")
UI_LINE = re.compile(r"Airflow UI: http://127\.0\.0\.1:(\d+)/  user: (\S+)  password: (\S+)")
PROJECT_DIR = Path(__file__).resolve().parents[3]
SAMPLES = PROJECT_DIR / "include" / "sample_articles"


@dataclass(frozen=True)
class RunTiming:
    scenario: str
    articles: int  # new articles the run had to process
    wall_seconds: float  # from the trigger's request to the run's success, as the API reports it
    published_seconds: float  # from the trigger to the end of publish_marts (0 when nothing was published)
    task_seconds: float  # the sum of the task instances' durations
    tasks: int  # task instances that ran (mapped ones counted one by one; skipped ones are not)
    slowest: str  # the task that took longest, with its seconds
    stage_seconds: float  # the stage bench on the same work

    @property
    def overhead_ratio(self) -> float:
        """Wall time under the scheduler over the stages' own time for the same work."""
        return self.wall_seconds / self.stage_seconds if self.stage_seconds else 0.0


def parse_ui_line(output: str) -> tuple[int, str, str] | None:
    """(port, user, password) from the line `newsfacts airflow-ui` prints once its components are started."""
    found = UI_LINE.search(output)
    return (int(found.group(1)), found.group(2), found.group(3)) if found else None


def _seconds_between(start: str | None, end: str | None) -> float:
    if not start or not end:
        return 0.0
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def published_after(queued_at: str, task_instances: list[dict]) -> float:
    """Seconds from the trigger to the end of publish_marts: when BI tools see the new marts; 0 if it did not run."""
    ends = [ti.get("end_date") for ti in task_instances if ti["task_id"] == "publish_marts" and ti.get("state") ==
            "success"]
    return _seconds_between(queued_at, ends[0]) if ends else 0.0


def summarize_task_instances(task_instances: list[dict]) -> tuple[float, int, str]:
    """(sum of durations, task instances that ran, the slowest `task_id (s)`) from the API's task instances."""
    ran = [ti for ti in task_instances if ti.get("state") not in ("skipped", "removed", None)
           and ti.get("start_date")]
    durations = {(ti["task_id"], ti.get("map_index", -1)): float(ti.get("duration") or 0.0) for ti in ran}
    if not durations:
        return 0.0, 0, ""
    (task_id, _), longest = max(durations.items(), key=lambda item: item[1])
    return sum(durations.values()), len(durations), f"{task_id} ({longest:.1f} s)"


def medians(timings: list[RunTiming]) -> dict[str, dict[str, float]]:
    """Per scenario: the median wall time, task time, stage time and ratio of its runs."""
    result = {}
    for scenario in dict.fromkeys(t.scenario for t in timings):
        runs = [t for t in timings if t.scenario == scenario]
        result[scenario] = {
            "runs": len(runs),
            "wall_seconds": statistics.median(t.wall_seconds for t in runs),
            "published_seconds": statistics.median(t.published_seconds for t in runs),
            "task_seconds": statistics.median(t.task_seconds for t in runs),
            "stage_seconds": statistics.median(t.stage_seconds for t in runs),
            "overhead_ratio": statistics.median(t.overhead_ratio for t in runs),
        }
    return result


def csv_rows(timing: RunTiming) -> list[StageResult]:
    """A run as rows of the bench results CSV: the scheduler's wall time and the stage bench's beside it."""
    run = f"airflow_{timing.scenario}"
    detail = (f"published_s={timing.published_seconds:.2f} tasks={timing.tasks} task_sum_s={timing.task_seconds:.2f} "
              f"stage_bench_s={timing.stage_seconds:.2f} ratio={timing.overhead_ratio:.2f} "
              f"slowest={timing.slowest.replace(' ', '')}")
    return [StageResult(run, "trigger_to_success", timing.wall_seconds, timing.articles, 0.0, detail),
            StageResult(run, "stage_bench", timing.stage_seconds, timing.articles, 0.0)]


class AirflowApi:
    """The few calls of Airflow 3's REST API (v2) the bench needs, with a JWT from /auth/token."""

    def __init__(self, port: int, user: str, password: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.user, self.password = user, password
        self.token = ""

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": f"Bearer {self.token}"} if self.token else {})})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def login(self, timeout: float) -> None:
        """Wait for the API server, then take a token."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.token = self._call("POST", "/auth/token", {"username": self.user,
                                                                "password": self.password})["access_token"]
                return
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)

    def wait_for_dag(self, timeout: float) -> None:
        """Until the DAG processor has parsed the DAG; then unpause it (its schedule is off, see _airflow)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._call("GET", f"/api/v2/dags/{DAG_ID}")
                break
            except urllib.error.HTTPError as error:
                if error.code != 404 or time.monotonic() > deadline:
                    raise
                time.sleep(1)
        self._call("PATCH", f"/api/v2/dags/{DAG_ID}", {"is_paused": False})

    def trigger(self, conf: dict) -> str:
        return self._call("POST", f"/api/v2/dags/{DAG_ID}/dagRuns", {"logical_date": None, "conf": conf})["dag_run_id"]

    def wait_for_run(self, run_id: str, timeout: float) -> dict:
        """The run once it has ended; raises unless it succeeded."""
        deadline = time.monotonic() + timeout
        while (run := self._call("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}"))["state"] not in ("success",
                                                                                                    "failed"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"run {run_id} still {run['state']} after {timeout:.0f} s")
            time.sleep(0.5)
        if run["state"] != "success":
            failed = [ti["task_id"] for ti in self.task_instances(run_id)
                      if ti["state"] in ("failed", "upstream_failed")]
            raise RuntimeError(f"run {run_id} failed: {failed}")
        return run

    def task_instances(self, run_id: str) -> list[dict]:
        return self._call("GET", f"/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"]


@contextmanager
def _airflow(home: Path, log_path: Path, timeout: float = 300) -> Iterator[AirflowApi]:
    """`newsfacts airflow-ui` in a subprocess, with the schedule off (only triggered runs), until SIGTERM."""
    env = os.environ | {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAG_DISCOVERY_SAFE_MODE": "False",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # the @daily schedule would add runs of its own
    }
    newsfacts = Path(sys.executable).with_name("newsfacts")
    with log_path.open("w") as log:
        main = subprocess.Popen([str(newsfacts), "airflow-ui"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while (ui := parse_ui_line(log_path.read_text(errors="replace"))) is None:
            if main.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"newsfacts airflow-ui did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(1)
        api = AirflowApi(*ui)
        api.login(timeout)
        api.wait_for_dag(timeout)
        yield api
    finally:
        main.send_signal(signal.SIGTERM)
        try:
            main.wait(timeout=120)
        except subprocess.TimeoutExpired:
            main.kill()


def _timed_run(api: AirflowApi, scenario: str, articles: int, input_dir: Path, warehouse: Path,
               stage_warehouse: Path, timeout: float) -> RunTiming:
    """One triggered run, then the stage bench on the same input in its own warehouse."""
    started = time.perf_counter()
    run_id = api.trigger({"input_dir": str(input_dir), "warehouse_dir": str(warehouse)})
    run = api.wait_for_run(run_id, timeout)
    polled = time.perf_counter() - started
    task_instances = api.task_instances(run_id)
    task_seconds, tasks, slowest = summarize_task_instances(task_instances)
    # the API's own times when it has them (queued at the trigger, ended at success), else what polling saw
    wall = _seconds_between(run.get("queued_at"), run.get("end_date")) or polled
    published = published_after(run.get("queued_at"), task_instances)
    stage = sum(r.seconds for r in stage_results(f"stage-{scenario}", articles, stage_warehouse, input_dir))
    return RunTiming(scenario, articles, wall, published, task_seconds, tasks, slowest, stage)


def run_airflow_benchmark(n: int, seed: int, bench_dir: Path, results_csv: Path, repeat: int = 3,
                          timeout: float = 1800) -> list[RunTiming]:
    paths = BenchPaths(bench_dir, n)
    added = prepare_corpus(paths, seed)
    root = bench_dir / f"bench-airflow-{n}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    # The Postgres server runs as its own user when the bench runs as root: its folder must be reachable.
    home = Path(tempfile.mkdtemp(prefix="newsfacts-bench-airflow-"))
    home.chmod(0o755)
    timings: list[RunTiming] = []
    try:
        with _airflow(home, root / "airflow-ui.log") as api:
            for attempt in range(1, repeat + 1):
                runs = root / str(attempt)
                input_dir = runs / "input"
                _link_tree(paths.corpus / "input", input_dir)
                planned = [("samples", 3, SAMPLES, "samples"), ("full", n, input_dir, "corpus"),
                           ("incremental", added, input_dir, "corpus"), ("nothing_new", 0, input_dir, "corpus")]
                for scenario, articles, source, warehouse in planned:
                    if scenario == "incremental":
                        _link_tree(paths.increment / "input", input_dir)
                    timing = _timed_run(api, scenario, articles, source, runs / warehouse / "airflow",
                                        runs / warehouse / "stages", timeout)
                    print(_line(timing), flush=True)
                    timings.append(timing)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(_summary(medians(timings)))
    _append_csv(results_csv, [row for timing in timings for row in csv_rows(timing)], n, 1, 0)
    return timings


def _line(timing: RunTiming) -> str:
    return (f"{timing.scenario:<12} {timing.articles:>7} articles  trigger→success {timing.wall_seconds:7.1f} s  "
            f"(published after {timing.published_seconds:6.1f} s)  tasks {timing.tasks:>3} "
            f"({timing.task_seconds:6.1f} s summed, slowest {timing.slowest})  "
            f"stage bench {timing.stage_seconds:6.1f} s  ratio {timing.overhead_ratio:5.2f}")


def _summary(by_scenario: dict[str, dict[str, float]]) -> str:
    lines = ["", "medians (trigger→success, trigger→published, task time summed, stage bench, ratio):"]
    lines += [f"  {scenario:<12} {m['wall_seconds']:7.1f} s  {m['published_seconds']:7.1f} s  "
              f"{m['task_seconds']:7.1f} s  {m['stage_seconds']:7.1f} s  "
              f"{m['overhead_ratio']:5.2f}  ({m['runs']} runs)" for scenario, m in by_scenario.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m newsfacts.bench.airflow --n N` (what `make bench-airflow` runs)."""
    parser = argparse.ArgumentParser(prog="python -m newsfacts.bench.airflow", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, required=True, help="articles in the full run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="times each scenario runs (medians are reported)")
    parser.add_argument("--bench-dir", type=Path, default=Path("bench-data"), help="corpus and warehouses go here")
    parser.add_argument("--results", type=Path, default=Path("bench-data/results.csv"), help="CSV to append to")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")
    run_airflow_benchmark(args.n, args.seed, args.bench_dir.resolve(), args.results, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
