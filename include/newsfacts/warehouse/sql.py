"""SQL text that DuckDB cannot take as a bound parameter (file paths in ATTACH and COPY, comments)."""

from __future__ import annotations


def sql_string(value: str) -> str:
    """A single-quoted SQL string literal."""
    return "'" + value.replace("'", "''") + "'"
