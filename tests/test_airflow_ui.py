"""`make airflow`: Airflow on 127.0.0.1 only, with an admin password generated at each start, never a default.

The settings are checked as data, then a real `airflow api-server` runs with them just long enough to see
where it listens and which password it accepts; it is stopped before the test ends.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest
from newsfacts import WRITER_POOL
from newsfacts.deploy.launcher import AIRFLOW_USER, components, free_port, local_airflow_env

from tests.conftest import REPO


def test_settings_bind_localhost_with_a_fresh_password(tmp_path: Path) -> None:
    env, password = local_airflow_env(tmp_path, 18080)
    assert env["AIRFLOW__API__HOST"] == "127.0.0.1"
    assert env["AIRFLOW__API__BASE_URL"] == "http://127.0.0.1:18080"
    assert env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS"] == "False"  # a login is required
    passwords = Path(env["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"])
    assert passwords.parent == tmp_path
    assert json.loads(passwords.read_text()) == {AIRFLOW_USER: password}
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600  # readable by its owner only
    assert len(password) >= 20 and password not in {"admin", "airflow", "password"}
    _, second = local_airflow_env(tmp_path, 18080)
    assert second != password and json.loads(passwords.read_text()) == {AIRFLOW_USER: second}


def test_password_file_stays_out_of_git() -> None:
    default_file = REPO / ".airflow" / "simple_auth_manager_passwords.json.generated"
    checked = subprocess.run(["git", "check-ignore", "-q", str(default_file)], cwd=REPO, check=False)
    assert checked.returncode == 0, "the generated password file would be committable"


def test_no_component_serves_logs_on_all_interfaces() -> None:
    """Airflow's log servers bind every interface whatever the settings: the components must skip them."""
    for component in (*components(celery=False), *components(celery=True)):
        if component.command[0] in ("scheduler", "triggerer", "celery"):
            assert "--skip-serve-logs" in component.command, component


def _login(port: int, password: str) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/auth/token", method="POST",
                                     data=json.dumps({"username": AIRFLOW_USER, "password": password}).encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _listening_addresses(process: psutil.Process) -> set[str]:
    family = (process, *process.children(recursive=True))
    return {c.laddr.ip for p in family for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN}


@pytest.mark.e2e
def test_api_server_listens_on_localhost_only_and_takes_only_the_generated_password(tmp_path: Path) -> None:
    port = free_port()
    settings, password = local_airflow_env(tmp_path, port)
    airflow = Path(sys.executable).with_name("airflow")
    log = (tmp_path / "api-server.log").open("w")
    env = os.environ | {"AIRFLOW_HOME": os.environ.get("AIRFLOW_HOME", str(REPO / ".airflow"))} | settings
    server = subprocess.Popen([str(airflow), "api-server"], env=env, stdout=log,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while not _port_open(port):
            assert server.poll() is None, (tmp_path / "api-server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the API server did not open its port in 180 s"
            time.sleep(1)
        assert _listening_addresses(psutil.Process(server.pid)) == {"127.0.0.1"}
        assert _login(port, password) == 201
        assert _login(port, "admin") == 401
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=60)
        log.close()


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.e2e
def test_make_airflow_runs_on_its_own_postgres_and_sigterm_stops_everything() -> None:
    """`newsfacts airflow-ui` (what `make airflow` runs): the metadata DB is a Postgres of its own on 127.0.0.1,
    created with a generated password; SIGTERM stops every process it started, the database server included."""
    import contextlib
    import re
    import shutil
    import tempfile

    import psycopg2

    # The server runs as the postgres user when the tests run as root: its folder must be reachable.
    home = Path(tempfile.mkdtemp(prefix="newsfacts-airflow-"))
    home.chmod(0o755)
    newsfacts = Path(sys.executable).with_name("newsfacts")
    log_path = home / "airflow-ui.log"
    with log_path.open("w") as log:
        main = subprocess.Popen([str(newsfacts), "airflow-ui"], env=os.environ | {"AIRFLOW_HOME": str(home)},
                                stdout=log, stderr=subprocess.STDOUT)
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while not (line := re.search(r"Airflow UI: http://127\.0\.0\.1:(\d+)/  user: admin  password: (\S+)",
                                     log_path.read_text())):
            assert main.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline, "no UI line in 300 s"
            time.sleep(1)
        port, password = int(line.group(1)), line.group(2)
        family += [main_process := psutil.Process(main.pid), *psutil.Process(main.pid).children(recursive=True)]
        server = next(p for p in main_process.children() if Path(p.exe()).name == "postgres")
        database_port = next(c.laddr.port for c in server.net_connections(kind="inet") if c.status == "LISTEN")
        assert _listening_addresses(server) == {"127.0.0.1"}
        database_password = (home / "postgres.password").read_text()
        assert stat.S_IMODE((home / "postgres.password").stat().st_mode) == 0o600 and len(database_password) >= 24
        with psycopg2.connect(host="127.0.0.1", port=database_port, user="airflow", password=database_password,
                              dbname="airflow") as connection, connection.cursor() as cursor:
            cursor.execute("select count(*) from slot_pool where pool = %s", (WRITER_POOL,))
            assert cursor.fetchone() == (1,)  # Airflow's tables live here, with the DAG's writer pool
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(host="127.0.0.1", port=database_port, user="airflow", password="airflow",
                             dbname="airflow").close()
        while not _port_open(port):  # the UI line comes before the API server has started
            assert time.monotonic() < deadline, log_path.read_text()[-3000:]
            time.sleep(1)
        assert _login(port, password) == 201
        main.send_signal(15)
        main.wait(timeout=120)
        _, alive = psutil.wait_procs(family, timeout=60)
        assert not alive, [p.cmdline() for p in alive]
    finally:
        for process in family if main.poll() is None else []:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        shutil.rmtree(home, ignore_errors=True)
