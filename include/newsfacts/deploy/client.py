"""A deployment of `newsfacts cluster` (or `airflow-ui`) driven through Airflow 3's REST API (v2, a JWT from
/auth/token): started in a folder of its own, the DAG triggered and followed, then stopped. Used by the cluster
tests and `make bench-cluster`."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfacts.deploy.launcher import AIRFLOW_USER

DAG = "newsfacts_daily"
UI_LINE = re.compile(r"Airflow UI: http://127\.0\.0\.1:(\d+)/  user: admin  password: (\S+)")


@dataclass
class Deployment:
    process: subprocess.Popen[bytes]
    port: int
    token: str

    def call(self, method: str, path: str, body: dict | None = None) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def trigger(self, conf: dict) -> str:
        """A run of the DAG with these params, now; its run id."""
        return self.call("POST", f"/api/v2/dags/{DAG}/dagRuns", {"logical_date": None, "conf": conf})["dag_run_id"]

    def wait(self, run_id: str, timeout: float = 1800) -> str:
        """The run's final state, success or failed."""
        deadline = time.monotonic() + timeout
        while (state := self.call("GET", f"/api/v2/dags/{DAG}/dagRuns/{run_id}")["state"]) not in ("success",
                                                                                                    "failed"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"run {run_id} still {state} after {timeout} s")
            time.sleep(2)
        return state

    def task_instances(self, run_id: str) -> list[dict]:
        return self.call("GET", f"/api/v2/dags/{DAG}/dagRuns/{run_id}/taskInstances?limit=100")["task_instances"]

    def tries(self, run_id: str, task_id: str, map_index: int) -> list[dict]:
        """Every try of one task instance, with the host that ran it."""
        return self.call("GET", f"/api/v2/dags/{DAG}/dagRuns/{run_id}/taskInstances/{task_id}/{map_index}/tries"
                         )["task_instances"]


def login(port: int, password: str) -> str:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/auth/token", method="POST",
                                     data=json.dumps({"username": AIRFLOW_USER, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["access_token"]


@contextlib.contextmanager
def running(home: Path, env: Mapping[str, str], args: tuple[str, ...] = ("cluster",),
            timeout: float = 300) -> Iterator[Deployment]:
    """`newsfacts <args>` with AIRFLOW_HOME=home (readable by the postgres user when run as root), once the API
    takes the login and the DAG is parsed and unpaused; SIGTERM at the end stops all it started."""
    import psutil

    log_path = home / "deployment.log"
    with log_path.open("w") as log:
        main = subprocess.Popen([str(Path(sys.executable).with_name("newsfacts")), *args],
                                env={**env, "AIRFLOW_HOME": str(home)}, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if main.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"newsfacts {' '.join(args)} did not come up:\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):  # the UI line, then the API server, then the DAG parsed
                if line := UI_LINE.search(log_path.read_text()):
                    deployment = Deployment(main, int(line.group(1)), login(int(line.group(1)), line.group(2)))
                    deployment.call("PATCH", f"/api/v2/dags/{DAG}", {"is_paused": False})
                    break
            time.sleep(2)
        yield deployment
    finally:
        family: list[psutil.Process] = []
        with contextlib.suppress(psutil.NoSuchProcess):
            family = [psutil.Process(main.pid), *psutil.Process(main.pid).children(recursive=True)]
        main.terminate()
        main.wait(timeout=180)
        _, alive = psutil.wait_procs(family, timeout=60)
        for process in alive:
            process.kill()
        if alive:
            raise RuntimeError(f"left running after SIGTERM: {[p.cmdline() for p in alive]}")
