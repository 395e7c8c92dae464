"""A Postgres server of the project's own for Airflow's metadata database, as `make airflow` runs it.

SQLite serves `airflow dags test` (one process, `make run`); a scheduler, an API server and a DAG processor
writing at once stall on it, so the long-running Airflow gets Postgres. The server's files live in
AIRFLOW_HOME/postgres, it listens on 127.0.0.1 only (its Unix socket inside its own folder), and its one
role has a password generated when the folder is created, kept in AIRFLOW_HOME/postgres.password (0600).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from newsfacts.deploy.files import read_or_create_secret, write_private

DATABASE = "airflow"
ROLE = "airflow"
# The server refuses to run as root; as root, it runs as the user Debian's postgresql package creates.
SERVER_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    """Postgres is missing or cannot run here; the message says what to do."""


@dataclass(frozen=True)
class PostgresServer:
    data_dir: Path
    password: str

    def url(self, port: int) -> str:
        """The SQLAlchemy URL Airflow's AIRFLOW__DATABASE__SQL_ALCHEMY_CONN takes."""
        return f"postgresql+psycopg2://{ROLE}:{quote(self.password, safe='')}@127.0.0.1:{port}/{DATABASE}"


def bin_dir() -> Path:
    """Where initdb and postgres are: on PATH, else Debian's /usr/lib/postgresql/<version>/bin."""
    if found := shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    raise PostgresUnavailable("PostgreSQL is not installed: as root, `make airflow` installs Debian's postgresql; "
                              "otherwise install it (initdb and postgres on PATH)")


def _server_user() -> dict[str, str]:
    return {"user": SERVER_USER, "group": SERVER_USER} if os.geteuid() == 0 else {}


def prepare(home: Path) -> PostgresServer:
    """The server of this AIRFLOW_HOME, its folder and role created the first time."""
    data, secret = home / "postgres", home / "postgres.password"
    if (data / "PG_VERSION").exists() and secret.exists():
        return PostgresServer(data, secret.read_text(encoding="utf-8").strip())
    shutil.rmtree(data, ignore_errors=True)  # a half-made folder of an interrupted first start
    data.mkdir(parents=True, mode=0o700)
    secret.unlink(missing_ok=True)
    password = read_or_create_secret(secret)
    password_file = home / "postgres.initdb-password"  # read by initdb, then removed
    write_private(password_file, password)
    if os.geteuid() == 0:
        shutil.chown(data, SERVER_USER, SERVER_USER)
        shutil.chown(password_file, SERVER_USER, SERVER_USER)
    initdb = subprocess.run([str(bin_dir() / "initdb"), "-D", str(data), "-U", ROLE, "--auth=scram-sha-256",
                             f"--pwfile={password_file}", "-E", "UTF8", "--no-instructions"],
                            capture_output=True, text=True, check=False, **_server_user())
    password_file.unlink(missing_ok=True)
    if initdb.returncode != 0:
        shutil.rmtree(data, ignore_errors=True)
        raise PostgresUnavailable(f"initdb failed in {data} (the {SERVER_USER} user must be able to reach it when "
                                  f"running as root):\n{initdb.stderr.strip()}")
    return PostgresServer(data, password)


def start(server: PostgresServer, port: int, timeout: float = 60) -> subprocess.Popen[bytes]:
    """The server in the foreground (a child to stop with the others), once it takes connections; the Airflow
    database is created the first time."""
    _stop_left_over(server)
    log = (server.data_dir.parent / "postgres.log").open("ab")
    process = subprocess.Popen([str(bin_dir() / "postgres"), "-D", str(server.data_dir), "-p", str(port),
                                "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={server.data_dir}"],
                               stdout=log, stderr=subprocess.STDOUT, **_server_user())
    deadline = time.monotonic() + timeout
    while True:
        try:
            _create_database(server, port)
            return process
        except _connection_errors() as error:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise PostgresUnavailable(f"Postgres did not start on 127.0.0.1:{port} "
                                          f"(see {server.data_dir.parent / 'postgres.log'}): {error}") from error
            time.sleep(0.3)


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """A fast shutdown (SIGINT: running transactions roll back), then a kill if it hangs."""
    if process.poll() is None:
        process.send_signal(2)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _stop_left_over(server: PostgresServer, timeout: float = 30) -> None:
    """A server a killed `make airflow` left running on this folder (its postmaster.pid names it): stopped, or
    the new one could not lock the folder."""
    pid_file = server.data_dir / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 2)  # fast shutdown
    except (FileNotFoundError, IndexError, ValueError, ProcessLookupError):
        return
    deadline = time.monotonic() + timeout
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)


def _connection_errors() -> tuple[type[Exception], ...]:
    import psycopg2

    return (psycopg2.OperationalError,)


def _create_database(server: PostgresServer, port: int) -> None:
    import psycopg2

    connection = psycopg2.connect(host="127.0.0.1", port=port, user=ROLE, password=server.password,
                                  dbname="postgres", connect_timeout=5)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("select 1 from pg_database where datname = %s", (DATABASE,))
            if cursor.fetchone() is None:
                cursor.execute(f'create database "{DATABASE}" owner "{ROLE}"')
    finally:
        connection.close()
