"""newsfacts: diplomatic news articles in, validated facts out (see README.md)."""

__version__ = "0.1.0"

# The Airflow pool (one slot) of the DAG's tasks that write the warehouse DuckDB file: one writer at a time.
WRITER_POOL = "newsfacts_duckdb_writer"
