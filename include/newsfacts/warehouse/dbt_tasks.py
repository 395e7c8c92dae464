"""Helpers for the dbt tasks of the DAG (astronomer-cosmos runs dbt in the Airflow task's own process)."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Any

# The warehouse locks (newsfacts.warehouse.pipeline.warehouse_lock) this process holds for a dbt task, by warehouse folder.
_HELD: dict[Path, ExitStack] = {}


def _warehouse_dir(context: Any) -> Path:
    """The warehouse folder, from the task's rendered environment (NEWSFACTS_WAREHOUSE_DB, see the DAG)."""
    return Path(context["task"].env["NEWSFACTS_WAREHOUSE_DB"]).parent


def take_warehouse_lock(context: Any) -> None:
    """Before a dbt task: wait for WAREHOUSE/.lock, as every other step that writes the warehouse does, so that
    dbt never writes while another run lands, validates or publishes (DuckDB would also refuse a second writer,
    but only on the working file, and by failing rather than waiting)."""
    from newsfacts.warehouse.pipeline import warehouse_lock  # imports duckdb: not at DAG parse time
    from newsfacts.warehouse.publishing import WarehousePaths

    warehouse_dir = _warehouse_dir(context)
    if warehouse_dir not in _HELD:
        held = ExitStack()
        held.enter_context(warehouse_lock(WarehousePaths(warehouse_dir)))
        _HELD[warehouse_dir] = held


def release_warehouse_lock(context: Any, result: Any = None) -> None:
    """After a dbt task, whether it succeeded, failed or will retry: let the other steps write again."""
    held = _HELD.pop(_warehouse_dir(context), None)
    if held is not None:
        held.close()


def release_warehouse(project_dir: str, **_: object) -> None:
    """Cosmos callback after each dbt command: close dbt-duckdb's handle on the warehouse file.

    dbt-duckdb keeps the DuckDB file open in the process after dbt returns. Under `airflow dags test` every
    task runs in that one process, so the next task to open the file (validate_marts) would be refused.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
