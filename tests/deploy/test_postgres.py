"""The Postgres server `make airflow` keeps under AIRFLOW_HOME: made once, on 127.0.0.1, a generated password."""

from __future__ import annotations

import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psutil
import psycopg2
import pytest
from newsfacts.deploy import postgres
from newsfacts.deploy.launcher import free_port


@pytest.fixture
def home() -> Iterator[Path]:
    # As root the server runs as the postgres user, which must reach the folder (pytest's tmp_path is 0700).
    folder = Path(tempfile.mkdtemp(prefix="newsfacts-postgres-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_made_once_with_a_private_generated_password(home: Path) -> None:
    server = postgres.prepare(home)
    secret = home / "postgres.password"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text() == server.password
    assert len(server.password) >= 24 and not (home / "postgres.initdb-password").exists()
    assert postgres.prepare(home) == server  # the second start reuses folder and password


def test_listens_on_localhost_with_its_password_only_and_survives_a_killed_run(home: Path) -> None:
    server = postgres.prepare(home)
    port = free_port()
    process = postgres.start(server, port)
    try:
        addresses = {c.laddr.ip for c in psutil.Process(process.pid).net_connections(kind="inet")
                     if c.status == psutil.CONN_LISTEN}
        assert addresses == {"127.0.0.1"}
        psycopg2.connect(host="127.0.0.1", port=port, user="airflow", password=server.password,
                         dbname="airflow").close()
        with pytest.raises(psycopg2.OperationalError):
            psycopg2.connect(host="127.0.0.1", port=port, user="airflow", password="airflow", dbname="airflow")
        # A run killed without stopping its server: the next start stops the one left over and starts anew.
        again = postgres.start(server, free_port())
        assert process.wait(timeout=30) == 0
        postgres.stop(again)
        assert again.returncode == 0
    finally:
        postgres.stop(process)
