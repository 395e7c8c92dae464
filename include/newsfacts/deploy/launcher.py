"""Airflow's components in the foreground on this machine: `make airflow` (LocalExecutor) and `make cluster`
(CeleryExecutor with a Redis broker and two workers), each on a Postgres metadata database of its own.

One launcher for both: the same settings, start and stop; the Celery deployment adds the broker and the
workers. The component commands here are also those of docker-compose.yaml (tests/deploy/test_compose.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from newsfacts import WRITER_POOL
from newsfacts.deploy.files import write_private

AIRFLOW_USER = "admin"


def worker_names(count: int) -> tuple[str, ...]:
    return tuple(f"newsfacts-worker-{i}" for i in range(1, count + 1))


# Two workers by default, as two machines sharing the input and warehouse folders would be.
WORKER_NAMES = worker_names(2)
# One task at a time per worker: a 2-core machine holds two single-slot workers.
WORKER_CONCURRENCY = 1
# Run before the components: the schema, and the pool the DAG's writers share (a task naming a missing pool is
# never scheduled).
INIT_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("db", "migrate"),
    ("pools", "set", WRITER_POOL, "1", "one writer at a time on the warehouse DuckDB files"),
)


@dataclass(frozen=True)
class Component:
    name: str
    command: tuple[str, ...]  # the arguments of `airflow`
    worker: bool = False


def components(celery: bool, workers: int = len(WORKER_NAMES)) -> tuple[Component, ...]:
    """Not `airflow standalone`: its scheduler, triggerer and Celery workers serve task logs on every interface
    (port 8793/8794, host hard-coded), so each runs with --skip-serve-logs and the API server reads the logs from
    the shared log folder. No triggerer: the DAG has no deferrable tasks."""
    core = (Component("api-server", ("api-server",)),
            Component("scheduler", ("scheduler", "--skip-serve-logs")),
            Component("dag-processor", ("dag-processor",)))
    if not celery:
        return core
    return core + tuple(
        Component(name, ("celery", "worker", "--celery-hostname", name, "--concurrency", str(WORKER_CONCURRENCY),
                         "--skip-serve-logs"), worker=True)
        for name in worker_names(workers))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_airflow_env(home: Path, port: int) -> tuple[dict[str, str], str]:
    """Settings for an Airflow UI on 127.0.0.1:port with one admin, whose password is generated now.

    The password goes to AIRFLOW_HOME (outside git, mode 0600), where the simple auth manager reads it.
    """
    password = secrets.token_urlsafe(18)
    passwords = home / "simple_auth_manager_passwords.json.generated"
    write_private(passwords, json.dumps({AIRFLOW_USER: password}))
    env = {
        "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{AIRFLOW_USER}:admin",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "False",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
        "AIRFLOW__API__WORKERS": "1",
    }
    return env, password


def celery_env(home: Path, broker_url: str) -> dict[str, str]:
    """The CeleryExecutor on this broker. The API server signs and checks the workers' tokens, the scheduler
    signs their workloads: one JWT secret for all, made at each start. Task logs go to AIRFLOW_HOME/logs, the
    folder the API server reads (a shared volume, or remote logging, on several machines)."""
    return {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": broker_url,
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(32),
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
    }


def worker_env(home: Path, name: str) -> dict[str, str]:
    """A worker as another machine would be: its own AIRFLOW_HOME and temp folder under AIRFLOW_HOME/workers/,
    and its own host name on the task instances it runs (worker_hostname)."""
    folder = home / "workers" / name
    (folder / "tmp").mkdir(parents=True, exist_ok=True)
    return {"AIRFLOW_HOME": str(folder), "TMPDIR": str(folder / "tmp"), "NEWSFACTS_WORKER_HOSTNAME": name,
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": "newsfacts.deploy.launcher.worker_hostname"}


def worker_hostname() -> str:
    """Airflow's [core] hostname_callable on the workers of `make cluster`: the name each was started with, so
    two workers on one machine tell apart in the task instances (elsewhere: the machine's name)."""
    return os.environ.get("NEWSFACTS_WORKER_HOSTNAME") or socket.getfqdn()


def _stop_all(processes: list[subprocess.Popen[bytes]], timeout: float = 60) -> None:
    """SIGTERM to each component, then a kill of whatever of it (its task processes included) outlives it."""
    import psutil

    family: list[psutil.Process] = []
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            family += [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
        if process.poll() is None:
            process.terminate()
    _, alive = psutil.wait_procs(family, timeout=timeout)
    for process in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.kill()
    for process in processes:
        process.wait()


def run(celery: bool, workers: int = len(WORKER_NAMES)) -> int:
    """Start the deployment, print the UI's address and login, and stop everything it started on Ctrl-C or
    SIGTERM, or when a core component exits (a worker that dies is reported; the others go on)."""
    from newsfacts.deploy import postgres, redis

    command = "make cluster" if celery else "make airflow"
    home = Path(os.environ["AIRFLOW_HOME"]).resolve()
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    settings, password = local_airflow_env(home, port)
    # SIGTERM (a service manager, `kill`) stops everything as Ctrl-C does: through the ExitStack below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    airflow = str(Path(sys.executable).with_name("airflow"))
    try:
        with contextlib.ExitStack() as started:
            try:
                database = postgres.prepare(home)
                database_port = free_port()
                started.callback(postgres.stop, postgres.start(database, database_port))
                env = os.environ | settings | {"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database.url(database_port)}
                where = f"metadata: Postgres on 127.0.0.1:{database_port}"
                if celery:
                    broker, broker_port = redis.prepare(home), free_port()
                    started.callback(redis.stop, redis.start(broker, broker_port))
                    env |= celery_env(home, broker.url(broker_port))
                    where += f"; broker: Redis on 127.0.0.1:{broker_port}; workers: {', '.join(worker_names(workers))}"
            except (postgres.PostgresUnavailable, redis.RedisUnavailable) as error:
                print(f"{command}: {error}", file=sys.stderr)
                return 1
            for init in INIT_COMMANDS:
                subprocess.run([airflow, *init], env=env, check=True, stdout=subprocess.DEVNULL)
            running = {c: subprocess.Popen([airflow, *c.command], env=env | (worker_env(home, c.name) if c.worker
                                                                             else {}))
                       for c in components(celery, workers)}
            started.callback(_stop_all, list(running.values()))
            print(f"\nAirflow UI: http://127.0.0.1:{port}/  user: {AIRFLOW_USER}  password: {password}"
                  f"\n({where}; the UI answers once the API server has started; Ctrl-C stops everything)\n",
                  flush=True)
            return _wait(running)
    except KeyboardInterrupt:
        return 0


def _wait(running: dict[Component, subprocess.Popen[bytes]]) -> int:
    """Until a core component exits (its code is returned); a worker's exit is reported and the others go on."""
    reported: set[Component] = set()
    while True:
        for component, process in running.items():
            if process.poll() is None or component in reported:
                continue
            if not component.worker:
                return process.returncode
            print(f"{component.name} exited with code {process.returncode}; the other workers go on", flush=True)
            reported.add(component)
        time.sleep(1)
