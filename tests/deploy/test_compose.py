"""docker-compose.yaml: no Docker engine runs here, so what can be checked without one is: the file parses, and
its services and commands are those `make cluster` runs (newsfacts.deploy.launcher)."""

from __future__ import annotations

import shlex

import pytest
import yaml
from newsfacts.deploy.launcher import INIT_COMMANDS, WORKER_NAMES, components

from tests.conftest import REPO


@pytest.fixture(scope="module")
def services() -> dict[str, dict]:
    return yaml.safe_load((REPO / "docker-compose.yaml").read_text(encoding="utf-8"))["services"]


def test_every_component_of_make_cluster_is_a_service_with_the_same_command(services: dict[str, dict]) -> None:
    airflow_services = {f"airflow-{c.name}": list(c.command) for c in components(celery=True)}
    assert {name: services[name]["command"] for name in airflow_services if name in services} == airflow_services
    assert set(services) == {*airflow_services, "airflow-init", "postgres", "redis"}


def test_workers_are_their_own_hosts_and_every_airflow_service_runs_celery_on_the_project(
        services: dict[str, dict]) -> None:
    assert [services[f"airflow-{name}"]["hostname"] for name in WORKER_NAMES] == list(WORKER_NAMES)
    for name, service in services.items():
        if name.startswith("airflow-"):
            assert service["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
            assert {".:/opt/newsfacts", "./data:/data"} <= set(service["volumes"]), name


def test_init_migrates_and_creates_the_writer_pool_as_make_cluster_does(services: dict[str, dict]) -> None:
    script = services["airflow-init"]["command"][-1]
    for command in INIT_COMMANDS:
        assert shlex.join(["airflow", *command]) in script.splitlines(), command


def test_no_default_password_and_the_ui_on_loopback_only(services: dict[str, dict]) -> None:
    text = (REPO / "docker-compose.yaml").read_text(encoding="utf-8")
    for secret in ("POSTGRES_PASSWORD", "REDIS_PASSWORD", "AIRFLOW_JWT_SECRET"):
        assert f"${{{secret}:?" in text, secret  # compose refuses to start without it
    published = [port for service in services.values() for port in service.get("ports", [])]
    assert published == ["127.0.0.1:8080:8080"]
