"""Helpers for the dbt tasks of the DAG (astronomer-cosmos runs dbt in the Airflow task's own process)."""

from __future__ import annotations


def release_warehouse(project_dir: str, **_: object) -> None:
    """Cosmos callback after each dbt command: close dbt-duckdb's handle on the warehouse file.

    dbt-duckdb keeps the DuckDB file open in the process after dbt returns. Under `airflow dags test` every
    task runs in that one process, so the next task to open the file (validate_marts) would be refused.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
