"""Helpers for the dbt tasks of the DAG (astronomer-cosmos runs dbt in the Airflow task's own process)."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import Any, TextIO

# WAREHOUSE/.lock handles this process holds for a dbt task, by lock file: each task takes it once.
_HELD: dict[Path, TextIO] = {}


def _lock_file(context: Any) -> Path:
    """The warehouse's lock file, from the task's rendered environment (NEWSFACTS_WAREHOUSE_DB, see the DAG)."""
    from newsfacts.publishing import WarehousePaths  # imports duckdb: not at DAG parse time

    return WarehousePaths(Path(context["task"].env["NEWSFACTS_WAREHOUSE_DB"]).parent).lock_file


def take_warehouse_lock(context: Any) -> None:
    """Before a dbt task: wait for WAREHOUSE/.lock, as every other step that writes the warehouse does, so that
    dbt never writes while another run lands, validates or publishes (DuckDB would also refuse a second writer,
    but only on the working file, and by failing rather than waiting)."""
    lock_file = _lock_file(context)
    if lock_file in _HELD:
        return
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    handle = lock_file.open("w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD[lock_file] = handle


def release_warehouse_lock(context: Any, result: Any = None) -> None:
    """After a dbt task, whether it succeeded, failed or will retry: let the other steps write again."""
    handle = _HELD.pop(_lock_file(context), None)
    if handle is not None:
        fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def release_warehouse(project_dir: str, **_: object) -> None:
    """Cosmos callback after each dbt command: close dbt-duckdb's handle on the warehouse file.

    dbt-duckdb keeps the DuckDB file open in the process after dbt returns. Under `airflow dags test` every
    task runs in that one process, so the next task to open the file (validate_marts) would be refused.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
