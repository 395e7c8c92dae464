"""A Redis server of the project's own as the Celery broker of `make cluster`.

Debian's redis-server, its data in AIRFLOW_HOME/redis, listening on 127.0.0.1 only (no Unix socket), with a
password generated the first time and kept in AIRFLOW_HOME/redis.password (0600). The password reaches the
server through its config file (0600 too), never a command line that `ps` shows.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from newsfacts.deploy.files import read_or_create_secret, write_private


class RedisUnavailable(RuntimeError):
    """redis-server is missing or cannot run here; the message says what to do."""


@dataclass(frozen=True)
class RedisServer:
    data_dir: Path
    password: str

    def url(self, port: int) -> str:
        """The broker URL Airflow's AIRFLOW__CELERY__BROKER_URL takes."""
        return f"redis://:{quote(self.password, safe='')}@127.0.0.1:{port}/0"


def prepare(home: Path) -> RedisServer:
    """The server of this AIRFLOW_HOME: its folder, and its password made the first time."""
    data = home / "redis"
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    return RedisServer(data, read_or_create_secret(home / "redis.password"))


def config(server: RedisServer, port: int) -> str:
    """redis.conf: loopback only, a password, an append-only file under the server's folder."""
    return "\n".join([
        "bind 127.0.0.1", f"port {port}", "protected-mode yes",
        f'requirepass "{server.password}"', f'dir "{server.data_dir}"', f'pidfile "{server.data_dir / "redis.pid"}"',
        "appendonly yes", 'save ""', "daemonize no", "",
    ])


def start(server: RedisServer, port: int, timeout: float = 30) -> subprocess.Popen[bytes]:
    """The server in the foreground (a child to stop with the others), once it answers with its password."""
    import redis

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not Path(binary).exists():
        raise RedisUnavailable("redis-server is not installed: as root, `make cluster` installs Debian's "
                               "redis-server; otherwise install it (redis-server on PATH)")
    _stop_left_over(server)
    conf = server.data_dir / "redis.conf"
    write_private(conf, config(server, port))
    log = (server.data_dir.parent / "redis.log").open("ab")
    process = subprocess.Popen([binary, str(conf)], stdout=log, stderr=subprocess.STDOUT)
    client = redis.Redis(host="127.0.0.1", port=port, password=server.password, socket_connect_timeout=2)
    deadline = time.monotonic() + timeout
    while True:
        try:
            client.ping()
            return process
        except redis.ConnectionError as error:
            if process.poll() is not None or time.monotonic() > deadline:
                stop(process)
                raise RedisUnavailable(f"Redis did not start on 127.0.0.1:{port} "
                                       f"(see {server.data_dir.parent / 'redis.log'}): {error}") from error
            time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM (Redis syncs its append-only file and exits), then a kill if it hangs."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _stop_left_over(server: RedisServer, timeout: float = 30) -> None:
    """A server a killed `make cluster` left running on this folder (its pid file names it)."""
    pid_file = server.data_dir / "redis.pid"
    try:
        os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return
    deadline = time.monotonic() + timeout
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
