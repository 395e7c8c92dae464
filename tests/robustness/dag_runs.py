"""Helpers to start the real DAG as a process, watch which stage it is in, and kill it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from tests.conftest import REPO, dag_env


def start_dag(input_dir: Path, warehouse_dir: Path, log: Path) -> subprocess.Popen[bytes]:
    """`airflow dags test` in its own process group (so that one killpg reaches dbt and every other child)."""
    conf = json.dumps({"input_dir": str(input_dir), "warehouse_dir": str(warehouse_dir)})
    airflow = Path(sys.executable).with_name("airflow")
    with log.open("wb") as out:
        return subprocess.Popen([str(airflow), "dags", "test", "newsfacts_daily", "-c", conf], env=dag_env(),
                                cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def started_tasks(log: Path) -> list[str]:
    """The task ids the run has started, in order, from `airflow dags test`'s own log lines."""
    return _task_ids(log, "[DAG TEST] starting task_id=")


def _task_ids(log: Path, marker: str) -> list[str]:
    return [line.split(marker, 1)[1].split()[0] for line in log.read_text(errors="replace").splitlines()
            if marker in line]


FileId = tuple[int, int]  # (st_dev, st_ino): how /proc/locks names a file


def file_id(path: Path) -> FileId:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def lock_holders(*, writers_only: bool = False) -> dict[FileId, set[int]]:
    """File -> pids holding a lock on it (flock or POSIX, as pipeline.warehouse_lock and DuckDB take them)."""
    holders: dict[FileId, set[int]] = {}
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if fields[1] == "->" or (writers_only and fields[3] != "WRITE"):  # "->": waiting, not holding
            continue
        major, minor, inode = fields[5].split(":")
        holders.setdefault((os.makedev(int(major, 16), int(minor, 16)), int(inode)), set()).add(int(fields[4]))
    return holders


def write_locked(paths: list[Path]) -> list[Path]:
    """Those of `paths` some process holds a write lock on."""
    held = lock_holders(writers_only=True)
    return [path for path in paths if path.exists() and file_id(path) in held]


def raw_article_count(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse / "warehouse.duckdb"), read_only=True) as con:
        return con.execute("select count(*) from raw.articles").fetchone()[0]


def kill_group(run: subprocess.Popen[bytes]) -> None:
    """SIGKILL the run's whole process group and wait until no process of it is left."""
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    deadline = time.monotonic() + 30
    while True:
        try:
            os.killpg(run.pid, 0)
        except ProcessLookupError:
            return
        assert time.monotonic() < deadline, "processes of the killed run are still alive"
        time.sleep(0.05)
