"""The Redis broker `make cluster` keeps under AIRFLOW_HOME: on 127.0.0.1 only, with a generated password."""

from __future__ import annotations

import stat
from pathlib import Path

import psutil
import pytest
import redis as redis_client
from newsfacts.deploy import redis
from newsfacts.deploy.launcher import free_port


def test_made_once_with_a_private_generated_password(tmp_path: Path) -> None:
    server = redis.prepare(tmp_path)
    secret = tmp_path / "redis.password"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600 and secret.read_text() == server.password
    assert len(server.password) >= 24 and redis.prepare(tmp_path) == server
    assert server.url(6379) == f"redis://:{server.password}@127.0.0.1:6379/0"


def test_listens_on_localhost_with_its_password_only_and_survives_a_killed_run(tmp_path: Path) -> None:
    server = redis.prepare(tmp_path)
    port = free_port()
    process = redis.start(server, port)
    try:
        connections = psutil.Process(process.pid).net_connections(kind="all")
        assert {c.laddr.ip for c in connections if c.status == psutil.CONN_LISTEN} == {"127.0.0.1"}
        assert not [c for c in connections if c.family.name == "AF_UNIX"]  # no socket file for local users
        assert stat.S_IMODE((server.data_dir / "redis.conf").stat().st_mode) == 0o600
        assert server.password not in " ".join(psutil.Process(process.pid).cmdline())
        assert redis_client.Redis(port=port, password=server.password).ping()
        with pytest.raises(redis_client.AuthenticationError):
            redis_client.Redis(port=port).ping()
        # A run killed without stopping its broker: the next start stops the one left over and starts anew.
        again = redis.start(server, free_port())
        assert process.wait(timeout=30) == 0
        redis.stop(again)
        assert again.returncode == 0
    finally:
        redis.stop(process)
